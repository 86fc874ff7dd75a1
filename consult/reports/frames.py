"""Tidy frames of a consultation's answers, cached per consultation until the data changes.

Staff pages, exports and the report all read the same frame, so that a figure cannot differ
between them. The frame is rebuilt only when a cheap fingerprint of the stored rows changes
(new answers, new or changed tags, any audited staff change): themes are never recomputed here,
they are read from stored ``ThemeTag`` rows (manual rows win over automatic ones).
"""

from __future__ import annotations

import threading
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.models import (
    Answer,
    AuditEvent,
    Contribution,
    Meeting,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    ThemeTag,
)
from consult.questionnaire.segments import ANSWER_ROLES

ANSWER_COLUMNS = [
    "answer_id",
    "response_id",
    "quartier_id",
    "questionnaire",
    "role",
    "text",
    "channel",
    "age_band",
    "gender",
    "public",
    "submitted_at",
]
SEGMENT_COLUMNS = ("age_band", "gender", "public", "channel")

_cache: dict[tuple[str, int], tuple[tuple, Any]] = {}
_lock = threading.Lock()


def fingerprint(session: Session) -> tuple:
    """Changes whenever answers, tags, meetings or audited staff decisions change."""
    row = session.execute(
        select(
            select(func.count(Answer.id)).scalar_subquery(),
            select(func.max(Answer.id)).scalar_subquery(),
            select(func.count(ThemeTag.id)).scalar_subquery(),
            select(func.max(ThemeTag.id)).scalar_subquery(),
            select(func.max(AuditEvent.id)).scalar_subquery(),
            select(func.max(Contribution.id)).scalar_subquery(),
            select(func.count(Contribution.id)).scalar_subquery(),
        )
    ).one()
    return tuple(row)


def cached(session: Session, consultation_id: int, name: str, build) -> Any:
    """``build(session, consultation_id)`` once per fingerprint of the database."""
    key = (f"{session.get_bind().url}:{name}", consultation_id)
    stamp = fingerprint(session)
    with _lock:
        hit = _cache.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    value = build(session, consultation_id)
    with _lock:
        _cache[key] = (stamp, value)
    return value


def answers_frame(session: Session, consultation_id: int) -> pd.DataFrame:
    """One row per atout/priorité answer, with its respondent's segments and effective themes.

    Columns: ``ANSWER_COLUMNS`` + ``themes`` (tuple of theme ids, manual decisions applied),
    ``auto_themes`` (tuple), ``confirmed`` (tuple of themes a person confirmed or added) and
    ``evidence`` (dict theme -> words that fired the automatic tag).
    Treat it as read-only: it is shared between requests.
    """
    return cached(session, consultation_id, "answers", _build_answers_frame)


def _build_answers_frame(session: Session, consultation_id: int) -> pd.DataFrame:
    rows = session.execute(
        select(
            Answer.id,
            Answer.response_id,
            Response.quartier_id,
            Questionnaire.slug,
            Answer.role,
            Answer.text,
            Response.channel,
            Response.age_band,
            Response.gender,
            Response.public,
            Response.submitted_at,
        )
        .join(Response, Answer.response_id == Response.id)
        .join(QuestionnaireVersion, Response.version_id == QuestionnaireVersion.id)
        .join(Questionnaire, QuestionnaireVersion.questionnaire_id == Questionnaire.id)
        .where(Response.consultation_id == consultation_id, Answer.role.in_(ANSWER_ROLES))
        .where(Answer.text.is_not(None), Answer.text != "")
        .order_by(Answer.id)
    ).all()
    frame = pd.DataFrame(rows, columns=ANSWER_COLUMNS)
    tags = _effective_tags(session, consultation_id)
    frame["themes"] = [tags["themes"].get(i, ()) for i in frame["answer_id"]]
    frame["auto_themes"] = [tags["auto"].get(i, ()) for i in frame["answer_id"]]
    frame["confirmed"] = [tags["confirmed"].get(i, ()) for i in frame["answer_id"]]
    frame["evidence"] = [tags["evidence"].get(i, {}) for i in frame["answer_id"]]
    return frame


def _effective_tags(session: Session, consultation_id: int) -> dict[str, dict]:
    """Per answer id: effective themes, automatic themes, confirmed themes and evidence."""
    rows = session.execute(
        select(ThemeTag.answer_id, ThemeTag.theme, ThemeTag.source, ThemeTag.rejected,
               ThemeTag.evidence)
        .join(Answer, ThemeTag.answer_id == Answer.id)
        .join(Response, Answer.response_id == Response.id)
        .where(Response.consultation_id == consultation_id)
        .order_by(ThemeTag.id)
    )
    auto: dict[int, dict[str, str | None]] = {}
    manual: dict[int, dict[str, bool]] = {}
    for answer_id, theme, source, rejected, evidence in rows:
        if source == "auto":
            auto.setdefault(answer_id, {})[theme] = evidence
        else:
            manual.setdefault(answer_id, {})[theme] = bool(rejected)
    result: dict[str, dict] = {"themes": {}, "auto": {}, "confirmed": {}, "evidence": {}}
    for answer_id in auto.keys() | manual.keys():
        found, decided = auto.get(answer_id, {}), manual.get(answer_id, {})
        kept = [t for t in found if not decided.get(t, False)]
        added = [t for t, rejected in decided.items() if not rejected and t not in found]
        result["themes"][answer_id] = tuple(kept + added)
        result["auto"][answer_id] = tuple(found)
        result["confirmed"][answer_id] = tuple(t for t, r in decided.items() if not r)
        result["evidence"][answer_id] = {t: e for t, e in found.items() if e}
    return result


def meetings_frame(session: Session, consultation_id: int) -> pd.DataFrame:
    """One row per meeting: quartier, date, kind, participants and number of contributions."""
    rows = session.execute(
        select(
            Meeting.id,
            Meeting.quartier_id,
            Meeting.held_on,
            Meeting.kind,
            Meeting.participants,
            func.count(Contribution.id),
        )
        .outerjoin(Contribution, Contribution.meeting_id == Meeting.id)
        .where(Meeting.consultation_id == consultation_id)
        .group_by(Meeting.id)
        .order_by(Meeting.held_on)
    ).all()
    columns = ["meeting_id", "quartier_id", "held_on", "kind", "participants", "contributions"]
    return pd.DataFrame(rows, columns=columns)


def forget_cache() -> None:
    """Drop every cached frame (tests, demo removal)."""
    with _lock:
        _cache.clear()
