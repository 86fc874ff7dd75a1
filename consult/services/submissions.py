"""Record one submitted questionnaire, whatever the channel, exactly once.

Idempotency rests on the database: ``response.client_uuid`` is unique. A resend with the same
content is a success that stores nothing; with different content it is a conflict, kept for
review. Validation failures raise ``SubmissionRejected`` and store nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consult.models import (
    Answer,
    QuestionnaireVersion,
    Response,
    Sector,
    SubmissionConflict,
)
from consult.questionnaire.answers import clean_answers
from consult.questionnaire.definition import content_hash, question_roles
from consult.questionnaire.segments import CHANNELS, UNKNOWN, derive_public

Status = Literal["created", "duplicate", "conflict"]


@dataclass(frozen=True)
class Submission:
    client_uuid: str
    version_id: int
    quartier_id: str
    answers: Mapping[str, Any]
    channel: str
    submitted_at: datetime | None = None
    started_at: datetime | None = None
    language: str = "fr"
    device_id: int | None = None
    collected_by_id: int | None = None
    serial: str | None = None


@dataclass(frozen=True)
class Outcome:
    status: Status
    response_id: int | None


@dataclass
class SubmissionRejected(Exception):
    """Bad input: ``errors`` maps a field (or question key) to a French message."""

    errors: dict[str, str] = field(default_factory=dict)
    status_code: int = 422

    def __str__(self) -> str:
        return "; ".join(f"{k}: {v}" for k, v in self.errors.items())


def record_submission(session: Session, submission: Submission) -> Outcome:
    """Validate and store a submission inside the caller's transaction."""
    version = _open_version(session, submission)
    answers = _clean(version, submission)
    digest = submission_hash(submission, answers)
    response = build_response(session, version, submission, answers, digest)
    try:
        with session.begin_nested():
            session.add(response)
    except IntegrityError:
        return _resolve_collision(session, submission, digest)
    return Outcome("created", response.id)


def submission_hash(submission: Submission, answers: Mapping[str, Any]) -> str:
    """What makes two sends "the same submission"."""
    return content_hash(
        {
            "version": submission.version_id,
            "quartier": submission.quartier_id,
            "answers": answers,
            "serial": submission.serial,
        }
    )


def _open_version(session: Session, submission: Submission) -> QuestionnaireVersion:
    if submission.channel not in CHANNELS:
        raise SubmissionRejected({"channel": f"canal inconnu « {submission.channel} »"})
    version = session.get(QuestionnaireVersion, submission.version_id)
    if version is None:
        raise SubmissionRejected({"version": "version de questionnaire inconnue"}, 404)
    consultation = version.questionnaire.consultation
    if submission.quartier_id not in {q.id for q in consultation.quartiers}:
        raise SubmissionRejected({"quartier": "quartier inconnu pour cette consultation"}, 404)
    if not consultation.is_open:
        raise SubmissionRejected({"consultation": "cette consultation est fermée"}, 403)
    return version


def _clean(version: QuestionnaireVersion, submission: Submission) -> dict[str, Any]:
    answers, errors = clean_answers(version.definition, submission.quartier_id, submission.answers)
    if errors:
        raise SubmissionRejected({f"answers.{key}": message for key, message in errors.items()})
    return answers


def build_response(
    session: Session,
    version: QuestionnaireVersion,
    submission: Submission,
    answers: Mapping[str, Any],
    digest: str,
) -> Response:
    roles = question_roles(version.definition)
    segments = {role: answers[key] for key, role in roles.items() if key in answers}
    age_band = segments.get("age_band", UNKNOWN)
    now = datetime.now(UTC)
    return Response(
        client_uuid=submission.client_uuid,
        content_hash=digest,
        consultation_id=version.questionnaire.consultation_id,
        quartier_id=submission.quartier_id,
        sector_id=_sector_id(session, submission.quartier_id, segments.get("sector")),
        version_id=version.id,
        channel=submission.channel,
        language=submission.language,
        device_id=submission.device_id,
        collected_by_id=submission.collected_by_id,
        serial=submission.serial,
        age_band=age_band,
        gender=segments.get("gender", UNKNOWN),
        public=segments.get("public") or derive_public(age_band, version.questionnaire.audience),
        residence=segments.get("residence", UNKNOWN),
        started_at=submission.started_at,
        submitted_at=submission.submitted_at or now,
        received_at=now,
        answers=[_answer(key, value, roles.get(key)) for key, value in answers.items()],
    )


def _sector_id(session: Session, quartier_id: str, code: str | None) -> str | None:
    if not code:
        return None
    sector = session.get(Sector, code)
    return sector.id if sector is not None and sector.quartier_id == quartier_id else None


def _answer(key: str, value: Any, role: str | None) -> Answer:
    if isinstance(value, list):
        return Answer(question_key=key, role=role, choices=value)
    if isinstance(value, int):
        return Answer(question_key=key, role=role, number=value)
    return Answer(question_key=key, role=role, text=value)


def _resolve_collision(session: Session, submission: Submission, digest: str) -> Outcome:
    existing = session.scalar(select(Response).filter_by(client_uuid=submission.client_uuid))
    if existing is None:
        # The only other unique key a submission can hit is the paper serial number.
        message = f"le questionnaire papier n° {submission.serial} a déjà été saisi"
        raise SubmissionRejected({"serial": message}, 409)
    if existing.content_hash == digest:
        return Outcome("duplicate", existing.id)
    _keep_conflict(session, submission, digest)
    return Outcome("conflict", existing.id)


def _keep_conflict(session: Session, submission: Submission, digest: str) -> None:
    known = session.scalar(
        select(SubmissionConflict).filter_by(
            client_uuid=submission.client_uuid, content_hash=digest
        )
    )
    if known is None:
        payload = {
            "version_id": submission.version_id,
            "quartier_id": submission.quartier_id,
            "channel": submission.channel,
            "answers": dict(submission.answers),
            "serial": submission.serial,
        }
        session.add(
            SubmissionConflict(
                client_uuid=submission.client_uuid,
                content_hash=digest,
                payload=payload,
                device_id=submission.device_id,
            )
        )
