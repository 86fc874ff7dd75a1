"""The staff dashboard: respondents per quartier for every consultation, and anonymous bursts.

Counts are each consultation's published table (exact counts beside it would undo its
suppression by subtraction); a user restricted to a quartier sees that quartier's row only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.models import Consultation, Quartier, RefusedSubmissions, Response
from consult.reports.overview import consultation_overview
from consult.reports.representativeness import Representativeness
from consult.reports.tables import Table


@dataclass(frozen=True)
class ConsultationCounts:
    consultation: Consultation
    respondents: Table
    representativeness: list[Representativeness]
    quartiers: list[Quartier]


def consultation_counts(session: Session, k: int, scope: str | None) -> list[ConsultationCounts]:
    """Every consultation, real ones first, newest first; ``scope``: a user's one quartier."""
    consultations = session.scalars(
        select(Consultation).order_by(Consultation.is_demo, Consultation.id.desc())
    ).all()
    return [_counts(session, consultation, k, scope) for consultation in consultations]


def _counts(session: Session, consultation: Consultation, k: int, scope: str | None):
    overview = consultation_overview(session, consultation, k)
    counts = overview.respondents
    if scope is not None:  # a quartier's own row of the published table, no totals
        counts = counts.only_rows([scope])
    return ConsultationCounts(
        consultation,
        counts,
        [f for f in overview.representativeness if scope in (None, f.quartier.id)],
        [q for q in consultation.quartiers if scope in (None, q.id)],
    )


def collecting(session: Session) -> bool:
    """A real (not demo) consultation is open and has answers: the « Premiers pas » are done."""
    open_real = select(Consultation.id).where(
        Consultation.status == "open", Consultation.is_demo.is_(False)
    )
    answered = select(Response.id).where(Response.consultation_id.in_(open_real)).limit(1)
    return session.scalar(answered) is not None


@dataclass(frozen=True)
class AnonymousBursts:
    refused: int
    in_burst: int

    @property
    def total(self) -> int:
        return self.refused + self.in_burst


def bursts_since(session: Session, since: datetime) -> AnonymousBursts:
    """Refused and burst answers from ``since`` on (to the minute)."""
    start = since.replace(second=0, microsecond=0)
    query = select(
        func.coalesce(func.sum(RefusedSubmissions.refused), 0),
        func.coalesce(func.sum(RefusedSubmissions.in_burst), 0),
    ).where(RefusedSubmissions.minute >= start)
    refused, in_burst = session.execute(query).one()
    return AnonymousBursts(int(refused), int(in_burst))


def bursts_last_hour(session: Session, now: datetime) -> AnonymousBursts:
    """Refused and burst anonymous answers of the last hour: a burst shows on the dashboard."""
    return bursts_since(session, now - timedelta(hours=1))
