"""Stored theme tags: automatic tagging of answers and contributions, and staff codings.

Automatic tags (``source='auto'``) are suggestions recomputed from a codebook version; staff
codings (``source='manual'``) always win for their theme and are never touched by re-tagging.
An answer or contribution the tagger found no theme in gets one auto row with the theme
:data:`UNCLASSIFIED` (« à classer »): it marks the text as analysed with that codebook, and
every reader here turns it into "no theme". An answer the tagger recognises as *no opinion*
(« jsp », « rien », « bof », emoji only) gets one auto row with the theme :data:`SANS_AVIS`
instead; staff can set or remove it like a theme, and the readers keep it as a theme id so that
summaries count it apart (never in a theme's base).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import and_, delete, exists, insert, select
from sqlalchemy.orm import Session

from analysis.codebook import Codebook as CodebookFile
from analysis.config import SANS_AVIS, UNCLASSIFIED
from analysis.tagging import Tagger, Tags, TagsTexts, tagger_for
from consult.models import (
    Answer,
    Codebook,
    Contribution,
    ThemeTag,
)
from consult.questionnaire.segments import ANSWER_ROLES
from consult.services.audit import record_event
from consult.services.learned_models import active_model

BATCH_SIZE = 1_000


class CodingError(ValueError):
    """A staff coding that cannot be applied; the message is French."""


@dataclass(frozen=True)
class TagReport:
    answers: int
    contributions: int
    unclassified: int
    no_opinion: int = 0  # « sans avis / hors sujet »


# -- codebook versions ---------------------------------------------------------------------


def register_codebook(session: Session, codebook: CodebookFile) -> Codebook:
    """The ``codebook`` row of this exact version (by content hash), created if new."""
    row = session.scalar(
        select(Codebook).filter_by(slug=codebook.slug, content_hash=codebook.content_hash)
    )
    if row is None:
        row = Codebook(
            slug=codebook.slug,
            version=codebook.version,
            content_hash=codebook.content_hash,
            definition=codebook.definition,
        )
        session.add(row)
        session.flush()
    return row


# -- automatic tagging ---------------------------------------------------------------------


def tag_pending(
    session: Session,
    tagger: TagsTexts | None = None,
    *,
    retag: bool = False,
    everything: bool = False,
) -> TagReport:
    """Tag every answer (atouts/priorités) and contribution not yet tagged.

    With ``retag``, texts whose auto tags come from another codebook version are tagged again;
    with ``everything``, every text is (after a new learnt model): their auto rows are
    replaced; manual rows stay as they are. The codebook version's learnt model, when active,
    adds its themes (:mod:`analysis.learned`).
    """
    tagger = tagger or tagger_for()
    codebook_id = register_codebook(session, tagger.codebook).id
    tag = _tagging(session, tagger, codebook_id)
    mode = "everything" if everything else "retag" if retag else "pending"
    answers = _tag_targets(session, tag, codebook_id, ThemeTag.answer_id, mode)
    contributions = _tag_targets(session, tag, codebook_id, ThemeTag.contribution_id, mode)
    return TagReport(
        answers[0], contributions[0], answers[1] + contributions[1], answers[2] + contributions[2]
    )


def tag_answers(session: Session, answer_ids: Sequence[int], tagger: Tagger | None = None) -> int:
    """Tag (or re-tag) the given answers now, e.g. right after a submission is stored.

    Returns the number of themed answers. Answers without an atouts/priorités text are skipped.
    """
    tagger = tagger or tagger_for()
    codebook_id = register_codebook(session, tagger.codebook).id
    tag = _tagging(session, tagger, codebook_id)
    rows = session.execute(
        select(Answer.id, Answer.text).where(
            Answer.id.in_(answer_ids), Answer.role.in_(ANSWER_ROLES), Answer.text.is_not(None)
        )
    ).all()
    return len(rows) - sum(_store(session, tag, codebook_id, ThemeTag.answer_id, rows))


def _tagging(session, tagger: TagsTexts, codebook_id: int) -> Callable[[list], list[Tags]]:
    """Texts -> tags: the codebook, plus the themes its learnt model adds when one helps."""
    model = active_model(session, codebook_id, tagger.order)
    if model is None:
        return tagger.tag_many

    def tag(texts: list) -> list[Tags]:
        return model.combine(texts, tagger.tag_many(texts))

    return tag


def _tag_targets(session, tag, codebook_id, column, mode: str) -> tuple[int, int, int]:
    done = unclassified = no_opinion = last_id = 0
    while rows := session.execute(_pending(column, codebook_id, mode, last_id)).all():
        to_classify, without_opinion = _store(session, tag, codebook_id, column, rows)
        unclassified, no_opinion = unclassified + to_classify, no_opinion + without_opinion
        done += len(rows)
        last_id = rows[-1][0]
    return done, unclassified, no_opinion


def _pending(column, codebook_id: int, mode: str, after: int):
    model = Answer if column is ThemeTag.answer_id else Contribution
    tagged = and_(column == model.id, ThemeTag.source == "auto")
    if mode == "retag":
        tagged = and_(tagged, ThemeTag.codebook_id == codebook_id)
    query = select(model.id, model.text).where(model.id > after, model.text.is_not(None))
    if mode != "everything":
        query = query.where(~exists().where(tagged))
    if model is Answer:
        query = query.where(Answer.role.in_(ANSWER_ROLES))
    return query.order_by(model.id).limit(BATCH_SIZE)


def _store(session, tag, codebook_id: int, column, rows) -> tuple[int, int]:
    """Replace the auto tags of ``rows`` (id, text); return how many are « à classer » and
    how many are « sans avis »."""
    ids = [row[0] for row in rows]
    session.execute(delete(ThemeTag).where(column.in_(ids), ThemeTag.source == "auto"))
    values = []
    for target_id, tags in zip(ids, tag([row[1] for row in rows]), strict=True):
        themes = tags.themes or ((SANS_AVIS,) if tags.no_opinion else (UNCLASSIFIED,))
        for theme in themes:
            evidence = ", ".join(tags.evidence.get(theme, ())) or None
            values.append(
                {
                    column.key: target_id,
                    "theme": theme,
                    "source": "auto",
                    "codebook_id": codebook_id,
                    "evidence": evidence,
                }
            )
    if values:
        session.execute(insert(ThemeTag), values)
    no_opinion = sum(1 for v in values if v["theme"] == SANS_AVIS)
    return sum(1 for v in values if v["theme"] == UNCLASSIFIED), no_opinion


# -- staff codings -------------------------------------------------------------------------


def confirm_theme(session: Session, user_id: int | None, theme: str, **target: int) -> ThemeTag:
    """Staff confirm a suggested theme: it stays whatever later re-tagging finds."""
    return _code(session, user_id, theme, False, "theme.confirm", target)


def remove_theme(session: Session, user_id: int | None, theme: str, **target: int) -> ThemeTag:
    """Staff remove a theme: it is hidden even if the tagger suggests it again."""
    return _code(session, user_id, theme, True, "theme.remove", target)


def add_theme(session: Session, user_id: int | None, theme: str, **target: int) -> ThemeTag:
    """Staff add a theme the tagger missed."""
    return _code(session, user_id, theme, False, "theme.add", target)


def _code(session, user_id, theme, rejected, action, target) -> ThemeTag:
    column, target_id = _target(session, target)
    known = (*tagger_for().codebook.theme_ids, SANS_AVIS)
    if theme not in known:
        raise CodingError(f"thème inconnu « {theme} »")
    row = session.scalar(
        select(ThemeTag).where(
            column == target_id, ThemeTag.theme == theme, ThemeTag.source == "manual"
        )
    )
    previous = None if row is None else ("retiré" if row.rejected else "confirmé")
    if row is None:
        row = ThemeTag(theme=theme, source="manual", **{column.key: target_id})
        session.add(row)
    row.rejected, row.created_by_id, row.created_at = rejected, user_id, datetime.now(UTC)
    session.flush()
    entity = "answer" if column is ThemeTag.answer_id else "contribution"
    details = {"theme": theme, "previous": previous}
    record_event(session, user_id, action, entity, target_id, details)
    return row


def _target(session: Session, target: dict) -> tuple:
    if set(target) == {"answer_id"}:
        answer = session.get(Answer, target["answer_id"])
        if answer is None or answer.role not in ANSWER_ROLES:
            raise CodingError("réponse introuvable")
        return ThemeTag.answer_id, answer.id
    if set(target) == {"contribution_id"}:
        if session.get(Contribution, target["contribution_id"]) is None:
            raise CodingError("contribution introuvable")
        return ThemeTag.contribution_id, target["contribution_id"]
    raise TypeError("give exactly one of answer_id= or contribution_id=")
