"""Who is calling the API: a device token (Bearer) or an anonymous same-origin page."""

from __future__ import annotations

import json
from typing import Any, Literal, overload
from urllib.parse import urlsplit

from flask import request
from sqlalchemy.orm import Session

from consult.api.errors import ApiError
from consult.models import Device, QuestionnaireVersion
from consult.services.devices import authenticate_device, mark_seen
from consult.services.submissions import Submission


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", "en-tête Authorization: Bearer <jeton> attendu")
    return token.strip()


@overload
def current_device(session: Session, required: Literal[True]) -> Device: ...


@overload
def current_device(session: Session, required: bool = False) -> Device | None: ...


def current_device(session: Session, required: bool = False) -> Device | None:
    """The calling device, or None for an anonymous web page; 401 for a bad or revoked token."""
    token = bearer_token()
    if token is None:
        if required:
            raise ApiError(401, "unauthorized", "jeton de tablette requis")
        return None
    device = authenticate_device(session, token)
    if device is None:
        raise ApiError(401, "unauthorized", "jeton de tablette inconnu")
    if device.is_revoked:
        raise ApiError(401, "device_revoked", "cette tablette a été révoquée")
    mark_seen(device)
    return device


def check_same_origin() -> None:
    """Refuse a browser request sent by a page of another site (defence in depth)."""
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        raise ApiError(403, "cross_origin", "requête d'un autre site refusée")
    origin = request.headers.get("Origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.host:
        raise ApiError(403, "cross_origin", "requête d'un autre site refusée")


def json_body() -> Any:
    """The request's JSON document; 415 if not JSON, 400 if malformed, 413 if over the limit."""
    if request.mimetype != "application/json":
        raise ApiError(415, "unsupported_media_type", "Content-Type: application/json attendu")
    raw = request.get_data(cache=False)
    try:
        return json.loads(raw, parse_constant=_refuse_constant)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, "invalid_json", f"JSON invalide : {exc}") from None
    except RecursionError:  # « [[[[…]]]] » nested deeper than the parser goes
        raise ApiError(400, "invalid_json", "JSON invalide : imbrication trop profonde") from None


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} n'est pas du JSON standard")


def check_device_scope(session: Session, device: Device | None, submission: Submission) -> None:
    """A tablet only collects for its quartiers and, if set, its questionnaire."""
    if device is None:
        return
    if submission.quartier_id not in {q.id for q in device.quartiers}:
        raise ApiError(403, "forbidden", "quartier non autorisé pour cette tablette", "quartier_id")
    if device.questionnaire_slug:
        version = session.get(QuestionnaireVersion, submission.version_id)
        if version is not None and version.questionnaire.slug != device.questionnaire_slug:
            message = "questionnaire non autorisé pour cette tablette"
            raise ApiError(403, "forbidden", message, "version_id")
