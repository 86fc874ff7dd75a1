"""Flask-Login wiring: how a logged-in user is found again on each request."""

from __future__ import annotations

from flask import Flask
from flask_login import UserMixin

from consult.auth.permissions import Action, can
from consult.database import get_session
from consult.extensions import login_manager
from consult.models import User


class LoggedInUser(UserMixin):
    """The session's view of a staff account (the model stays free of Flask)."""

    def __init__(self, user: User):
        self.id = str(user.id)
        self.user_id = user.id
        self.email = user.email
        self.role = user.role
        self.quartier_id = user.quartier_id
        self.must_change_password = user.must_change_password

    def can(self, action: Action | str, quartier: str | None = None) -> bool:
        return can(self, action, quartier)


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Connectez-vous pour accéder à cette page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @app.context_processor
    def permissions() -> dict:
        return {"can": can, "Action": Action}


@login_manager.user_loader
def load_user(user_id: str) -> LoggedInUser | None:
    """Read on every request: a deactivated account is logged out at its next click."""
    user = get_session().get(User, int(user_id)) if user_id.isdigit() else None
    return LoggedInUser(user) if user is not None and user.active else None
