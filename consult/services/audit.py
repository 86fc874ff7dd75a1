"""Append-only log of staff changes to data."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from consult.models import AuditEvent


def record_event(
    session: Session,
    user_id: int | None,
    action: str,
    entity: str,
    entity_id: Any = None,
    details: dict | None = None,
) -> AuditEvent:
    event = AuditEvent(
        user_id=user_id,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        details=details,
    )
    session.add(event)
    return event
