"""Answers and meeting contributions with their effective themes, as tidy frames.

The one place that turns stored ``ThemeTag`` rows into the themes every reader shows: per
(answer or contribution, theme), a staff coding (``source='manual'``) wins over the automatic
tag, a rejected theme is dropped, and the « à classer » marker (:data:`UNCLASSIFIED`) means no
theme. « Sans avis » (:data:`SANS_AVIS`) stays a theme id so that summaries count it apart.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.codings import effective_tags
from consult.models import (
    ANSWER_TAG_COLUMNS,
    ANSWER_TAG_FIELDS,
    Answer,
    Consultation,
    Contribution,
    Meeting,
    Response,
    ThemeTag,
)
from consult.questionnaire.segments import ANSWER_ROLES

BATCH_SIZE = 1_000  # answer ids per ``IN (...)`` query


ANSWER_COLUMNS = [
    "answer_id",
    "respondent",
    "consultation_id",
    "wave",
    "quartier",
    "role",
    "text",
    "age_band",
    "gender",
    "public",
    "residence",
    "channel",
]
FRAME_COLUMNS = [*ANSWER_COLUMNS, "theme", "source", "evidence"]


def coded_answers_frame(
    session: Session, consultation_id: int | None = None, quartier_id: str | None = None
) -> pd.DataFrame:
    """Answers with their respondent's segments and effective themes, for the summaries.

    One row per (answer, effective theme); an answer with no theme (« à classer », or all
    themes removed by staff) has one row with ``theme`` = ``None``; an answer with no opinion
    (« jsp », « rien », emoji only, or so coded by staff) has a row with ``theme`` =
    ``"sans_avis"`` (:data:`analysis.config.SANS_AVIS`): count it apart, never in a theme's
    base. Columns:

    - ``answer_id``, ``respondent`` (the response id: count respondents with ``nunique``),
      ``consultation_id``, ``wave``, ``quartier`` (quartier id), ``role`` ('atouts' |
      'priorites'), ``text``;
    - segments ``age_band``, ``gender``, ``public``, ``residence``, ``channel`` (ARCHITECTURE.md);
    - ``theme`` (theme id, ``"sans_avis"`` or None), ``source`` ('auto' | 'manual' | None),
      ``evidence``.

    Feed it to :mod:`analysis.distinctive`, :mod:`analysis.quotes`.
    """
    answers = _answers(session, consultation_id, quartier_id)
    tags = _tags_of(session, answers["answer_id"].tolist())
    frame = answers.merge(tags, on="answer_id", how="left")
    frame = frame.astype({"theme": object, "source": object, "evidence": object})
    return frame.where(frame.notna(), None)[FRAME_COLUMNS].reset_index(drop=True)


def _answers(session, consultation_id, quartier_id) -> pd.DataFrame:
    query = (
        select(
            Answer.id,
            Answer.response_id,
            Response.consultation_id,
            Consultation.wave,
            Response.quartier_id,
            Answer.role,
            Answer.text,
            Response.age_band,
            Response.gender,
            Response.public,
            Response.residence,
            Response.channel,
        )
        .join(Response, Answer.response_id == Response.id)
        .join(Consultation, Response.consultation_id == Consultation.id)
        .where(Answer.role.in_(ANSWER_ROLES), Answer.text.is_not(None), Answer.text != "")
        .order_by(Answer.id)
    )
    if consultation_id is not None:
        query = query.where(Response.consultation_id == consultation_id)
    if quartier_id is not None:
        query = query.where(Response.quartier_id == quartier_id)
    return pd.DataFrame(session.execute(query).all(), columns=ANSWER_COLUMNS)


def _tags_of(session, answer_ids: list[int]) -> pd.DataFrame:
    columns = list(ANSWER_TAG_FIELDS)
    rows = []
    for start in range(0, len(answer_ids), BATCH_SIZE):
        chunk = answer_ids[start : start + BATCH_SIZE]
        rows += session.execute(
            select(*ANSWER_TAG_COLUMNS).where(ThemeTag.answer_id.in_(chunk))
        ).all()
    return effective_tags(pd.DataFrame(rows, columns=columns), ["answer_id"])


def coded_contributions_frame(session: Session, consultation_id: int | None = None) -> pd.DataFrame:
    """Meeting contributions with effective themes: one row per (contribution, theme).

    Columns: ``contribution_id``, ``meeting_id``, ``quartier``, ``kind`` ('atout'|'priorite'),
    ``text``, ``votes``, ``participants``, ``theme`` (None when none), ``source``, ``evidence``.
    Collective voices: never add them to respondent counts.
    """
    query = select(
        Contribution.id,
        Contribution.meeting_id,
        Meeting.quartier_id,
        Contribution.kind,
        Contribution.text,
        Contribution.votes,
        Meeting.participants,
    ).join(Meeting)
    if consultation_id is not None:
        query = query.where(Meeting.consultation_id == consultation_id)
    columns = ["contribution_id", "meeting_id", "quartier", "kind", "text", "votes", "participants"]
    items = pd.DataFrame(session.execute(query.order_by(Contribution.id)).all(), columns=columns)
    rows = session.execute(
        select(
            ThemeTag.contribution_id,
            ThemeTag.theme,
            ThemeTag.source,
            ThemeTag.rejected,
            ThemeTag.evidence,
        ).where(ThemeTag.contribution_id.is_not(None))
    ).all()
    tags = effective_tags(
        pd.DataFrame(rows, columns=["contribution_id", "theme", "source", "rejected", "evidence"]),
        ["contribution_id"],
    )
    frame = items.merge(tags, on="contribution_id", how="left").astype({"theme": object})
    return frame.where(frame.notna(), None).reset_index(drop=True)
