"""Administration pages: tablets (devices), outbox file import, submissions « à vérifier »."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from consult.admin import routes  # noqa: E402, F401
