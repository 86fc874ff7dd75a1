"""Views: log in, log out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_user, logout_user

from consult.auth.forms import LoginForm, LogoutForm
from consult.auth.session import LoggedInUser
from consult.database import transaction
from consult.services.accounts import authenticate

bp = Blueprint("auth", __name__)

BAD_CREDENTIALS = "Adresse e-mail ou mot de passe incorrect."


@bp.get("/connexion")
def login():
    """The login page."""
    return render_template("auth/login.html", form=LoginForm())


@bp.post("/connexion")
def login_submit():
    """Check the credentials and open a session."""
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 400
    with transaction() as session:
        user = authenticate(session, form.email.data, form.password.data)
    if user is None:
        form.password.errors.append(BAD_CREDENTIALS)
        return render_template("auth/login.html", form=form), 401
    login_user(LoggedInUser(user))
    return redirect(_safe_next(request.args.get("next")) or url_for("staff.dashboard"))


@bp.post("/deconnexion")
def logout():
    """Close the session."""
    if LogoutForm().validate_on_submit():
        logout_user()
        flash("Vous êtes déconnecté·e.", "info")
    return redirect(url_for("survey.home"))


def _safe_next(target: str | None) -> str | None:
    """Only same-site relative paths: never redirect to another host after login."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
