"""Tidy frames of a consultation's answers, cached per consultation until the data changes.

Staff pages, exports and the report all read the same frames, so that a figure cannot differ
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

from consult.models import Answer, AuditEvent, Contribution, QuoteDecision, Response, ThemeTag
from consult.reports.coded import coded_answers_frame, coded_contributions_frame

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
    key = (f"{session.get_bind().engine.url}:{name}", consultation_id)
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
    """``coded_answers_frame`` of the consultation: one row per (answer, effective theme).

    ``theme`` is None for an answer « à classer ». Shared between requests: never mutate it.
    """
    return cached(session, consultation_id, "answers", coded_answers_frame)


def contributions_frame(session: Session, consultation_id: int) -> pd.DataFrame:
    """``coded_contributions_frame`` of the consultation (collective voices of meetings)."""
    return cached(session, consultation_id, "contributions", coded_contributions_frame)


def quote_decisions(session: Session, consultation_id: int) -> dict[int, bool]:
    """Answer id -> publishable, for the answers staff have decided on (cached like the frames;
    decisions are audited, so the fingerprint changes with them)."""

    def build(session: Session, consultation_id: int) -> dict[int, bool]:
        rows = session.execute(
            select(QuoteDecision.answer_id, QuoteDecision.publishable)
            .join(Answer, QuoteDecision.answer_id == Answer.id)
            .join(Response, Answer.response_id == Response.id)
            .where(Response.consultation_id == consultation_id)
        ).all()
        return {answer_id: bool(publishable) for answer_id, publishable in rows}

    return cached(session, consultation_id, "quote_decisions", build)


def forget_cache() -> None:
    """Drop every cached frame (tests, demo removal)."""
    with _lock:
        _cache.clear()
