"""Submissions kept for review: same client UUID as a stored answer, different content."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.models import Response, SubmissionConflict


@dataclass(frozen=True)
class Conflict:
    received: SubmissionConflict
    stored: Response | None  # the answer already counted under that UUID

    def answers(self) -> list[tuple[str, object, object]]:
        """(question, counted value, value received in conflict), every question of either."""
        counted = {a.question_key: a.value for a in self.stored.answers} if self.stored else {}
        received = dict(self.received.payload.get("answers") or {})
        keys = dict.fromkeys([*counted, *received])
        return [(key, counted.get(key, "—"), received.get(key, "—")) for key in keys]


def open_conflicts(session: Session) -> list[Conflict]:
    """Conflicts not yet marked as checked, oldest first, beside the answer that counts."""
    rows = session.scalars(
        select(SubmissionConflict)
        .filter_by(resolved=False)
        .order_by(SubmissionConflict.received_at)
    ).all()
    uuids = [row.client_uuid for row in rows]
    responses = session.scalars(select(Response).where(Response.client_uuid.in_(uuids)))
    stored = {response.client_uuid: response for response in responses}
    return [Conflict(row, stored.get(row.client_uuid)) for row in rows]
