"""Turn one JSON submission (API, batch item, outbox file item) into a ``Submission``.

Shared by the API and the import of outbox files so that both read the same shape and
answer the same errors: a dict naming the field, never a half-read submission.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from consult.questionnaire.characters import has_forbidden
from consult.services.submissions import Reason, Submission, SubmissionRejected

FIELDS = {"client_uuid", "version_id", "quartier_id", "answers", "language"}
OPTIONAL_FIELDS = {"submitted_at", "started_at", "consultation", "questionnaire", "saved_at"}
MAX_LANGUAGE_LENGTH = 10
# Database ids are 32-bit integers on PostgreSQL; a bigger number can name nothing.
MAX_ID = 2**31 - 1
MAX_BATCH_ITEMS = 500  # questionnaires in one batch from a tablet


def parse_submission(
    item: Any, channel: str, device_id: int | None = None, collected_by_id: int | None = None
) -> Submission:
    """Read a JSON object; raise ``SubmissionRejected`` (malformed) naming the first bad field."""
    if not isinstance(item, Mapping):
        raise SubmissionRejected({"body": "un objet JSON est attendu"}, Reason.MALFORMED)
    unknown = sorted(set(item) - FIELDS - OPTIONAL_FIELDS)
    if unknown:
        raise SubmissionRejected({unknown[0]: "champ inconnu"}, Reason.MALFORMED)
    return Submission(
        client_uuid=_uuid(item.get("client_uuid")),
        version_id=_integer(item, "version_id"),
        quartier_id=_string(item, "quartier_id"),
        answers=_answers(item.get("answers")),
        channel=channel,
        submitted_at=_moment(item, "submitted_at"),
        started_at=_moment(item, "started_at"),
        language=_language(item.get("language", "fr")),
        device_id=device_id,
        collected_by_id=collected_by_id,
    )


def _uuid(value: Any) -> str:
    if not isinstance(value, str):
        raise SubmissionRejected({"client_uuid": "un UUID (texte) est attendu"}, Reason.MALFORMED)
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        raise SubmissionRejected({"client_uuid": "UUID invalide"}, Reason.MALFORMED) from None
    return str(parsed)


def _integer(item: Mapping, name: str) -> int:
    value = item.get(name)
    if isinstance(value, bool) or not isinstance(value, int):
        raise SubmissionRejected({name: "un nombre entier est attendu"}, Reason.MALFORMED)
    if not 0 < value <= MAX_ID:
        raise SubmissionRejected(
            {name: f"un nombre entier entre 1 et {MAX_ID} est attendu"}, Reason.MALFORMED
        )
    return value


def _string(item: Mapping, name: str) -> str:
    value = item.get(name)
    if not isinstance(value, str) or not value or len(value) > 100 or has_forbidden(value):
        raise SubmissionRejected({name: "un texte non vide est attendu"}, Reason.MALFORMED)
    return value


def _answers(value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise SubmissionRejected(
            {"answers": "un objet {question: réponse} est attendu"}, Reason.MALFORMED
        )
    for key, answer in value.items():
        if not _is_answer_value(answer):
            raise SubmissionRejected(
                {f"answers.{key}": "type de réponse invalide"}, Reason.MALFORMED
            )
    return dict(value)


def _is_answer_value(value: Any) -> bool:
    if value is None or isinstance(value, str):
        return True
    if isinstance(value, int) and not isinstance(value, bool):
        return True
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _moment(item: Mapping, name: str) -> datetime | None:
    value = item.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise SubmissionRejected({name: "une date ISO 8601 est attendue"}, Reason.MALFORMED)
    moment = parse_moment(value)
    if moment is None:
        raise SubmissionRejected({name: "date ISO 8601 invalide"}, Reason.MALFORMED)
    return moment


def parse_moment(value: str) -> datetime | None:
    """An ISO 8601 date as an aware UTC datetime; ``None`` if unreadable or out of range.

    « 9999-12-31T23:59:59-14:00 » is valid ISO 8601 yet past the year 9999 in UTC: Python
    and the databases cannot hold it.
    """
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _language(value: Any) -> str:
    if (
        not isinstance(value, str)
        or not 0 < len(value) <= MAX_LANGUAGE_LENGTH
        or has_forbidden(value)
    ):
        raise SubmissionRejected({"language": "code de langue invalide"}, Reason.MALFORMED)
    return value
