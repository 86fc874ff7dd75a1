"""Counts of anonymous submissions refused by the rate limit (no address, only how many)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from consult.models import RefusedSubmissions

INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def record_refusal(session: Session, at: datetime) -> None:
    """Add one refusal to the count of its minute (an upsert: concurrent workers add up)."""
    minute = at.replace(second=0, microsecond=0)
    insert = INSERTS[session.get_bind().dialect.name](RefusedSubmissions)
    statement = insert.values(minute=minute, refused=1).on_conflict_do_update(
        index_elements=[RefusedSubmissions.minute],
        set_={"refused": RefusedSubmissions.refused + 1},
    )
    session.execute(statement)


def refused_since(session: Session, since: datetime) -> int:
    """How many anonymous submissions were refused from ``since`` on (to the minute)."""
    start = since.replace(second=0, microsecond=0)
    query = select(func.coalesce(func.sum(RefusedSubmissions.refused), 0))
    return int(session.scalar(query.where(RefusedSubmissions.minute >= start)))


def refused_last_hour(session: Session, now: datetime) -> int:
    return refused_since(session, now - timedelta(hours=1))
