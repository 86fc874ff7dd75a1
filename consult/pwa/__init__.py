"""The offline app: service worker (served at the site root so its scope covers every page)
and the tablet page (enrolment, outbox, « à vérifier », sync status)."""

from flask import Blueprint

bp = Blueprint("pwa", __name__)

from consult.pwa import routes  # noqa: E402, F401
