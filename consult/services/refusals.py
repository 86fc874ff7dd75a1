"""Counts of anonymous submissions refused by the rate limit or sent in a burst (no address)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from consult.models import RefusedSubmissions

# Both dialects' inserts take ON CONFLICT … DO UPDATE with the same arguments.
INSERTS: dict[str, Callable[[type[RefusedSubmissions]], postgresql.Insert | sqlite.Insert]] = {
    "postgresql": postgresql.insert,
    "sqlite": sqlite.insert,
}


def record_refusal(session: Session, at: datetime) -> None:
    """One more anonymous answer refused in the minute of ``at``."""
    _add(session, at, "refused")


def record_burst(session: Session, at: datetime) -> None:
    """One more anonymous answer accepted from an address past half of its allowance."""
    _add(session, at, "in_burst")


def _add(session: Session, at: datetime, column: str) -> None:
    # An upsert, so that concurrent workers add up instead of colliding on the minute.
    minute = at.replace(second=0, microsecond=0)
    insert = INSERTS[session.get_bind().dialect.name](RefusedSubmissions)
    row = {"minute": minute, "refused": 0, "in_burst": 0} | {column: 1}
    statement = insert.values(**row).on_conflict_do_update(
        index_elements=[RefusedSubmissions.minute],
        set_={column: getattr(RefusedSubmissions, column) + 1},
    )
    session.execute(statement)
