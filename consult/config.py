"""Configuration: code defaults, then environment variables, then test overrides.

Nothing here reads the environment at import time; ``load_config`` is called by the factory.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
QUESTIONNAIRES_DIR = PROJECT_ROOT / "questionnaires"
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"

# Every setting, its default and what it does: the README lists them (a test checks it).
SETTINGS = {
    "DATABASE_URL": "SQLAlchemy URL; default: SQLite file instance/consult.db",
    "SECRET_KEY": "signs sessions and CSRF tokens; default: random, kept in instance/secret_key",
    "CONSULT_QUESTIONNAIRES_DIR": "folder of territory and questionnaire files",
    "CONSULT_MIN_GROUP_SIZE": "k: figures about fewer respondents are suppressed (default 5)",
    "CONSULT_TAG_ON_ARRIVAL": "0 to leave theme tagging to `consult analyze tag` (default 1)",
    "CONSULT_SECURE_COOKIES": "1 to send cookies over HTTPS only (set it in production)",
    "CONSULT_FORCE_HTTPS": "1 to redirect HTTP to HTTPS (behind a TLS proxy, leave 0)",
    "CONSULT_SUBMISSION_RATE_LIMIT": "new anonymous submissions per client address, sliding "
    "window (default 40/10 minutes)",
    "CONSULT_TRUSTED_PROXIES": "number of reverse proxies in front of the app, whose "
    "X-Forwarded-For gives the client address (default 0)",
    "PORT": "port of `consult serve` and `make run` (default 5000)",
}


def load_config(instance_path: Path) -> dict:
    """Settings from defaults and the environment."""
    secure = os.environ.get("CONSULT_SECURE_COOKIES", "0") == "1"
    return {
        "DATABASE_URL": os.environ.get("DATABASE_URL") or default_database_url(instance_path),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or stored_secret_key(instance_path),
        "QUESTIONNAIRES_DIR": Path(
            os.environ.get("CONSULT_QUESTIONNAIRES_DIR", QUESTIONNAIRES_DIR)
        ),
        "MIN_GROUP_SIZE": int(os.environ.get("CONSULT_MIN_GROUP_SIZE", "5")),
        "TAG_ON_ARRIVAL": os.environ.get("CONSULT_TAG_ON_ARRIVAL", "1") == "1",
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_SECURE": secure,
        "FORCE_HTTPS": os.environ.get("CONSULT_FORCE_HTTPS", "0") == "1",
        "SUBMISSION_RATE_LIMIT": os.environ.get("CONSULT_SUBMISSION_RATE_LIMIT", "40/10 minutes"),
        "TRUSTED_PROXIES": int(os.environ.get("CONSULT_TRUSTED_PROXIES", "0")),
    }


def default_database_url(instance_path: Path) -> str:
    return f"sqlite:///{instance_path / 'consult.db'}"


def stored_secret_key(instance_path: Path) -> str:
    """A random key made once and kept, so that sessions survive a restart."""
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


DEFAULTS = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,  # a page left open on a tablet all day must still submit
    "WTF_I18N_ENABLED": False,  # WTForms' own French messages (see forms Meta.locales)
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "MIN_GROUP_SIZE": 5,
    "TRUSTED_PROXIES": 0,
    "JSON_SORT_KEYS": False,
}
