"""Which themes of a long answer matter: what it asks for and what it dwells on.

A cue inside a demand (« il faut … », « manque de … », « pas assez de … », or a sentence that
opens on a verb such as « améliorer », « créez ») weighs ``demand_weight``, any other cue 1; a
theme's weight is the sum over its cues, so repeated mentions count. In an answer of at least
``long_answer_words`` content words, only the themes reaching ``keep_ratio`` of the heaviest one
are kept (at most ``max_themes``): passing mentions drop out. Short answers keep every theme.
All parameters come from the codebook (``salience``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from analysis.codebook import Salience
from analysis.matcher import ELISIONS, FUNCTION_WORDS
from analysis.normalize import fold


@dataclass(frozen=True)
class Hit:
    """One cue of a theme found in an answer."""

    theme: str
    phrase: str  # the answer's words, as written
    first: int  # position of its first word
    context: str | None = None  # the neighbour that let a context rule fire
    segment: int = 0
    yields: int = 0  # a generic cue gives way to another theme's cue this close (0: never)


def without_yielded(hits: list[Hit]) -> list[Hit]:
    """Drop generic cues next to another theme's specific cue in the same sentence: the object
    decides (« rénover le gymnase » is sport, « des travaux à l'école » éducation)."""
    return [
        hit
        for hit in hits
        if not hit.yields
        or not any(
            other.theme != hit.theme
            and not other.yields
            and other.segment == hit.segment
            and abs(other.first - hit.first) <= hit.yields
            for other in hits
        )
    ]


class DemandFinder:
    """Finds the demand scopes of an answer: for each word, the demand covering it, if any."""

    def __init__(self, phrases: Iterable[tuple[str, ...]], verbs: Iterable[str]) -> None:
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted(set(phrases), key=len, reverse=True):
            self.by_first.setdefault(phrase[0], []).append(phrase)
        self.verbs = frozenset(verbs)

    def reachable_words(self, spoken: set[str]) -> frozenset[str]:
        """Words of the demands that can match in an answer whose forms and possible lemmas
        are ``spoken``, and the demand verbs among them."""
        found = set(self.verbs & spoken)
        for first in spoken:
            for phrase in self.by_first.get(first, ()):
                if all(word in spoken for word in phrase):
                    found.update(phrase)
        return frozenset(found)

    def markers(
        self,
        words: Sequence[str],
        lemmas: Sequence[str],
        segments: Sequence[int],
        forms: Sequence[str] | None = None,
    ) -> list[str | None]:
        """``forms``: the folded words, elisions spelled out (computed when not given)."""
        if forms is None:
            forms = [ELISIONS.get(f, f) for f in (fold(w) for w in words)]
        marks: list[str | None] = [None] * len(words)
        opened: set[int] = set()
        for i, form in enumerate(forms):
            if segments[i] not in opened and form not in FUNCTION_WORDS:
                opened.add(segments[i])
                if form in self.verbs or lemmas[i] in self.verbs:
                    self._mark(marks, segments, i, words[i])
            if marks[i] is None and (forms[i] in self.by_first or lemmas[i] in self.by_first):
                size = self._phrase_at(forms, lemmas, i)
                if size:
                    self._mark(marks, segments, i, " ".join(words[i : i + size]))
        return marks

    def _phrase_at(self, forms: Sequence[str], lemmas: Sequence[str], i: int) -> int:
        for key in {forms[i], lemmas[i]}:
            for phrase in self.by_first.get(key, ()):
                end = i + len(phrase)
                span = zip(range(i, end), phrase, strict=True)
                if end <= len(forms) and all(w in (forms[j], lemmas[j]) for j, w in span):
                    return len(phrase)
        return 0

    @staticmethod
    def _mark(marks: list, segments: Sequence[int], start: int, marker: str) -> None:
        """From ``start`` to the end of its segment."""
        j = start
        while j < len(marks) and segments[j] == segments[start]:
            marks[j] = marks[j] or marker
            j += 1


def weights(hits: Iterable[Hit], marks: Sequence[str | None], salience: Salience) -> dict:
    """Theme -> weight: the sum over its cues, a cue in a demand weighing more."""
    found: dict[str, float] = {}
    for hit in hits:
        found[hit.theme] = found.get(hit.theme, 0.0) + (
            salience.demand_weight if marks[hit.first] else 1.0
        )
    return found


def salient_themes(
    weight: dict[str, float], content_words: int, salience: Salience, order: dict[str, int]
) -> set[str]:
    """The themes to keep: all of them in a short answer, the heaviest in a long one."""
    if not weight or not salience.long_answer_words or content_words < salience.long_answer_words:
        return set(weight)
    top = max(weight.values())
    kept = sorted(
        (t for t, w in weight.items() if w >= salience.keep_ratio * top),
        key=lambda t: (-weight[t], order[t]),
    )
    return set(kept[: salience.max_themes])
