"""Submissions kept for review: an admin marks a conflict as checked (the first answer counts)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from consult.models import SubmissionConflict
from consult.services.audit import record_event


class UnknownConflict(LookupError):
    """No conflict has that id."""


def resolve_conflict(session: Session, conflict_id: int, user_id: int | None) -> None:
    """Mark a conflict as checked, audited; the answer already stored stays the one counted."""
    conflict = session.get(SubmissionConflict, conflict_id)
    if conflict is None:
        raise UnknownConflict(conflict_id)
    conflict.resolved = True
    record_event(session, user_id, "resolve", "submission_conflict", conflict.id)
