"""Themes of free-text answers: zero, one or several per answer, with the words that fired.

Two paths give the same themes. The fast path (:meth:`Tagger.tag_many`) cleans texts, runs
spaCy only once per distinct cleaned text through ``nlp.pipe`` with the parser and the entity
recogniser off, and caches results. The naive path (:meth:`Tagger.tag_naive`) runs the full
``fr_core_news_sm`` pipeline on one answer at a time; the benchmark compares them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from analysis.codebook import Codebook, default_codebook
from analysis.config import BATCH_SIZE, CACHE_SIZE
from analysis.matcher import CompiledCodebook, content_positions
from analysis.nlp import full_pipeline, lemma_pipeline, lemmas, pipe_lemmas
from analysis.normalize import clean_words, fold

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass(frozen=True)
class Tags:
    """The themes of one text, in codebook order, and the words that fired each one."""

    themes: tuple[str, ...] = ()
    evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def evidence_text(self) -> str:
        """« proprete: poubelles, encombrants | securite: rodéos »."""
        return " | ".join(f"{t}: {', '.join(self.evidence[t])}" for t in self.themes)


class Tagger:
    """Tags texts with the themes of one codebook (the default one when none is given)."""

    def __init__(self, codebook: Codebook | None = None, cache_size: int = CACHE_SIZE) -> None:
        self.codebook = codebook or default_codebook()
        self.compiled = CompiledCodebook(self.codebook)
        self._order = {theme: i for i, theme in enumerate(self.codebook.theme_ids)}
        self._cache: dict[str, Tags] = {}
        self._cache_size = cache_size

    def tag(self, text: str | None) -> Tags:
        """Themes of one text (fast path)."""
        return self.tag_many([text])[0]

    def tag_many(self, texts: Iterable[str | None], batch_size: int = BATCH_SIZE) -> list[Tags]:
        """Themes of many texts, in order; spaCy runs once per distinct cleaned text."""
        words_of = {}
        keys = []
        for text in texts:
            words = clean_words(text or "")
            key = " ".join(words)
            keys.append(key)
            if key not in self._cache and words:
                words_of[key] = words
        found = {key: self._cache.get(key, Tags()) for key in set(keys) - words_of.keys()}
        todo = list(words_of.items())
        lemma_lists = pipe_lemmas(lemma_pipeline(), [w for _, w in todo], batch_size=batch_size)
        for (key, words), lemma_list in zip(todo, lemma_lists, strict=True):
            found[key] = self.match(words, lemma_list)
        self._remember(found)
        return [found[key] for key in keys]

    def tag_naive(self, text: str | None, nlp: Language | None = None) -> Tags:
        """Themes of one text through the full pipeline, no cache: the reference path."""
        words = clean_words(text or "")
        return self.match(words, lemmas(nlp or full_pipeline(), words))

    def match(self, words: Sequence[str], lemma_list: Sequence[str]) -> Tags:
        """Longest-match themes of cleaned ``words`` given their folded lemmas."""
        positions = content_positions(words)
        keys = [self.compiled.keys(fold(words[i]), lemma_list[i]) for i in positions]
        evidence: dict[str, list[str]] = {}
        start = 0
        while start < len(keys):
            patterns = self.compiled.longest_matches(keys, start)
            if not patterns:
                start += 1
                continue
            size = len(patterns[0].words)
            phrase = " ".join(words[positions[start] : positions[start + size - 1] + 1])
            for pattern in patterns:
                if pattern.theme is not None and phrase not in evidence.get(pattern.theme, []):
                    evidence.setdefault(pattern.theme, []).append(phrase)
            start += size
        themes = tuple(sorted(evidence, key=self._order.__getitem__))
        return Tags(themes, {t: tuple(evidence[t]) for t in themes})

    def _remember(self, found: dict[str, Tags]) -> None:
        if len(self._cache) + len(found) > self._cache_size:
            self._cache.clear()
        if len(found) <= self._cache_size:
            self._cache.update(found)


_taggers: dict[str, Tagger] = {}


def tagger_for(codebook: Codebook | None = None) -> Tagger:
    """A shared :class:`Tagger` per codebook version (building one loads spaCy)."""
    codebook = codebook or default_codebook()
    if codebook.content_hash not in _taggers:
        _taggers[codebook.content_hash] = Tagger(codebook)
    return _taggers[codebook.content_hash]
