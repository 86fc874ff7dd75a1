"""Builders for API payloads and a look at what the database holds."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from consult.models import Answer, Response, SubmissionConflict
from tests.factories import current_version_id

CONSULTATION = "concertation-citoyenne"


def make_payload(session, questionnaire: str = "adultes", quartier: str = "voltaire", **answers):
    answers = answers or {"atouts": "Le parc et la médiathèque", "age": "18_25"}
    version_id = current_version_id(session, CONSULTATION, questionnaire)
    session.rollback()  # on SQLite an open transaction holds the write lock
    return {
        "client_uuid": str(uuid.uuid4()),
        "version_id": version_id,
        "quartier_id": quartier,
        "answers": answers,
        "language": "fr",
        "started_at": "2025-09-01T10:00:00+02:00",
        "submitted_at": "2025-09-01T10:03:00+02:00",
    }


def counts(session) -> tuple[int, int, int]:
    """(responses, answers, conflicts) stored."""
    session.expire_all()
    found = tuple(
        session.scalar(select(func.count()).select_from(model))
        for model in (Response, Answer, SubmissionConflict)
    )
    session.rollback()  # release SQLite's write lock for the next request
    return found


def post_json(client, url: str, body, token: str | None = None, **headers):
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return client.post(url, json=body, headers=headers)
