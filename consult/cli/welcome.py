"""The box ``make run`` ends with: where to open the app and how to log in."""

from __future__ import annotations

from flask import Flask

from consult.db import session_scope
from consult.services.accounts import first_admin_credentials

# Addresses a server listens on that a browser cannot open.
_ANY_HOST = {"0.0.0.0": "127.0.0.1", "::": "[::1]", "": "127.0.0.1"}


def admin_credentials(app: Flask) -> tuple[str, str | None]:
    """The administrator's e-mail and, while never used, a fresh one-time password."""
    with app.app_context():
        with session_scope() as session:
            admin, password = first_admin_credentials(session)
            email = admin.email
        # gunicorn forks its workers next, and each opens its own connections.
        app.extensions["consult.engine"].dispose()
    return email, password


def base_url(host: str, port: int) -> str:
    host = _ANY_HOST.get(host, f"[{host}]" if ":" in host else host)
    return f"http://{host}:{port}"


def welcome_box(url: str, email: str, password: str | None) -> str:
    """The framed lines; the credentials come last so that they are never scrolled away."""
    password_line = (
        f"{password}   (à usage unique : notez-le)"
        if password
        else "celui que vous avez choisi (déjà utilisé)"
    )
    rows = [
        "Consult est prêt. Ctrl+C pour l'arrêter.",
        "",
        f"Ouvrir        {url}/",
        f"Se connecter  {url}/connexion",
        "Des pages remplies : make demo (dans un autre terminal)",
        "",
        f"E-mail        {email}",
        f"Mot de passe  {password_line}",
    ]
    width = max(len(row) for row in rows)
    framed = [f"│ {row.ljust(width)} │" for row in rows]
    return "\n".join([f"┌{'─' * (width + 2)}┐", *framed, f"└{'─' * (width + 2)}┘"])
