"""Record one submitted questionnaire, whatever the channel, exactly once.

Idempotency rests on the database: ``response.client_uuid`` is unique. A resend with the same
content is a success that stores nothing; with different content it is a conflict, kept for
review. Validation failures raise ``SubmissionRejected`` and store nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consult.models import (
    Answer,
    QuestionnaireVersion,
    Response,
    Sector,
    SubmissionConflict,
)
from consult.questionnaire.answers import clean_answers, error_fields
from consult.questionnaire.definition import content_hash, question_roles
from consult.questionnaire.segments import CHANNELS, UNKNOWN, derive_public
from consult.services.reserved_ids import SERVER_CHANNELS, is_reserved

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

    @property
    def created_id(self) -> int | None:
        """The response this submission has just stored; None if it stored none (or a dry run)."""
        return self.response_id if self.status == "created" else None


class Reason(StrEnum):
    """Why a submission was refused; the web and the API each choose their HTTP status."""

    INVALID = "invalid"  # the answers break the questionnaire's rules
    MALFORMED = "malformed"  # the document itself cannot be read
    UNKNOWN = "unknown"  # it names a version, sheet or review that does not exist
    CLOSED = "closed"  # the consultation no longer takes answers
    CONFLICT = "conflict"  # it clashes with what is already stored


@dataclass
class SubmissionRejected(Exception):
    """Bad input: ``errors`` maps a field (or question key) to a French message."""

    errors: dict[str, str] = field(default_factory=dict)
    reason: Reason = Reason.INVALID

    def __str__(self) -> str:
        return "; ".join(f"{k}: {v}" for k, v in self.errors.items())


def record_submission(session: Session, submission: Submission) -> Outcome:
    """Validate and store a submission inside the caller's transaction."""
    version = _open_version(session, submission)
    answers = _clean(version, submission)
    digest = submission_hash(submission, answers)
    return _insert_one(session, version, submission, answers, digest)


def preview_submission(session: Session, submission: Submission, seen: dict[str, str]) -> Outcome:
    """What ``record_submission`` would answer, writing nothing (dry runs take no write lock).

    ``seen`` maps the UUIDs previewed earlier in the same run to their content hash, so that a
    repeat within one file is reported as storing would report it. No conflict is kept.
    """
    version = _open_version(session, submission)
    digest = submission_hash(submission, _clean(version, submission))
    query = select(Response.id, Response.content_hash).filter_by(client_uuid=submission.client_uuid)
    stored = session.execute(query).first()
    if stored is None and submission.client_uuid not in seen:
        seen[submission.client_uuid] = digest
        return Outcome("created", None)
    response_id, stored_digest = stored or (None, seen[submission.client_uuid])
    return Outcome("duplicate" if stored_digest == digest else "conflict", response_id)


def _insert_one(session, version, submission, answers, digest) -> Outcome:
    response = build_response(session, version, submission, answers, digest)
    try:
        with session.begin_nested():
            session.add(response)
    except IntegrityError:
        return _resolve_collision(session, submission, digest)
    return Outcome("created", response.id)


@dataclass
class _Prepared:
    index: int
    submission: Submission
    version: QuestionnaireVersion
    answers: dict[str, Any]
    digest: str


def record_submissions(
    session: Session, submissions: list[Submission]
) -> list[Outcome | SubmissionRejected]:
    """Validate each submission alone, then store the new ones together.

    Same rules and results as calling ``record_submission`` on each item; one insert for the
    whole batch instead of one per item. If that insert hits a unique constraint (a resend
    racing with this batch, a paper serial already keyed), the batch falls back to item by item.
    """
    results: list[Outcome | SubmissionRejected | None] = [None] * len(submissions)
    versions: dict[int, QuestionnaireVersion] = {}
    prepared = []
    for index, submission in enumerate(submissions):
        try:
            prepared.append(_prepare(session, versions, index, submission))
        except SubmissionRejected as rejected:
            results[index] = rejected
    fresh, later = _split_known(session, prepared, results)
    _insert_many(session, fresh, results)
    for item in later:
        results[item.index] = _insert_or_reject(session, item)
    return results  # type: ignore[return-value]


def _insert_or_reject(session: Session, item: _Prepared) -> Outcome | SubmissionRejected:
    try:
        return _insert_one(session, item.version, item.submission, item.answers, item.digest)
    except SubmissionRejected as rejected:
        return rejected


def _prepare(session, versions: dict, index: int, submission: Submission) -> _Prepared:
    version = versions.get(submission.version_id)
    if version is None:
        version = versions[submission.version_id] = _open_version(session, submission)
    else:  # the version was found open for an earlier item of this batch
        _check_channel(submission)
        _check_quartier(version, submission)
    answers = _clean(version, submission)
    return _Prepared(index, submission, version, answers, submission_hash(submission, answers))


def _split_known(session, prepared: list[_Prepared], results: list) -> tuple[list, list]:
    """Resolve UUIDs already stored; keep repeats within the batch for after the insert."""
    uuids = [item.submission.client_uuid for item in prepared]
    query = select(Response.client_uuid, Response.id, Response.content_hash).where(
        Response.client_uuid.in_(uuids)
    )
    stored = {uuid: (response_id, digest) for uuid, response_id, digest in session.execute(query)}
    fresh, later, seen = [], [], set()
    for item in prepared:
        uuid = item.submission.client_uuid
        if uuid in stored:
            results[item.index] = _known(session, item.submission, item.digest, *stored[uuid])
        elif uuid in seen:
            later.append(item)
        else:
            seen.add(uuid)
            fresh.append(item)
    return fresh, later


