"""A consultation at a glance: who answered, where, through which channel, and what is left to code.

Every respondent count is a published figure of :mod:`consult.reports.published` (the one
suppression shared with the quartier pages, exports and report). Meeting participants are
declared per meeting and shown beside respondents, never added to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.suppression import Figure, Hidden, is_hidden
from consult.models import Consultation, Quartier, Response
from consult.questionnaire.segments import AGE_BANDS, CHANNELS, GENDERS, PUBLICS
from consult.reports.charts import BarChart
from consult.reports.frames import answers_frame, cached
from consult.reports.labels import (
    AGE_BAND_LABELS,
    CHANNEL_LABELS,
    GENDER_LABELS,
    PUBLIC_LABELS,
)
from consult.reports.meetings import meeting_participation
from consult.reports.published import published_figures
from consult.reports.representativeness import Representativeness, representativeness
from consult.reports.summaries import ROLE_TITLES, summarize, top_chart
from consult.reports.tables import TOTAL, Table, segment_table


@dataclass(frozen=True)
class QuartierRate:
    quartier: Quartier
    respondents: Figure
    rate: float | Hidden | None
    meetings: int
    participants: int


@dataclass(frozen=True)
class QuartierFindings:
    """What a quartier's respondents say most: top priorités and atouts as bar charts."""

    quartier: Quartier
    respondents: Figure
    charts: dict[str, BarChart]  # role -> chart; empty when the quartier's figures are hidden


@dataclass(frozen=True)
class Overview:
    consultation: Consultation
    respondents: Table
    rates: list[QuartierRate]
    channels: Table
    age_bands: Table
    genders: Table
    representativeness: list[Representativeness]
    first_answer: datetime | None
    last_answer: datetime | None
    to_classify: dict[str, int]
    answers: int
    findings: list[QuartierFindings]
    k: int

    @property
    def total(self) -> Figure:
        return self.respondents.cells.loc[TOTAL, TOTAL]


def consultation_overview(session: Session, consultation: Consultation, k: int) -> Overview:
    """Every figure of the overview page, suppressed with threshold ``k``.

    The tables are computed once per state of the data (``consult.reports.frames.cached``);
    rates and representativeness are rebuilt from them on each call, with the live ORM objects.
    """
    figures = cached(
        session, consultation.id, f"overview:{k}", lambda s, _: _figures(s, consultation, k)
    )
    return Overview(
        consultation=consultation,
        rates=_rates(session, consultation, figures["respondents"]),
        representativeness=representativeness(
            published_figures(session, consultation, k), consultation
        ),
        findings=_findings(session, consultation, k),
        k=k,
        **figures,
    )


def _figures(session: Session, consultation: Consultation, k: int) -> dict:
    published = published_figures(session, consultation, k)
    names = {q.id: q.name for q in consultation.quartiers}
    first, last = session.execute(
        select(func.min(Response.submitted_at), func.max(Response.submitted_at)).where(
            Response.consultation_id == consultation.id
        )
    ).one()
    frame = answers_frame(session, consultation.id)
    tables = {
        "respondents": ("public", list(PUBLICS), PUBLIC_LABELS),
        "channels": ("channel", list(CHANNELS), CHANNEL_LABELS),
        "age_bands": ("age_band", list(AGE_BANDS), AGE_BAND_LABELS),
        "genders": ("gender", list(GENDERS), GENDER_LABELS),
    }
    return {
        **{
            name: segment_table(published, dim, codes, TITLES[name], names, labels)
            for name, (dim, codes, labels) in tables.items()
        },
        "first_answer": first,
        "last_answer": last,
        "to_classify": _to_classify(frame),
        "answers": int(frame["answer_id"].nunique()),
    }


TITLES = {
    "respondents": "Répondants par quartier, jeunes et adultes",
    "channels": "Répondants par canal de collecte",
    "age_bands": "Répondants par tranche d'âge",
    "genders": "Répondants par genre",
}


def _findings(session: Session, consultation: Consultation, k: int) -> list[QuartierFindings]:
    published = published_figures(session, consultation, k)
    frame = answers_frame(session, consultation.id)
    found = []
    for quartier in consultation.quartiers:
        summary = summarize(published, frame, quartier.id, top=0)
        charts = {}
        if not summary.too_small:
            charts = {
                role: top_chart(summary, role, f"{quartier.name} : {ROLE_TITLES[role]}")
                for role in ("priorites", "atouts")
            }
        found.append(QuartierFindings(quartier, summary.respondents, charts))
    return found


def _rates(session: Session, consultation: Consultation, respondents: Table) -> list[QuartierRate]:
    meetings = meeting_participation(session, consultation.id)
    rates = []
    for quartier in consultation.quartiers:
        total = respondents.cells.loc[quartier.id, TOTAL]
        if is_hidden(total) or not quartier.population:
            rate = total if is_hidden(total) else None
        else:
            rate = 100.0 * total / quartier.population
        count, participants = meetings.get(quartier.id, (0, 0))
        rates.append(QuartierRate(quartier, total, rate, count, participants))
    return rates


def _to_classify(frame: pd.DataFrame) -> dict[str, int]:
    """Answers with no theme yet, per role (work queue for the coding screen)."""
    empty = frame[frame["theme"].isna()]
    counts = empty.groupby("role")["answer_id"].nunique().to_dict()
    return {role: int(counts.get(role, 0)) for role in ("priorites", "atouts")}
