"""What staff codings teach about the codebook, per theme, for the admins' codebook page.

- *cues staff remove most*: the words that fired a suggestion staff then removed — candidates
  for a context rule;
- *words of answers staff tagged by hand*: the most frequent lemmas (stop words out) of the
  answers where staff added a theme the tagger had not suggested — candidate cues.

A word or cue is listed only when at least ``k`` distinct answers carry it: a rare word can
point to one respondent, and one row is no reason for a rule anyway.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, aliased

from analysis.codebook import Codebook as CodebookFile
from analysis.normalize import fold
from analysis.tagging import tagger_for
from analysis.wordclouds import cloud_words
from consult.models import Answer, ThemeTag

SHOWN = 10  # words or cues per theme
_NOTE = re.compile(r"\s*\(.*\)$")  # « insécurité (demande : il faut) » -> « insécurité »
MODEL_CUE = "modèle appris"


@dataclass(frozen=True)
class ThemeLessons:
    theme: str
    label: str
    removals: int  # answers where staff removed a suggestion of this theme
    additions: int  # answers where staff added it by hand
    removed_cues: list[tuple[str, int]]  # cue -> distinct answers, most first
    added_words: list[tuple[str, int]]  # lemma -> distinct answers, most first


def codebook_lessons(session: Session, codebook: CodebookFile, k: int) -> list[ThemeLessons]:
    """One entry per theme of ``codebook``, in codebook order."""
    removed = _removed_cues(session)
    added = _added_answers(session)
    known = _theme_keys(codebook)
    lessons = []
    for theme in codebook.themes:
        cues = removed.get(theme.id, {})
        words = _frequent_words(added.get(theme.id, {}), known.get(theme.id, set()))
        lessons.append(
            ThemeLessons(
                theme.id,
                theme.label,
                len({a for ids in cues.values() for a in ids}),
                len(added.get(theme.id, {})),
                _top(cues, k),
                _top(words, k),
            )
        )
    return lessons


def _removed_cues(session: Session) -> dict[str, dict[str, set[int]]]:
    """Theme -> cue -> answers where staff removed the suggestion that cue fired."""
    auto = aliased(ThemeTag)
    rows = session.execute(
        select(ThemeTag.answer_id, ThemeTag.theme, auto.evidence)
        .join(
            auto,
            and_(
                auto.answer_id == ThemeTag.answer_id,
                auto.theme == ThemeTag.theme,
                auto.source == "auto",
            ),
        )
        .where(ThemeTag.source == "manual", ThemeTag.rejected.is_(True))
    ).all()
    found: dict[str, dict[str, set[int]]] = {}
    for answer_id, theme, evidence in rows:
        if answer_id is None:  # a meeting contribution's tag: no answer to count
            continue
        for cue in (evidence or "").split(", "):
            cue = _NOTE.sub("", cue).strip().lower()
            if cue and not cue.startswith(MODEL_CUE):
                found.setdefault(theme, {}).setdefault(cue, set()).add(answer_id)
    return found


def _added_answers(session: Session) -> dict[str, dict[int, str]]:
    """Theme -> {answer id: text} of the answers staff gave it without a suggestion."""
    auto = aliased(ThemeTag)
    suggested = select(auto.id).where(
        auto.answer_id == ThemeTag.answer_id, auto.theme == ThemeTag.theme, auto.source == "auto"
    )
    rows = session.execute(
        select(ThemeTag.theme, Answer.id, Answer.text)
        .join(Answer, Answer.id == ThemeTag.answer_id)
        .where(
            ThemeTag.source == "manual",
            ThemeTag.rejected.is_(False),
            ~suggested.exists(),
            Answer.text.is_not(None),
        )
    ).all()
    found: dict[str, dict[int, str]] = {}
    for theme, answer_id, text in rows:
        found.setdefault(theme, {})[answer_id] = text or ""
    return found


def _frequent_words(texts: dict[int, str], known: set[str]) -> dict[str, set[int]]:
    """Lemma -> answers carrying it, leaving out words the theme already has as cues."""
    found: dict[str, set[int]] = {}
    ids = list(texts)
    for answer_id, words in zip(ids, cloud_words([texts[i] for i in ids]), strict=True):
        for word in words:
            if fold(word) not in known:
                found.setdefault(word, set()).add(answer_id)
    return found


def _theme_keys(codebook: CodebookFile) -> dict[str, set[str]]:
    """Theme -> folded words of its one-word cues."""
    keys: dict[str, set[str]] = {}
    for pattern in tagger_for(codebook).compiled.patterns:
        if pattern.theme is not None and len(pattern.words) == 1:
            keys.setdefault(pattern.theme, set()).update(pattern.words[0])
    return keys


def _top(carriers: dict[str, set[int]], k: int) -> list[tuple[str, int]]:
    counts = Counter({word: len(ids) for word, ids in carriers.items() if len(ids) >= k})
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:SHOWN]
