"""Flask-Login wiring: how a logged-in user is found again on each request."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_login import UserMixin, current_user

from consult.auth.permissions import Action, can
from consult.db import get_session
from consult.extensions import login_manager
from consult.models import User

# Blueprints whose every page is for staff (or leads there): never stored by any cache.
PRIVATE_BLUEPRINTS = frozenset({"staff", "admin", "meetings", "paper", "imports", "auth"})
# The service worker (static/sw.js) never stores a response carrying this header.
PRIVATE_HEADER = "X-Consult-Private"


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

    app.after_request(_never_stored_when_private)

    @app.context_processor
    def permissions() -> dict:
        return {"can": can, "Action": Action}


def _never_stored_when_private(response: Response) -> Response:
    """Staff pages and downloads, and any page served to a logged-in user (its menu, its CSRF
    token), stay out of the browser cache, proxies and the service worker's cache."""
    if request.endpoint in ("static", "pwa.service_worker"):
        return response
    if request.blueprint in PRIVATE_BLUEPRINTS or current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
        response.headers[PRIVATE_HEADER] = "1"
    return response


@login_manager.user_loader
def load_user(user_id: str) -> LoggedInUser | None:
    """Read on every request: a deactivated account is logged out at its next click."""
    user = get_session().get(User, int(user_id)) if user_id.isdigit() else None
    return LoggedInUser(user) if user is not None and user.active else None
