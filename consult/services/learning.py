"""Learn from staff: the staff-coded answers, and training of the model they teach.

An answer is *staff-coded* once staff confirmed, removed or added any of its themes: its themes
are then the ones staff left (manual rows win, suggestions they left in place stay), « sans
avis » and « à classer » excepted. The model is trained on those, measured against the
codebook alone by cross-validation and stored for the codebook version; tagging uses it only
when it helps (:attr:`analysis.learned.Evaluation.helps`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.codings import effective_tags
from analysis.config import SANS_AVIS
from analysis.learned import MIN_EXAMPLES, MIN_PER_THEME, Evaluation, Example, train
from analysis.tagging import Tagger, tagger_for
from consult.models import ANSWER_TAG_COLUMNS, ANSWER_TAG_FIELDS, Answer, LearnedModel, ThemeTag
from consult.questionnaire.segments import ANSWER_ROLES
from consult.services.coding import register_codebook
from consult.services.learned_models import library_version, stored_model


class NotEnoughCodings(ValueError):
    """Too few staff codings to learn from; the message (French) says what is missing."""


@dataclass(frozen=True)
class TrainingOutcome:
    evaluation: Evaluation
    active: bool
    was_active: bool  # a model was in use before this training


def staff_coded_examples(session: Session) -> list[Example]:
    """Every staff-coded answer with the themes staff left on it, oldest first."""
    coded = (
        select(ThemeTag.answer_id)
        .where(ThemeTag.source == "manual", ThemeTag.answer_id.is_not(None))
        .distinct()
    )
    texts = dict(
        session.execute(
            select(Answer.id, Answer.text).where(
                Answer.id.in_(coded), Answer.role.in_(ANSWER_ROLES), Answer.text.is_not(None)
            )
        ).all()
    )
    rows = session.execute(select(*ANSWER_TAG_COLUMNS).where(ThemeTag.answer_id.in_(coded))).all()
    columns = list(ANSWER_TAG_FIELDS)
    tags = effective_tags(pd.DataFrame(rows, columns=columns), ["answer_id"])
    themes = tags[tags["theme"] != SANS_AVIS].groupby("answer_id")["theme"].agg(frozenset)
    return [Example(text or "", themes.get(i, frozenset())) for i, text in sorted(texts.items())]


def missing_codings(examples: list[Example]) -> str | None:
    """Why no model can be learnt from ``examples`` (French), or None when it can."""
    per_theme = Counter(t for e in examples for t in e.themes)
    if len(examples) < MIN_EXAMPLES:
        return (
            f"{len(examples)} réponse{'s' if len(examples) > 1 else ''} codée"
            f"{'s' if len(examples) > 1 else ''} par l'équipe ; il en faut au moins {MIN_EXAMPLES}"
        )
    if not any(n >= MIN_PER_THEME for n in per_theme.values()):
        return f"aucun thème n'a au moins {MIN_PER_THEME} réponses codées par l'équipe"
    return None


def train_model(
    session: Session, tagger: Tagger | None = None, user_id: int | None = None
) -> TrainingOutcome:
    """Train on the staff codings, measure, and store the model of the tagger's codebook.

    Raises :class:`NotEnoughCodings` (and stores nothing) when codings are too few. The
    estimator is kept only when the model helps; otherwise its figures are, to say why not.
    """
    tagger = tagger or tagger_for()
    examples = staff_coded_examples(session)
    reason = missing_codings(examples)
    if reason is not None:
        raise NotEnoughCodings(reason)
    codebook_tags = tagger.tag_many(e.text for e in examples)
    model, evaluation = train(examples, codebook_tags, tagger.order)
    codebook_id = register_codebook(session, tagger.codebook).id
    row = stored_model(session, codebook_id)
    was_active = row is not None and row.active
    if row is None:
        row = LearnedModel(codebook_id=codebook_id)
        session.add(row)
    row.trained_by_id, row.examples = user_id, evaluation.examples
    row.themes, row.active = list(evaluation.themes), evaluation.helps
    row.thresholds = {"empty": evaluation.thresholds.empty, "high": evaluation.thresholds.high}
    row.figures = figures(evaluation, examples)
    row.library_version = library_version()
    row.estimator = model.dumps() if evaluation.helps else None
    row.trained_at = pd.Timestamp.now(tz="UTC").to_pydatetime()
    session.flush()
    return TrainingOutcome(evaluation, evaluation.helps, was_active)


def figures(evaluation: Evaluation, examples: list[Example]) -> dict:
    """The cross-validation figures as stored (and shown to admins)."""
    per_theme = Counter(t for e in examples for t in e.themes)
    return {
        "folds": evaluation.folds,
        "codebook": {
            "micro_f1": evaluation.codebook.micro_f1,
            "macro_f1": evaluation.codebook.macro_f1,
        },
        "combined": {
            "micro_f1": evaluation.combined.micro_f1,
            "macro_f1": evaluation.combined.macro_f1,
        },
        "gain": {"micro_f1": evaluation.gain.micro_f1, "macro_f1": evaluation.gain.macro_f1},
        "per_theme": dict(sorted(per_theme.items())),
    }
