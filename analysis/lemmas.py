"""Lemmas without the statistical model, for the words whose part of speech cannot matter.

``fr_core_news_sm`` lemmatises by rules that depend on a word and on the part of speech its
morphologizer predicts; the morphologizer (with its token vectors) is most of spaCy's time. For
a given word, the rules can only give one of a few lemmas, one per part of speech. When every one
of them leads the matcher to the same decisions — none of them is a codebook key (or all are the
same key), and the spelling-slip check sees them alike — the word's lemma in context cannot
change any theme, and one of them serves. An answer made only of such words is tagged without
the model; the others go through the pipeline as before. So both paths give the same themes
(the benchmark checks it), the fast one without the model for most answers.

The candidate lemmas come from the pipeline's own lemmatiser, asked once per distinct word with
each part of speech in turn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from analysis.normalize import fold

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import Lemmatizer, Morphologizer

# Parts of speech the lemmatiser may see: every morphologizer label has one, and the attribute
# ruler only turns SPACE into X (our words are never whitespace, which alone gets SPACE).
_EXTRA_POS = ("X",)

Signature = Callable[[str, str], object]


def use_rule_lemmas(nlp: Language) -> Language:
    """Make ``nlp``'s lemmatiser answer through :class:`RuleLemmas`: the same lemmas, faster."""
    lemmatizer = cast("Lemmatizer", nlp.get_pipe("lemmatizer"))  # spaCy types any pipe
    rules = RuleLemmas(lemmatizer)
    lemmatizer.lemmatize = lambda token: [rules.lemma(token.text, token.pos_)]
    return nlp


class LemmaShortcut:
    """``options(word)``: one folded lemma per way the matcher could read ``word``'s lemma.

    ``signature(folded_form, folded_lemma)`` must return everything the matcher could ever read
    from that lemma for that form; lemmas with the same signature are interchangeable, so only
    one of each is kept. A word with one option has its lemma settled whatever its context.
    """

    def __init__(self, nlp: Language, signature: Signature, size: int = 500_000) -> None:
        self._nlp = nlp
        self._rules = RuleLemmas(nlp.get_pipe("lemmatizer"))
        self._pos = _parts_of_speech(nlp)
        self._signature = signature
        self._known: dict[str, tuple[str, ...]] = {}
        self._lemmas: dict[tuple[str, str], str] = {}
        self._size = size

    def options(self, word: str) -> tuple[str, ...]:
        found = self._known.get(word)
        if found is None:
            if len(self._known) >= self._size:
                self._known.clear()
            found = self._known[word] = self._options(word)
        return found

    def lemma(self, word: str, pos: str) -> str:
        """The folded lemma the pipeline's lemmatiser gives ``word`` tagged ``pos`` (cached)."""
        found = self._lemmas.get((word, pos))
        if found is None:
            if len(self._lemmas) >= self._size:
                self._lemmas.clear()
            found = self._lemmas[(word, pos)] = fold(self._rules.lemma(word, pos))
        return found

    def _options(self, word: str) -> tuple[str, ...]:
        form = fold(word)
        kept: dict[object, str] = {}
        for lemma in self.candidates(word):
            kept.setdefault(self._signature(form, lemma), lemma)
        return tuple(kept.values())

    def candidates(self, word: str) -> list[str]:
        """Every folded lemma the lemmatiser may give ``word``, one per part of speech."""
        return list(dict.fromkeys(fold(self._rules.lemma(word, pos)) for pos in self._pos))


class RuleLemmas:
    """spaCy's French rule lemmatiser (``FrenchLemmatizer.rule_lemmatize``), same tables and
    same steps, with its word lists turned into sets and its suffix rules indexed by suffix:
    spaCy scans a 66 000-word list for each word, which makes asking every part of speech slow.
    ``tests/analysis/test_lemma_shortcut.py`` checks it against spaCy word by word."""

    RULE_POS = frozenset(
        ("noun", "verb", "adj", "adp", "adv", "aux", "cconj", "det", "pron", "punct", "sconj")
    )

    def __init__(self, lemmatizer) -> None:
        tables = lemmatizer.lookups
        self._lookup = tables.get_table("lemma_lookup", {})
        index, exceptions = tables.get_table("lemma_index", {}), tables.get_table("lemma_exc", {})
        rules = tables.get_table("lemma_rules", {})
        self._index = {pos: frozenset(index.get(pos, ())) for pos in self.RULE_POS}
        self._exceptions = {pos: exceptions.get(pos, {}) for pos in self.RULE_POS}
        self._rules: dict[str, dict[str, list[tuple[int, str]]]] = {}
        for pos in self.RULE_POS:
            by_suffix: dict[str, list[tuple[int, str]]] = {}
            for number, (old, new) in enumerate(rules.get(pos, [])):
                by_suffix.setdefault(old, []).append((number, new))
            self._rules[pos] = by_suffix

    def lemma(self, text: str, pos: str) -> str:
        """The lemma spaCy gives ``text`` (a token's text) tagged ``pos``."""
        univ_pos = pos.lower()
        if univ_pos in ("", "eol", "space"):
            return text.lower()
        if univ_pos not in self.RULE_POS:
            found = self._lookup.get(text, text)
            return found if isinstance(found, str) else found[0]
        string = text.lower()
        index = self._index[univ_pos]
        if string in index:
            return string
        forms = list(self._exceptions[univ_pos].get(string, []))
        oov_forms: list[str] = []
        if not forms:
            forms, oov_forms = self._rule_forms(univ_pos, string, index)
        if not forms:
            forms = oov_forms
        if not forms:
            forms = [self._lookup.get(string, [string])[0]]
        return forms[0]

    def _rule_forms(self, pos: str, string: str, index) -> tuple[list[str], list[str]]:
        """Forms the suffix rules make, in rule order: those in the index, and the others."""
        rules = self._rules[pos]
        matching = []
        for cut in range(len(string) + 1):
            suffix = string[len(string) - cut :]
            for number, new in rules.get(suffix, ()):
                matching.append((number, cut, new))
        forms, oov_forms = [], []
        for _, cut, new in sorted(matching):
            form = string[: len(string) - cut] + new
            if not form:
                continue
            if form in index or not form.isalpha():
                forms.append(form)
            else:
                oov_forms.append(form)
        return forms, oov_forms


def _parts_of_speech(nlp: Language) -> list[str]:
    labels = cast("Morphologizer", nlp.get_pipe("morphologizer")).labels
    found = {part[4:] for label in labels for part in label.split("|") if part.startswith("POS=")}
    return sorted(found | set(_EXTRA_POS))
