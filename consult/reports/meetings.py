"""Meetings beside respondents: how many were held and took part, and the themes they raised."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.models import Consultation, Meeting
from consult.reports.labels import theme_labels


def meeting_participation(session: Session, consultation_id: int) -> dict[str, tuple[int, int]]:
    """``{quartier_id: (meetings, declared participants)}``, every quartier of the consultation.

    Participants are declared per meeting and shown beside respondents, never added to them.
    """
    consultation = session.get_one(Consultation, consultation_id)
    rows = session.execute(
        select(Meeting.quartier_id, func.count(Meeting.id), func.sum(Meeting.participants))
        .where(Meeting.consultation_id == consultation_id)
        .group_by(Meeting.quartier_id)
    )
    found = {quartier: (count, int(total or 0)) for quartier, count, total in rows}
    return {q.id: found.get(q.id, (0, 0)) for q in consultation.quartiers}


@dataclass(frozen=True)
class MeetingTheme:
    label: str
    kind: str
    contributions: int
    votes: int
    examples: list[str]


def meeting_themes(contributions: pd.DataFrame, quartier_id: str) -> list[MeetingTheme]:
    """Themes of the contributions recorded at the quartier's meetings (collective voices).

    Meetings speak for a group, not for one person: no respondent count, no suppression by k,
    but never added to respondents' figures.
    """
    rows = contributions[
        (contributions["quartier"] == quartier_id) & contributions["theme"].notna()
    ]
    labels = theme_labels()
    found = []
    for (theme, kind), items in rows.groupby(["theme", "kind"]):
        votes = int(pd.to_numeric(items["votes"], errors="coerce").fillna(0).sum())
        examples = list(dict.fromkeys(items["text"]))[:2]
        found.append(
            MeetingTheme(
                labels.get(theme, theme), kind, items["contribution_id"].nunique(), votes, examples
            )
        )
    return sorted(found, key=lambda m: (m.kind != "priorite", -m.contributions, m.label))