def _known(
    session: Session, submission: Submission, digest: str, response_id: int, stored_digest: str
) -> Outcome:
    """A resend of a stored UUID: the same content is a duplicate, another is a conflict."""
    if stored_digest == digest:
        return Outcome("duplicate", response_id)
    _keep_conflict(session, submission, digest)
    return Outcome("conflict", response_id)


def _insert_many(session: Session, items: list[_Prepared], results: list) -> None:
    """Two bulk INSERTs (responses, then answers) instead of an ORM flush per object."""
    if not items:
        return
    rows = [response_values(session, i.version, i.submission, i.answers, i.digest) for i in items]
    try:
        with session.begin_nested():
            returning = insert(Response).returning(Response.id, sort_by_parameter_order=True)
            ids = session.scalars(returning, rows).all()
            answers = [
                row | {"response_id": response_id}
                for item, response_id in zip(items, ids, strict=True)
                for row in answer_values(item.version, item.answers)
            ]
            if answers:
                session.execute(insert(Answer), answers)
    except IntegrityError:
        for item in items:
            results[item.index] = _insert_or_reject(session, item)
        return
    for item, response_id in zip(items, ids, strict=True):
        results[item.index] = Outcome("created", response_id)


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
    _check_channel(submission)
    version = session.get(QuestionnaireVersion, submission.version_id)
    if version is None:
        raise SubmissionRejected({"version": "version de questionnaire inconnue"}, Reason.UNKNOWN)
    _check_quartier(version, submission)
    if not version.questionnaire.consultation.is_open:
        raise SubmissionRejected({"consultation": "cette consultation est fermée"}, Reason.CLOSED)
    return version


def _check_channel(submission: Submission) -> None:
    if submission.channel not in CHANNELS:
        raise SubmissionRejected({"channel": f"canal inconnu « {submission.channel} »"})
    if is_reserved(submission.client_uuid) and submission.channel not in SERVER_CHANNELS:
        # Only the server makes such UUIDs (imports): a client sending one is trying to
        # take the place of a row about to be imported.
        message = "cet identifiant est réservé aux réponses importées"
        raise SubmissionRejected({"client_uuid": message}, Reason.MALFORMED)


def _check_quartier(version: QuestionnaireVersion, submission: Submission) -> None:
    if submission.quartier_id not in {q.id for q in version.questionnaire.consultation.quartiers}:
        raise SubmissionRejected(
            {"quartier": "quartier inconnu pour cette consultation"}, Reason.UNKNOWN
        )


def _clean(version: QuestionnaireVersion, submission: Submission) -> dict[str, Any]:
    answers, errors = clean_answers(version.definition, submission.quartier_id, submission.answers)
    if errors:
        raise SubmissionRejected(error_fields(errors))
    return answers


def build_response(
    session: Session,
    version: QuestionnaireVersion,
    submission: Submission,
    answers: Mapping[str, Any],
    digest: str,
) -> Response:
    """The Response row and its Answer rows, as ORM objects."""
    row = response_values(session, version, submission, answers, digest)
    return Response(**row, answers=[Answer(**a) for a in answer_values(version, answers)])


def response_values(
    session: Session,
    version: QuestionnaireVersion,
    submission: Submission,
    answers: Mapping[str, Any],
    digest: str,
) -> dict[str, Any]:
    """Column values of a Response; its segments come from the answers' roles."""
    roles = question_roles(version.definition)
    segments = {role: answers[key] for key, role in roles.items() if key in answers}
    age_band = segments.get("age_band", UNKNOWN)
    now = datetime.now(UTC)
    return {
        "client_uuid": submission.client_uuid,
        "content_hash": digest,
        "consultation_id": version.questionnaire.consultation_id,
        "quartier_id": submission.quartier_id,
        "sector_id": _sector_id(session, submission.quartier_id, segments.get("sector")),
        "version_id": version.id,
        "channel": submission.channel,
        "language": submission.language,
        "device_id": submission.device_id,
        "collected_by_id": submission.collected_by_id,
        "serial": submission.serial,
        "age_band": age_band,
        "gender": segments.get("gender", UNKNOWN),
        "public": segments.get("public") or derive_public(age_band, version.questionnaire.audience),
        "residence": segments.get("residence", UNKNOWN),
        "started_at": submission.started_at,
        "submitted_at": submission.submitted_at or now,
        "received_at": now,
    }


def answer_values(version: QuestionnaireVersion, answers: Mapping[str, Any]) -> list[dict]:
    """Column values of the Answer rows: one per question answered."""
    roles = question_roles(version.definition)
    return [_answer(key, value, roles.get(key)) for key, value in answers.items()]


def _sector_id(session: Session, quartier_id: str, code: str | None) -> str | None:
    if not code:
        return None
    sector = session.get(Sector, code)
    return sector.id if sector is not None and sector.quartier_id == quartier_id else None


def _answer(key: str, value: Any, role: str | None) -> dict[str, Any]:
    row = {"question_key": key, "role": role, "text": None, "choices": None, "number": None}
    if isinstance(value, list):
        return row | {"choices": value}
    if isinstance(value, int):
        return row | {"number": value}
    return row | {"text": value}


def _resolve_collision(session: Session, submission: Submission, digest: str) -> Outcome:
    existing = session.scalar(select(Response).filter_by(client_uuid=submission.client_uuid))
    if existing is None:
        # The only other unique key a submission can hit is the paper serial number.
        message = f"le questionnaire papier n° {submission.serial} a déjà été saisi"
        raise SubmissionRejected({"serial": message}, Reason.CONFLICT)
    return _known(session, submission, digest, existing.id, existing.content_hash)


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
