"""Themes of free-text answers: zero, one or several per answer, with the words that fired.

Ambiguous cues count only in context (codebook ``context`` rules); in long answers only the
salient themes are kept (:mod:`analysis.salience`); an answer made only of « jsp », « rien »,
« bof »… or of no word at all (emoji, punctuation) is *no opinion* (``Tags.no_opinion``).

Two paths give the same themes. The fast path (:meth:`Tagger.tag_many`) cleans texts and
caches results per distinct cleaned text; an answer whose words' possible lemmas (one per part
of speech, :mod:`analysis.lemmas`) all lead to the same themes is matched without spaCy's
statistical model; for the others ``nlp.pipe`` runs only the token vectors and the
morphologizer, on the words around those still open, and their lemmas come from the same rules
as the pipeline's lemmatiser (:func:`analysis.nlp.pipe_parts_of_speech`). The naive path
(:meth:`Tagger.tag_naive`) runs the full ``fr_core_news_sm`` pipeline on one answer at a time;
the benchmark and the tests compare them. Several processes: :mod:`analysis.parallel`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice, product
from math import prod
from typing import TYPE_CHECKING, Protocol

from analysis.clauses import clean_segments, joined, segment_numbers
from analysis.codebook import Codebook, default_codebook
from analysis.config import BATCH_SIZE, CACHE_SIZE
from analysis.lemmas import LemmaShortcut
from analysis.matcher import ELISIONS, FUNCTION_WORDS, CompiledCodebook, Pattern, word_keys
from analysis.nlp import (
    full_pipeline,
    lemma_pipeline,
    lemmas,
    pipe_parts_of_speech,
    receptive_field,
)
from analysis.normalize import fold
from analysis.salience import DemandFinder, Hit, salient_themes, weights, without_yielded

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass(frozen=True)
class Tags:
    """The themes of one text, in codebook order, and the words that fired each one."""

    themes: tuple[str, ...] = ()
    evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)
    no_opinion: bool = False  # « sans avis / hors sujet »: never together with themes

    def evidence_text(self) -> str:
        """« proprete: poubelles, encombrants | securite: insécurité (demande : il faut) »."""
        return " | ".join(f"{t}: {', '.join(self.evidence[t])}" for t in self.themes)


NO_WORDS = Tags(no_opinion=True)
# Beyond this many ways to read an answer's ambiguous lemmas, the model decides (it is cheaper).
MAX_LEMMA_COMBINATIONS = 16  # a text of emoji or punctuation only


class TagsTexts(Protocol):
    """What tags many texts with a codebook: a :class:`Tagger`, or a pool of them in
    worker processes (:class:`analysis.parallel.TaggerPool`)."""

    codebook: Codebook
    order: dict[str, int]

    def tag_many(self, texts: Iterable[str | None]) -> list[Tags]: ...

    def tag_batches(self, batches: Iterable[list[str | None]]) -> Iterator[list[Tags]]: ...


class Tagger:
    """Tags texts with the themes of one codebook (the default one when none is given)."""

    def __init__(self, codebook: Codebook | None = None, cache_size: int = CACHE_SIZE) -> None:
        self.codebook = codebook or default_codebook()
        self.compiled = CompiledCodebook(self.codebook)
        self.demands = DemandFinder(self.compiled.demands, self.compiled.demand_verbs)
        self.order = {theme: i for i, theme in enumerate(self.codebook.theme_ids)}
        self._cache: dict[str, Tags] = {}
        self._cache_size = cache_size
        self._shortcut: LemmaShortcut | None = None
        self._reached: dict[str, tuple[frozenset, frozenset]] = {}
        self.lookups = self.hits = 0  # cache statistics (the benchmark prints the hit rate)
        self.modelled = 0  # distinct texts that needed the statistical model

    def tag(self, text: str | None) -> Tags:
        """Themes of one text (fast path)."""
        return self.tag_many([text])[0]

    def tag_many(self, texts: Iterable[str | None], batch_size: int = BATCH_SIZE) -> list[Tags]:
        """Themes of many texts, in order; spaCy runs once per distinct cleaned text."""
        segments_of = {}
        keys = []
        for text in texts:
            segments = clean_segments(text)
            key = " | ".join(" ".join(words) for words in segments) or _blank_key(text)
            keys.append(key)
            if key not in self._cache and segments:
                segments_of[key] = segments
        self.lookups += len(keys)
        self.hits += len(keys) - len(segments_of)  # answered without matching again
        found = {
            key: self._cache.get(key, _without_words(key)) for key in set(keys) - segments_of.keys()
        }
        todo = []
        for key, segments in segments_of.items():
            answer = _Answer(joined(segments), segment_numbers(segments))
            tags, options = self._without_model(answer)
            if tags is None:
                todo.append((key, answer, options))
            else:
                found[key] = tags
        self.modelled += len(todo)
        for key, answer, lemma_list in self._model_lemmas(todo, batch_size):
            found[key] = self._match(answer, lemma_list)
        self._remember(found)
        return [found[key] for key in keys]

    def tag_batches(self, batches: Iterable[list[str | None]]) -> Iterator[list[Tags]]:
        """``tag_many`` of each batch, in order, as the batches come (streaming a file)."""
        for batch in batches:
            yield self.tag_many(batch)

    def _model_lemmas(self, todo: list, batch_size: int) -> Iterator[tuple]:
        """(key, answer, lemmas) of answers the model must read.

        Only the words still open get the model's lemma, and the model reads only the words
        around them: a word's part of speech depends on its neighbours within the pipeline's
        receptive field (:func:`analysis.nlp.receptive_field`), so a window that wide either
        side (cut where the answer ends) gives it the part of speech the whole answer gives.
        Every other word keeps a lemma the matcher reads alike in this answer.
        """
        reach = receptive_field(lemma_pipeline())
        windows = []
        for _, answer, options in todo:
            open_at = [i for i, choices in enumerate(options) if len(choices) > 1]
            windows.append(_windows(open_at, len(answer.words), reach))
        spans = [
            answer.words[a:b]
            for (_, answer, _), cuts in zip(todo, windows, strict=True)
            for a, b in cuts
        ]
        span_parts = pipe_parts_of_speech(lemma_pipeline(), spans, batch_size=batch_size)
        lemma = self.shortcut.lemma
        for (key, answer, options), cuts in zip(todo, windows, strict=True):
            lemma_list = [choices[0] for choices in options]
            for start, end in cuts:
                for i, pos in zip(range(start, end), next(span_parts), strict=True):
                    if len(options[i]) > 1:
                        lemma_list[i] = lemma(answer.words[i], pos)
            yield key, answer, lemma_list

    def _without_model(self, answer: _Answer) -> tuple:
        """(tags, options): the themes of ``answer`` when every lemma the model could give
        leads to the same ones, else None (the model must decide); and each word's lemmas
        that can still matter.

        A word's possible lemmas matter only through the patterns and demands that could match
        in this answer at all; those left that still differ are tried in turn (a few at most).
        """
        options_of = self.shortcut.options
        options = [options_of(word) for word in answer.words]
        if all(len(choices) == 1 for choices in options):
            return self._match(answer, [choices[0] for choices in options]), options
        options = self._narrowed(answer, options)
        open_at = [i for i, choices in enumerate(options) if len(choices) > 1]
        if prod(len(options[i]) for i in open_at) > MAX_LEMMA_COMBINATIONS:
            return None, options
        lemma_list = [choices[0] for choices in options]
        first = self._match(answer, lemma_list)
        for choice in islice(product(*(options[i] for i in open_at)), 1, None):
            for i, lemma in zip(open_at, choice, strict=True):
                lemma_list[i] = lemma
            if self._match(answer, lemma_list) != first:
                return None, options
        return first, options

    def _narrowed(self, answer: _Answer, options: list[tuple[str, ...]]) -> list:
        """``options`` without the lemmas that differ only through keys no pattern, context
        rule or demand of this answer can use (a word with one option keeps it)."""
        compiled = self.compiled
        present: set[str] = set()
        spoken = set(answer.forms)
        reached, reach = self._reached, self._reach
        for word, choices in zip(answer.words, options, strict=True):
            keys, lemmas = reached.get(word) or reach(word, choices)
            present |= keys
            spoken |= lemmas
        match_keys = compiled.reachable_keys(present)
        demand_keys = self.demands.reachable_words(spoken)
        narrowed = []
        for folded, form, choices in zip(answer.folded, answer.forms, options, strict=True):
            if len(choices) > 1:
                kept: dict[tuple, str] = {}
                for lemma in choices:
                    signature = (
                        compiled.keys(folded, lemma) & match_keys,
                        compiled.plain_keys(folded, lemma) & match_keys,
                        frozenset({form, lemma} & demand_keys),
                    )
                    kept.setdefault(signature, lemma)
                choices = tuple(kept.values())
            narrowed.append(choices)
        return narrowed

    def _reach(self, word: str, choices: tuple[str, ...]) -> tuple[frozenset, frozenset]:
        """The keys of ``word`` under each of its lemma ``choices``, and those lemmas (cached
        per word: a word's choices never change)."""
        found = self._reached.get(word)
        if found is None:
            if len(self._reached) >= CACHE_SIZE:
                self._reached.clear()
            folded = fold(word)
            keys = frozenset().union(*(self.compiled.keys(folded, lemma) for lemma in choices))
            found = self._reached[word] = (keys, frozenset(choices))
        return found

    @property
    def shortcut(self) -> LemmaShortcut:
        """Lemmas without the model for words whose part of speech cannot change a theme."""
        if self._shortcut is None:
            self._shortcut = LemmaShortcut(lemma_pipeline(), self._lemma_signature)
        return self._shortcut

    def _lemma_signature(self, form: str, lemma: str) -> tuple:
        """Everything matching can read from ``lemma`` for the folded ``form``: the codebook and
        context keys among the word's keys (with and without spelling-slip and feminine keys),
        and the demand words among form and lemma (as demands read them)."""
        compiled = self.compiled
        return (
            compiled.keys(form, lemma) & compiled.match_keys,
            frozenset(word_keys(form, lemma) & compiled.match_keys),
            frozenset({ELISIONS.get(form, form), lemma} & compiled.demand_keys),
        )

    def tag_naive(self, text: str | None, nlp: Language | None = None) -> Tags:
        """Themes of one text through the full pipeline, no cache: the reference path."""
        segments = clean_segments(text)
        if not segments:
            return _without_words(_blank_key(text))
        words = joined(segments)
        return self.match(words, lemmas(nlp or full_pipeline(), words), segment_numbers(segments))

    def match(
        self,
        words: Sequence[str],
        lemma_list: Sequence[str],
        segments: Sequence[int] | None = None,
    ) -> Tags:
        """Themes of cleaned ``words`` given their folded lemmas (and sentence numbers).

        Longest matches fire their themes when their context rule allows; in a long answer only
        the salient themes stay. Evidence says why: « insécurité (demande : il faut) ».
        """
        segments = list(segments) if segments is not None else [0] * len(words)
        return self._match(_Answer(list(words), segments), lemma_list)

    def _match(self, answer: _Answer, lemma_list: Sequence[str]) -> Tags:
        hits, covered = self._hits(answer, lemma_list)
        marks = self.demands.markers(answer.words, lemma_list, answer.segments, answer.forms)
        salience = self.codebook.salience
        positions = answer.positions
        kept = salient_themes(weights(hits, marks, salience), len(positions), salience, self.order)
        evidence: dict[str, list[str]] = {}
        for hit in hits:
            if hit.theme in kept:
                shown = _explained(hit, marks[hit.first])
                if shown not in evidence.setdefault(hit.theme, []):
                    evidence[hit.theme].append(shown)
        themes = tuple(sorted(evidence, key=self.order.__getitem__))
        if not themes and covered == len(positions):
            return Tags(no_opinion=True)
        return Tags(themes, {t: tuple(evidence[t]) for t in themes})

    def _hits(self, answer: _Answer, lemma_list: Sequence[str]) -> tuple[list[Hit], int]:
        """Theme cues in order, and how many content words no-opinion expressions (or
        numbers) cover."""
        compiled, words, folded, positions = (
            self.compiled,
            answer.words,
            answer.folded,
            answer.positions,
        )
        segments = answer.segments
        entries = [compiled.entry(folded[i], lemma_list[i]) for i in positions]
        keys = [word for word, _ in entries]
        hits: list[Hit] = []
        covered = answer.numbers
        start = 0
        while start < len(keys):
            groups = entries[start][1]
            if not groups:
                start += 1
                continue
            patterns = compiled.longest_matches(keys, start, groups)
            if not patterns:
                start += 1
                continue
            size = len(patterns[0].words)
            patterns = _by_form(patterns, [folded[i] for i in positions[start : start + size]])
            first, last = positions[start], positions[start + size - 1]
            phrase = " ".join(words[first : last + 1])
            if any(p.no_opinion for p in patterns):
                covered += size
            for pattern in patterns:
                allowed, because = _in_context(pattern, answer, lemma_list, first, last, compiled)
                if pattern.theme is not None and allowed:
                    yields = pattern.rule.window if pattern.rule and pattern.rule.yields else 0
                    hits.append(Hit(pattern.theme, phrase, first, because, segments[first], yields))
            start += size
        return without_yielded(hits), covered

    def _remember(self, found: dict[str, Tags]) -> None:
        if len(self._cache) + len(found) > self._cache_size:
            self._cache.clear()
        if len(found) <= self._cache_size:
            self._cache.update(found)


def _windows(positions: list[int], size: int, reach: int | None) -> list[tuple[int, int]]:
    """Spans covering ``reach`` words either side of each position, merged; the whole answer
    when the reach is unknown."""
    if reach is None:
        return [(0, size)]
    spans: list[tuple[int, int]] = []
    for i in positions:
        start, end = max(0, i - reach), min(size, i + reach + 1)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


class _Answer:
    """The cleaned words of one answer and what matching reads from them whatever their
    lemmas: folded forms, forms as demands read them, content words, numbers."""

    __slots__ = ("folded", "forms", "numbers", "positions", "segments", "words")

    def __init__(self, words: list[str], segments: list[int]) -> None:
        self.words = words
        self.segments = segments
        self.folded = [fold(word) for word in words]
        self.forms = [ELISIONS.get(f, f) for f in self.folded]  # elisions spelled out
        self.positions = [i for i, f in enumerate(self.folded) if f not in FUNCTION_WORDS]
        # content words without a letter (numbers) count as covered by no opinion
        self.numbers = sum(1 for i in self.positions if not any(c.isalpha() for c in words[i]))


def _by_form(patterns: list[Pattern], matched: list[str]) -> list[Pattern]:
    """Among tied patterns, those matching the folded words as written beat those matching
    only through a lemma (« travaux » is the term travaux, not the lemma travail)."""
    if len(patterns) == 1:
        return patterns
    forms = [word_keys(word, word) for word in matched]
    exact = [p for p in patterns if all(k & f for k, f in zip(p.words, forms, strict=True))]
    return exact or patterns


def _in_context(pattern: Pattern, answer: _Answer, lemma_list, first, last, compiled):
    """(allowed, neighbour that allowed it) under the pattern's context rule."""
    rule = pattern.rule
    if rule is None:
        return True, None
    words, segments = answer.words, answer.segments
    before = rule.window if rule.side != "after" else 0
    after = rule.window if rule.side != "before" else 0
    window = range(max(0, first - before), min(len(words), last + after + 1))
    near = [
        (words[i], compiled.plain_keys(answer.folded[i], lemma_list[i]))
        for i in window
        if not first <= i <= last and segments[i] == segments[first]
    ]
    if rule.found(rule.forbid, near):
        return False, None
    if not rule.require:
        return True, None
    because = rule.found(rule.require, near)
    return because is not None, because


def _explained(hit: Hit, demand: str | None) -> str:
    """The cue as staff see it, with why it counted: a demand, a context word."""
    notes = [f"demande : {demand}"] if demand else []
    notes += [f"avec : {hit.context}"] if hit.context else []
    return f"{hit.phrase} ({' ; '.join(notes)})" if notes else hit.phrase


def _blank_key(text: str | None) -> str:
    """Cache key of a text without words: emoji or punctuation only, or nothing at all."""
    return "\x00" if (text or "").strip() else ""


def _without_words(key: str) -> Tags:
    return NO_WORDS if key == "\x00" else Tags()


_taggers: dict[str, Tagger] = {}


def tagger_for(codebook: Codebook | None = None) -> Tagger:
    """A shared :class:`Tagger` per codebook version (building one loads spaCy)."""
    codebook = codebook or default_codebook()
    if codebook.content_hash not in _taggers:
        _taggers[codebook.content_hash] = Tagger(codebook)
    return _taggers[codebook.content_hash]
