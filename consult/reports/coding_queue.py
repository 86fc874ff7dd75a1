"""What the coding screen lists: answers of a theme (or « à classer ») with their tag states."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.config import UNCLASSIFIED
from consult.models import ANSWER_TAG_COLUMNS, ThemeTag
from consult.reports.labels import theme_labels

PAGE_SIZE = 25


@dataclass(frozen=True)
class TagState:
    theme: str
    label: str
    auto: bool  # suggested by the tagger
    evidence: str | None
    decision: str | None  # None (suggestion only), 'confirmed' or 'removed'

    @property
    def active(self) -> bool:
        return self.decision != "removed"


@dataclass(frozen=True)
class QueueItem:
    answer_id: int
    quartier: str
    role: str
    public: str
    channel: str
    text: str
    tags: list[TagState]


@dataclass(frozen=True)
class Queue:
    items: list[QueueItem]
    total: int
    page: int
    pages: int


def answers_per_theme(frame: pd.DataFrame) -> dict[str, int]:
    """Answers per effective theme, « à classer » first."""
    answers = frame.drop_duplicates(["answer_id", "theme"])
    counts = answers["theme"].fillna(UNCLASSIFIED).value_counts().to_dict()
    return {t: int(counts.get(t, 0)) for t in [UNCLASSIFIED, *theme_labels()]}


def coding_queue(
    session: Session,
    frame: pd.DataFrame,
    theme: str,
    quartier: str | None = None,
    role: str | None = None,
    page: int = 1,
) -> Queue:
    """One page of the answers carrying ``theme`` (or no theme, for ``UNCLASSIFIED``)."""
    rows = frame[frame["theme"].isna()] if theme == UNCLASSIFIED else frame[frame["theme"] == theme]
    if quartier:
        rows = rows[rows["quartier"] == quartier]
    if role:
        rows = rows[rows["role"] == role]
    rows = rows.drop_duplicates("answer_id").sort_values("answer_id")
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    chosen = rows.iloc[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    states = _tag_states(session, chosen["answer_id"].tolist())
    items = [
        QueueItem(
            r.answer_id,
            r.quartier,
            r.role,
            r.public,
            r.channel,
            r.text,
            states.get(r.answer_id, []),
        )
        for r in chosen.itertuples()
    ]
    return Queue(items, len(rows), page, pages)


def _tag_states(session: Session, answer_ids: list[int]) -> dict[int, list[TagState]]:
    rows = session.execute(
        select(*ANSWER_TAG_COLUMNS)
        .where(ThemeTag.answer_id.in_(answer_ids), ThemeTag.theme != UNCLASSIFIED)
        .order_by(ThemeTag.id)
    )
    found: dict[int, dict[str, dict]] = {}
    for answer_id, theme, source, rejected, evidence in rows:
        if answer_id is None:  # a contribution's tag: the IN above keeps none (column nullable)
            raise RuntimeError("a tag without an answer in the coding queue")
        state = found.setdefault(answer_id, {}).setdefault(
            theme, {"auto": False, "evidence": None, "decision": None}
        )
        if source == "auto":
            state["auto"], state["evidence"] = True, evidence
        else:
            state["decision"] = "removed" if rejected else "confirmed"
    labels = theme_labels()
    return {
        answer_id: [TagState(t, labels.get(t, t), **s) for t, s in themes.items()]
        for answer_id, themes in found.items()
    }
