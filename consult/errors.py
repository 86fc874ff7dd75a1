"""Error pages: French HTML for people, JSON for the API."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext
from werkzeug.exceptions import HTTPException

from consult.i18n import html_lang, requested_language
from consult.questionnaire.answers import N_
from consult.questionnaire.definition import RTL_LANGUAGES
from consult.services.submissions import Reason, SubmissionRejected

MESSAGES = {
    400: (N_("Requête invalide"), N_("La page a reçu des informations qu'elle ne comprend pas.")),
    401: (N_("Connexion nécessaire"), N_("Connectez-vous pour continuer.")),
    403: (N_("Accès refusé"), N_("Votre compte ne permet pas d'ouvrir cette page.")),
    404: (N_("Page introuvable"), N_("Cette page n'existe pas ou plus. Vérifiez l'adresse.")),
    405: (N_("Action impossible"), N_("Cette page ne peut pas être utilisée ainsi.")),
    410: (
        N_("Consultation close"),
        N_("Cette consultation est terminée : elle ne reçoit plus de réponses."),
    ),
    413: (
        N_("Envoi trop volumineux"),
        N_("Les informations envoyées dépassent la taille autorisée."),
    ),
    500: (
        N_("Erreur du serveur"),
        N_(
            "Un problème est survenu de notre côté. Vos réponses n'ont pas été enregistrées, "
            "réessayez dans un instant."
        ),
    ),
}


# The HTTP status of a refused submission, for the web pages and the API alike.
REJECTION_STATUS = {
    Reason.INVALID: 422,
    Reason.MALFORMED: 400,
    Reason.UNKNOWN: 404,
    Reason.CLOSED: 403,
    Reason.CONFLICT: 409,
}


def rejection_status(rejected: SubmissionRejected) -> int:
    return REJECTION_STATUS[rejected.reason]


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)


def handle_http_error(error: HTTPException):
    code = error.code or 500
    if request.path.startswith("/api/"):
        from consult.api.errors import http_error_json  # the API owns its error format

        return http_error_json(error)
    title, text = MESSAGES.get(code, (error.name, error.description))
    if error.description != type(error).description:
        text = error.description  # a view's own French explanation wins
    # Respondents read error pages in the language they asked for (``?lang=`` or the form's).
    language = requested_language()
    page = render_template(
        "errors/error.html",
        code=code,
        title=gettext(title),
        text=gettext(text),
        html_lang=html_lang(language),
        rtl=language in RTL_LANGUAGES,
    )
    return page, code
