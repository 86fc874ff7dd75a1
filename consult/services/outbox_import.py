"""Import an outbox file downloaded from a tablet (the escape hatch), with the API's rules.

Every item goes through ``record_submission``: an answer already received is a duplicate and
stores nothing, a different answer under a known UUID is kept as a conflict for review.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from consult.models import Device
from consult.services.audit import record_event
from consult.services.submission_payload import parse_submission
from consult.services.submissions import SubmissionRejected, record_submission

FORMAT = "consult-outbox"


class OutboxFileError(ValueError):
    """The file is not an outbox file; the message is French and meant for the admin."""


@dataclass
class OutboxReport:
    created: int = 0
    duplicate: int = 0
    conflict: int = 0
    rejected: list[tuple[int, str | None, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.duplicate + self.conflict + len(self.rejected)


def read_outbox_file(raw: bytes) -> dict:
    """Parse and check the envelope of an outbox file."""
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise OutboxFileError("Ce fichier n'est pas un fichier JSON lisible.") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise OutboxFileError("Ce fichier n'est pas un export de réponses de Consult.")
    if not isinstance(document.get("items"), list):
        raise OutboxFileError("Le fichier ne contient pas de liste de réponses (« items »).")
    return document


def import_outbox(session: Session, document: dict, user_id: int | None = None) -> OutboxReport:
    """Record every item of an outbox file inside the caller's transaction."""
    device = _device(session, document.get("device"))
    channel = "tablette" if device is not None else "web"
    report = OutboxReport()
    for index, item in enumerate(document["items"]):
        payload = item.get("submission", item) if isinstance(item, dict) else item
        try:
            submission = parse_submission(payload, channel, device.id if device else None)
            outcome = record_submission(session, submission)
        except SubmissionRejected as exc:
            report.rejected.append((index, _uuid_of(payload), str(exc)))
            continue
        setattr(report, outcome.status, getattr(report, outcome.status) + 1)
    details = {
        "created": report.created,
        "duplicate": report.duplicate,
        "conflict": report.conflict,
        "rejected": len(report.rejected),
    }
    record_event(session, user_id, "import", "outbox", device.id if device else None, details)
    return report


def _device(session: Session, described: Any) -> Device | None:
    """The tablet the file says it comes from, if it is one of ours (revoked ones included)."""
    if not isinstance(described, dict) or not isinstance(described.get("id"), int):
        return None
    device = session.get(Device, described["id"])
    return device if device is not None and device.name == described.get("name") else None


def _uuid_of(payload: Any) -> str | None:
    value = payload.get("client_uuid") if isinstance(payload, dict) else None
    return value if isinstance(value, str) else None
