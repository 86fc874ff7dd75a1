"""Flask-Login wiring: how a logged-in user is found again on each request."""

from __future__ import annotations

from flask import Flask
from flask_login import UserMixin

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

    @property
    def can_read_answers(self) -> bool:
        return self.role in ("admin", "staff")


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Connectez-vous pour accéder à cette page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(user_id: str) -> LoggedInUser | None:
    user = get_session().get(User, int(user_id)) if user_id.isdigit() else None
    return LoggedInUser(user) if user is not None and user.active else None
