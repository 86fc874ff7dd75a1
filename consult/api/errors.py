"""JSON errors for the API: ``{"error": {"code", "message", "field", "fields"}}``."""

from __future__ import annotations

from flask import Response, jsonify
from werkzeug.exceptions import HTTPException

from consult.api import bp
from consult.errors import rejection_status
from consult.services.submissions import SubmissionRejected

# Error codes by HTTP status for errors raised by the services.
CODES = {
    400: "invalid_field",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation",
}
MESSAGES = {
    400: "requête invalide",
    401: "authentification requise",
    403: "accès refusé",
    404: "ressource inconnue",
    405: "méthode non autorisée",
    413: "requête trop volumineuse (1 Mo au plus)",
    415: "le corps de la requête doit être du JSON (Content-Type: application/json)",
}


class ApiError(Exception):
    """An error answered as JSON with ``status``."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def error_body(code: str, message: str, fields: dict[str, str] | None = None) -> dict:
    fields = fields or {}
    field = next(iter(fields), None)
    return {"error": {"code": code, "message": message, "field": field, "fields": fields}}


def rejection_body(exc: SubmissionRejected) -> dict:
    """The JSON error of a rejected submission; the message names the first field."""
    code = CODES.get(rejection_status(exc), "invalid")
    field, reason = next(iter(exc.errors.items()), (None, "refusé"))
    message = f"{field} : {reason}" if field else reason
    return error_body(code, message, dict(exc.errors))


def json_error(status: int, code: str, message: str, field: str | None = None) -> Response:
    response = jsonify(error_body(code, message, {field: message} if field else None))
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="consult"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError) -> Response:
    return json_error(exc.status, exc.code, exc.message, exc.field)


@bp.errorhandler(SubmissionRejected)
def _rejected(exc: SubmissionRejected) -> Response:
    response = jsonify(rejection_body(exc))
    response.status_code = rejection_status(exc)
    return response


@bp.errorhandler(HTTPException)
def http_error_json(exc: HTTPException) -> Response:
    """Any HTTP error under /api/ as JSON (also used by the app for unmatched /api/ URLs)."""
    status = exc.code or 500
    message = MESSAGES.get(status, exc.description or exc.name)
    return json_error(status, CODES.get(status, "http_error"), message)
