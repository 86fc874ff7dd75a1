"""Meetings beside respondents: how many were held per quartier and how many took part."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.models import Consultation, Meeting


def meeting_participation(session: Session, consultation_id: int) -> dict[str, tuple[int, int]]:
    """``{quartier_id: (meetings, declared participants)}``, every quartier of the consultation.

    Participants are declared per meeting and shown beside respondents, never added to them.
    """
    consultation = session.get(Consultation, consultation_id)
    rows = session.execute(
        select(Meeting.quartier_id, func.count(Meeting.id), func.sum(Meeting.participants))
        .where(Meeting.consultation_id == consultation_id)
        .group_by(Meeting.quartier_id)
    )
    found = {quartier: (count, int(total or 0)) for quartier, count, total in rows}
    return {q.id: found.get(q.id, (0, 0)) for q in consultation.quartiers}
