"""Error pages: French HTML for people, JSON for the API."""

from __future__ import annotations

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: ("Requête invalide", "La page a reçu des informations qu'elle ne comprend pas."),
    401: ("Connexion nécessaire", "Connectez-vous pour continuer."),
    403: ("Accès refusé", "Votre compte ne permet pas d'ouvrir cette page."),
    404: ("Page introuvable", "Cette page n'existe pas ou plus. Vérifiez l'adresse."),
    405: ("Action impossible", "Cette page ne peut pas être utilisée ainsi."),
    410: (
        "Consultation close",
        "Cette consultation est terminée : elle ne reçoit plus de réponses.",
    ),
    413: ("Envoi trop volumineux", "Les informations envoyées dépassent la taille autorisée."),
    500: (
        "Erreur du serveur",
        "Un problème est survenu de notre côté. Vos réponses n'ont pas été enregistrées, "
        "réessayez dans un instant.",
    ),
}


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
    return render_template("errors/error.html", code=code, title=title, text=text), code
