"""Codebook terms compiled to word-key patterns, and longest-match search over an answer.

A word is known by its *keys*: folded form, folded lemma, the form without a plural ``s``/``x``
and, for an unknown long word, the codebook word one spelling slip away. A pattern word matches
an answer word when they share a key. Function words are ignored on both sides, so
« aire de jeux » matches « aires jeux » and « l'aire de jeu ».
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from analysis.codebook import Codebook, ContextRule
from analysis.config import FUZZY_MIN_LENGTH
from analysis.fuzzy import VariantIndex
from analysis.nlp import known_words
from analysis.normalize import clean_words, fold

_FUNCTION_WORDS = (
    "le la les l un une des du de d au aux a et ou en pour par sur sous dans avec ce cet cette "
    "ces c ca cela son sa ses leur leurs mon ma mes ton ta tes notre nos votre vos qui que qu "
    "quoi dont y il ils elle elles on nous vous je j me m se s t lui eux ne n est sont "
    "plus tres trop assez beaucoup peu"
)
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())

Keys = frozenset[str]
KEYS_CACHE_SIZE = 200_000  # (form, lemma) pairs whose keys are kept


# Elided words as the cleaner leaves them (« manque d'activités » → manque d activités).
ELISIONS = {
    "d": "de",
    "l": "le",
    "j": "je",
    "n": "ne",
    "qu": "que",
    "s": "se",
    "m": "me",
    "t": "te",
    "c": "ce",
}


@dataclass(frozen=True)
class Rule:
    """A compiled :class:`ContextRule`: each entry is the keys of its words (all must occur)."""

    require: tuple[tuple[Keys, ...], ...]
    forbid: tuple[tuple[Keys, ...], ...]
    window: int
    side: str = "both"
    yields: bool = False

    def found(
        self, entries: tuple[tuple[Keys, ...], ...], near: list[tuple[str, Keys]]
    ) -> str | None:
        """The answer word of the first entry all of whose words occur ``near``, if any."""
        for entry in entries:
            seen = [next((w for w, keys in near if word & keys), None) for word in entry]
            if None not in seen:
                return seen[0]
        return None


@dataclass(frozen=True)
class Pattern:
    words: tuple[Keys, ...]
    theme: str | None  # None: a neutral or no-opinion expression that only blocks its words
    term: str
    rule: Rule | None = None
    no_opinion: bool = False


def word_keys(form: str, lemma: str) -> set[str]:
    """The keys of one folded word: form, lemma and the form without a plural mark."""
    keys = {form, lemma}
    if len(form) >= 4 and form[-1] in "sx":
        keys.add(form[:-1])
    return keys


class CompiledCodebook:
    """A codebook ready for matching: patterns indexed by the keys of their first word."""

    def __init__(self, codebook: Codebook) -> None:
        self.codebook = codebook
        rules = {(t.id, _canonical(r.term)): _rule(r) for t in codebook.themes for r in t.context}
        entries: list[tuple[str | None, str]] = [
            (t.id, term) for t in codebook.themes for term in t.terms
        ]
        entries += [(None, term) for term in codebook.neutral]
        self.patterns = _compile(entries, rules)
        self.patterns += _compile([(None, term) for term in codebook.no_opinion], {}, True)
        self.demands = [_phrase(term) for term in codebook.salience.demand]
        self.demand_verbs = frozenset(fold(verb) for verb in codebook.salience.demand_verbs)
        self.by_first: dict[str, list[Pattern]] = {}
        for pattern in self.patterns:
            for key in pattern.words[0]:
                self.by_first.setdefault(key, []).append(pattern)
        self.vocabulary = frozenset(k for p in self.patterns for w in p.words for k in w)
        self.fuzzy = VariantIndex(self.vocabulary, FUZZY_MIN_LENGTH)
        self.known = known_words() | self.vocabulary
        self._keys: dict[tuple[str, str], Keys] = {}
        self._entries: dict[tuple[str, str], tuple[Keys, tuple]] = {}
        self._plain: dict[tuple[str, str], Keys] = {}
        self._starting: dict[Keys, tuple] = {}  # patterns a word's keys can start
        self._reach_by_first = self._reach_index()
        # Keys a lemma can matter through: codebook and context words, demand words.
        self.match_keys = self.vocabulary | _context_keys(self.patterns)
        demand_words = frozenset(word for phrase in self.demands for word in phrase)
        self.demand_keys = demand_words | self.demand_verbs

    def keys(self, form: str, lemma: str) -> Keys:
        """Keys of an answer word (cached: see :meth:`word_keys_of`)."""
        found = self._keys.get((form, lemma))
        if found is None:
            if len(self._keys) >= KEYS_CACHE_SIZE:
                self._keys.clear()
            found = self._keys[(form, lemma)] = self.word_keys_of(form, lemma)
        return found

    def plain_keys(self, form: str, lemma: str) -> Keys:
        """:func:`word_keys` of an answer word as a frozenset (cached), without the
        spelling-slip and feminine keys of :meth:`keys`: what context rules read."""
        found = self._plain.get((form, lemma))
        if found is None:
            if len(self._plain) >= KEYS_CACHE_SIZE:
                self._plain.clear()
            found = self._plain[(form, lemma)] = frozenset(word_keys(form, lemma))
        return found

    def entry(self, form: str, lemma: str) -> tuple[Keys, tuple]:
        """(keys, the patterns those keys can start) of an answer word, cached together."""
        found = self._entries.get((form, lemma))
        if found is None:
            if len(self._entries) >= KEYS_CACHE_SIZE:
                self._entries.clear()
            keys = self.keys(form, lemma)
            found = self._entries[(form, lemma)] = (keys, self.starting(keys))
        return found

    def word_keys_of(self, form: str, lemma: str) -> Keys:
        """Keys of an answer word, with the spelling-slip correction of unknown long words.

        A feminine participle or adjective also gets its masculine key (« végétalisée » →
        « végétalisé »): terms are written in the masculine and the lemmatiser often keeps the
        feminine of rare words. Only answer words get this key, so « entrée » in a term never
        turns into the preposition « entre ». A slip in a plural word is looked for in its
        singular too (« medcins » → « medcin » → « médecin »).
        """
        keys = word_keys(form, lemma)
        singular = form[:-1] if len(form) >= 4 and form[-1] in "sx" else form
        if singular.endswith("ee"):
            keys.add(singular[:-1])
        if form not in self.known and lemma not in self.known:
            nearest = self.fuzzy.nearest(form)
            if nearest is None and singular != form:
                nearest = self.fuzzy.nearest(singular)
            if nearest is not None:
                keys.add(nearest)
        return frozenset(keys)

    def reachable_keys(self, present: set[str]) -> frozenset[str]:
        """Keys of the patterns (and of their context rules) all of whose words have a key
        in ``present``: the only ones that can matter in an answer with those keys."""
        found: set[str] = set()
        for key in present:
            entry = self._reach_by_first.get(key)
            if entry is None:
                continue
            single, longer = entry
            found |= single
            for rest, reach in longer:
                if all(not keys.isdisjoint(present) for keys in rest):
                    found |= reach
        return frozenset(found)

    def _reach_index(self) -> dict[str, tuple[frozenset[str], list]]:
        """For :meth:`reachable_keys`, per key of a first word: the keys (context words
        included) of the one-word patterns it starts, and (other words, keys) of the longer."""
        index: dict[str, tuple[frozenset[str], list]] = {}
        for key, patterns in self.by_first.items():
            single: set[str] = set()
            longer = []
            for pattern in patterns:
                reach = {k for keys in pattern.words for k in keys}
                if pattern.rule is not None:
                    rule = pattern.rule
                    reach.update(
                        k for entry in rule.require + rule.forbid for ks in entry for k in ks
                    )
                if len(pattern.words) == 1:
                    single |= reach
                else:
                    longer.append((pattern.words[1:], frozenset(reach)))
            index[key] = (frozenset(single), longer)
        return index

    def starting(self, keys: Keys) -> tuple[tuple[int, tuple[Pattern, ...]], ...]:
        """The patterns a word with these keys can start, by length (longest first), each
        length's in the order matches are reported (cached per set of keys)."""
        groups = self._starting.get(keys)
        if groups is None:
            if len(self._starting) >= KEYS_CACHE_SIZE:
                self._starting.clear()
            candidates = {p for key in keys for p in self.by_first.get(key, ())}
            by_size: dict[int, list[Pattern]] = {}
            for pattern in candidates:
                by_size.setdefault(len(pattern.words), []).append(pattern)
            groups = tuple(
                (size, tuple(sorted(by_size[size], key=lambda p: (p.theme or "", p.term))))
                for size in sorted(by_size, reverse=True)
            )
            self._starting[keys] = groups
        return groups

    def longest_matches(
        self, words: Sequence[Keys], start: int, groups: tuple | None = None
    ) -> list[Pattern]:
        """Every pattern of greatest length matching at ``start`` (several themes may tie),
        sorted by theme and term. ``groups``: :meth:`starting` of the word at ``start``."""
        for size, patterns in self.starting(words[start]) if groups is None else groups:
            if start + size > len(words):
                continue
            if size == 1:  # its first word shares a key with this word by construction
                return list(patterns)
            second = words[start + 1]
            found = [
                p
                for p in patterns
                if not p.words[1].isdisjoint(second)
                and (size == 2 or all(p.words[j] & words[start + j] for j in range(2, size)))
            ]
            if found:
                return found
        return []


