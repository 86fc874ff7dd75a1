"""API views: connectivity ping, device status, submissions, batches, OpenAPI document."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Response, current_app, jsonify
from sqlalchemy.orm import Session

from consult.api import bp
from consult.api.access import (
    bearer_token,
    check_device_scope,
    check_same_origin,
    current_device,
    json_body,
)
from consult.api.errors import ApiError, error_body, json_error, rejection_body
from consult.api.openapi import openapi_document
from consult.db import database_reachable, transaction
from consult.errors import rejection_status
from consult.models import Device
from consult.services.devices import device_questionnaires
from consult.services.submission_payload import MAX_BATCH_ITEMS, parse_submission
from consult.services.submissions import (
    Outcome,
    SubmissionRejected,
    record_submission,
    record_submissions,
)
from consult.tagging_on_arrival import tag_soon
from consult.throttle import count_submission, refused_for

STATUS_CODES = {"created": 201, "duplicate": 200, "conflict": 409}
CONFLICT_MESSAGE = (
    "une autre réponse a déjà été reçue avec ce client_uuid ; gardée pour vérification"
)


@bp.after_request
def _no_store(response: Response) -> Response:
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@bp.get("/ping")
def ping() -> Response:
    """Connectivity check used by the sync loop instead of ``navigator.onLine``.

    It asks the database too: a server up without its database cannot take answers, and the
    tablet must then keep them (a 503 makes it wait and retry).
    """
    if not database_reachable(current_app.extensions["consult.engine"]):
        raise ApiError(503, "database_unavailable", "base de données injoignable, réessayez")
    return jsonify(status="ok", time=datetime.now(UTC).isoformat())


@bp.get("/openapi.json")
def openapi() -> Response:
    response = jsonify(openapi_document())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/device")
def device_status() -> Response:
    with transaction() as session:
        device = current_device(session, required=True)
        body = {"device": _device_json(session, device)}
    return jsonify(body)


def _device_json(session: Session, device: Device) -> dict:
    return {
        "id": device.id,
        "name": device.name,
        "questionnaire": device.questionnaire_slug,
        "quartiers": [{"id": q.id, "name": q.name} for q in device.quartiers],
        "pages": device_questionnaires(session, device),
    }


@bp.post("/submissions")
def submit() -> tuple[Response, int]:
    check_same_origin()
    body = json_body()
    anonymous = bearer_token() is None
    wait = refused_for() if anonymous else None
    if wait is not None:
        return _too_many(wait)
    with transaction() as session:
        device = current_device(session)
        submission = parse_submission(body, *_channel(device))
        check_device_scope(session, device, submission)
        outcome = record_submission(session, submission)
    if outcome.created_id is not None:
        if anonymous:
            count_submission()
        tag_soon([outcome.created_id])
    if outcome.status == "conflict":
        return jsonify(_conflict_body()), 409
    return jsonify(_outcome_json(submission.client_uuid, outcome)), STATUS_CODES[outcome.status]


def _too_many(wait: int) -> tuple[Response, int]:
    message = f"trop d'envois anonymes depuis cette adresse : réessayez dans {wait} s"
    response = json_error(429, "too_many_requests", message)
    response.headers["Retry-After"] = str(wait)
    return response, 429


def _conflict_body() -> dict:
    return error_body("conflict", CONFLICT_MESSAGE, {"client_uuid": CONFLICT_MESSAGE})


def _channel(device: Device | None) -> tuple[str, int | None]:
    return ("tablette", device.id) if device is not None else ("web", None)


def _outcome_json(client_uuid: str, outcome: Outcome) -> dict:
    return {
        "status": outcome.status,
        "client_uuid": client_uuid,
        "response_id": outcome.response_id,
    }


@bp.post("/batches")
def submit_batch() -> Response:
    check_same_origin()
    if bearer_token() is None:
        # Hundreds of anonymous answers in one call would be ballot stuffing made easy.
        message = (
            "un lot nécessite un jeton de tablette ; sans jeton, envoyez une réponse à la fois"
        )
        raise ApiError(401, "unauthorized", message)
    body = json_body()
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list):
        raise ApiError(400, "invalid_field", 'un objet {"items": [...]} est attendu', "items")
    if len(items) > MAX_BATCH_ITEMS:
        message = f"{MAX_BATCH_ITEMS} éléments au plus par lot"
        raise ApiError(413, "too_many_items", message, "items")
    with transaction() as session:
        device = current_device(session)
        results = [_item_head(index, item) for index, item in enumerate(items)]
        parsed = {i: _parse_item(session, device, item, results[i]) for i, item in enumerate(items)}
        valid = {i: submission for i, submission in parsed.items() if submission is not None}
        outcomes = record_submissions(session, list(valid.values()))
        for index, outcome in zip(valid, outcomes, strict=True):
            results[index] |= _item_outcome(valid[index], outcome)
    tag_soon([r["response_id"] for r in results if r["status"] == "created"])
    return jsonify(results=results, summary=_summary(results))


def _item_head(index: int, item) -> dict:
    raw_uuid = item.get("client_uuid") if isinstance(item, dict) else None
    return {"index": index, "client_uuid": raw_uuid if isinstance(raw_uuid, str) else None}


def _parse_item(session: Session, device: Device | None, item, result: dict):
    """The item as a Submission, or ``None`` with the rejection written into ``result``."""
    try:
        submission = parse_submission(item, *_channel(device))
        check_device_scope(session, device, submission)
    except SubmissionRejected as exc:
        result |= _rejected(exc)
        return None
    except ApiError as exc:
        fields = {exc.field: exc.message} if exc.field else None
        result |= {"status": "rejected", "http_status": exc.status}
        result |= error_body(exc.code, exc.message, fields)
        return None
    return submission


def _rejected(exc: SubmissionRejected) -> dict:
    return {"status": "rejected", "http_status": rejection_status(exc)} | rejection_body(exc)


def _item_outcome(submission, outcome: Outcome | SubmissionRejected) -> dict:
    if isinstance(outcome, SubmissionRejected):
        return _rejected(outcome)
    result = _outcome_json(submission.client_uuid, outcome)
    result["http_status"] = STATUS_CODES[outcome.status]
    if outcome.status == "conflict":
        result |= _conflict_body()
    return result


def _summary(results: list[dict]) -> dict:
    summary = {"created": 0, "duplicate": 0, "conflict": 0, "rejected": 0}
    for result in results:
        summary[result["status"]] += 1
    return summary
