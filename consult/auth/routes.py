"""Views: log in (throttled), log out, change one's password."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from consult.auth.forms import ChangePasswordForm, LoginForm, LogoutForm
from consult.auth.permissions import Action, can
from consult.auth.session import LoggedInUser
from consult.db import transaction
from consult.models import User
from consult.services.accounts import (
    AccountError,
    WrongPassword,
    authenticate,
    change_own_password,
    find_user,
)
from consult.services.audit import record_event
from consult.services.login_throttle import (
    ThrottleKey,
    forget,
    record_failure,
    retry_after,
    throttle_key,
)

bp = Blueprint("auth", __name__)

BAD_CREDENTIALS = "Adresse e-mail ou mot de passe incorrect."
# Pages a user who must change their password may still open.
OPEN_WHILE_CHANGING = {"auth.change_password", "auth.change_password_submit", "auth.logout"}


@bp.get("/connexion")
def login():
    """The login page."""
    return render_template("auth/login.html", form=LoginForm())


@bp.post("/connexion")
def login_submit():
    """Check the throttle, then the credentials, and open a fresh session."""
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 400
    account, address = _throttle_keys(form.email.data)
    now = int(time.time())
    with transaction() as db:
        wait = retry_after(db, [account, address], now)
        if wait is not None:
            _audit_throttled(db, form.email.data, wait)
    if wait is not None:
        return _too_many_attempts(form, wait)
    with transaction() as db:
        user = authenticate(db, form.email.data, form.password.data)
        if user is None:
            for key in record_failure(db, [account, address], now):
                _audit_locked(db, form.email.data, key)
        else:
            forget(db, account)
    if user is None:
        form.password.errors.append(BAD_CREDENTIALS)
        return render_template("auth/login.html", form=form), 401
    # Session fixation: nothing from before the login (nor its CSRF token) carries over.
    session.clear()
    login_user(LoggedInUser(user))
    if user.must_change_password:
        return redirect(url_for("auth.change_password"))
    return redirect(_safe_next(request.args.get("next")) or _landing())


@bp.post("/deconnexion")
def logout():
    """Close the session."""
    if LogoutForm().validate_on_submit():
        logout_user()
        session.clear()
        flash("Vous êtes déconnecté·e.", "info")
    return redirect(url_for("survey.home"))


@bp.get("/mot-de-passe")
@login_required
def change_password():
    return render_template("auth/change_password.html", form=ChangePasswordForm())


@bp.post("/mot-de-passe")
@login_required
def change_password_submit():
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/change_password.html", form=form), 422
    try:
        with transaction() as db:
            user = db.get_one(User, current_user.user_id)  # login_required has just read it
            change_own_password(db, user, form.current.data, form.new.data)
    except AccountError as exc:
        field = form.current if isinstance(exc, WrongPassword) else form.new
        field.errors = [*field.errors, _sentence(str(exc))]
        return render_template("auth/change_password.html", form=form), 422
    session.clear()  # a new session for the new password
    login_user(LoggedInUser(user))
    flash("Mot de passe changé.", "success")
    return redirect(_landing())


@bp.before_app_request
def _require_password_change():
    """Until the one-time password is replaced, every staff page leads to the change form."""
    if request.endpoint in OPEN_WHILE_CHANGING or request.endpoint == "static":
        return None
    if current_user.is_authenticated and current_user.must_change_password:
        return redirect(url_for("auth.change_password"))
    return None


def _sentence(message: str) -> str:
    return f"{message[:1].upper()}{message[1:]}."


def _landing() -> str:
    if can(current_user, Action.READ_QUARTIER):
        return url_for("staff.dashboard")
    return url_for("paper.index")


def _throttle_keys(email: str) -> tuple[ThrottleKey, ThrottleKey]:
    secret = current_app.config["SECRET_KEY"]
    account = throttle_key(secret, "account", email)
    address = throttle_key(secret, "address", request.remote_addr or "")
    return account, address


def _too_many_attempts(form: LoginForm, wait: int):
    minutes = max(1, -(-wait // 60))
    plural = "s" if minutes > 1 else ""
    form.password.errors.append(
        f"Trop de tentatives de connexion. Réessayez dans {minutes} minute{plural}."
    )
    response = current_app.make_response((render_template("auth/login.html", form=form), 429))
    response.headers["Retry-After"] = str(wait)
    return response


def _audit_throttled(db, email: str, wait: int) -> None:
    user = find_user(db, email)
    details = {"retry_after": wait}
    record_event(db, None, "login.throttled", "user", user.id if user else None, details)


def _audit_locked(db, email: str, key: ThrottleKey) -> None:
    """The account or address just reached its limit (the address itself is never logged)."""
    user = find_user(db, email) if key.kind == "account" else None
    details = {"kind": key.kind, "failures": key.limit}
    record_event(db, None, "login.locked", "user", user.id if user else None, details)


def _safe_next(target: str | None) -> str | None:
    """Only same-site relative paths: never redirect to another host after login."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