def content_positions(words: Sequence[str]) -> list[int]:
    """Positions of the words that are not function words."""
    return [i for i, word in enumerate(words) if fold(word) not in FUNCTION_WORDS]


def _compile(
    entries: list[tuple[str | None, str]], rules: dict, no_opinion: bool = False
) -> list[Pattern]:
    """Terms are written as lemmas, so their keys are their folded forms (and singulars).

    Lemmatising terms would add spurious keys (spaCy reads « restaurant » as a form of
    « restaurer »); answer words are lemmatised instead.
    """
    patterns = []
    for theme, term in entries:
        keys = _term_keys(term)
        if keys:
            rule = rules.get((theme, _canonical(term)))
            patterns.append(Pattern(keys, theme, term, rule, no_opinion))
    return patterns


def _context_keys(patterns: list[Pattern]) -> frozenset[str]:
    """Every key a context rule looks for near its term."""
    return frozenset(
        key
        for pattern in patterns
        if pattern.rule is not None
        for entry in pattern.rule.require + pattern.rule.forbid
        for keys in entry
        for key in keys
    )


def _canonical(term: str) -> tuple[str, ...]:
    """A rule holds for every term of its theme that reads the same up to plurals and
    articles (« citoyen » and « citoyens », « poste » and « la poste »): they match the same
    words, and an unruled twin would fire without context."""
    words = [fold(word) for word in clean_words(term)]
    return tuple(min(word_keys(words[i], words[i]), key=len) for i in content_positions(words))


def _term_keys(term: str) -> tuple[Keys, ...]:
    words = [fold(word) for word in clean_words(term)]
    return tuple(frozenset(word_keys(words[i], words[i])) for i in content_positions(words))


def _rule(rule: ContextRule) -> Rule:
    """Context words keep their function words (« sur » may be the point)."""
    entries = [
        tuple(frozenset(word_keys(fold(w), fold(w))) for w in clean_words(term))
        for term in rule.require + rule.forbid
    ]
    cut = len(rule.require)
    return Rule(tuple(entries[:cut]), tuple(entries[cut:]), rule.window, rule.side, rule.yields)


def _phrase(term: str) -> tuple[str, ...]:
    """A demand expression as folded words, elisions spelled out."""
    return tuple(ELISIONS.get(w, w) for w in (fold(word) for word in clean_words(term)))
