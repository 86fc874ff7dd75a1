"""A small model learnt from staff codings, combined with the codebook, and its measured gain.

Features are the folded lemmas of an answer (stop words out), weighted by TF-IDF (words and
pairs of words); one logistic regression per theme (one-vs-rest). The model only *adds* themes:
to an answer the codebook found no theme in when its probability reaches ``thresholds.empty``,
to any answer when it reaches ``thresholds.high``. It never removes a codebook theme, never
touches a « sans avis » answer, and staff codings win over it anyway (it yields auto tags).

Its gain is measured by k-fold cross-validation on the staff codings: codebook alone against
codebook + model, micro- and macro-F1. The thresholds are chosen inside each training fold
(nested), so the figures are not fitted to the answers they score.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import product

import numpy as np

from analysis.clauses import clean_segments, joined
from analysis.nlp import lemma_pipeline, pipe_lemmas
from analysis.normalize import fold
from analysis.stopwords import french_stop_words
from analysis.tagging import Tags

# Enough staff codings to learn from: below these, no model is trained (the page says why).
MIN_EXAMPLES = 50
MIN_PER_THEME = 5
FOLDS = 5
INNER_FOLDS = 3
SEED = 2026
# Grids the thresholds are chosen from; ``NEVER`` means « only where the codebook found none ».
EMPTY_GRID = (0.3, 0.4, 0.5, 0.6, 0.7)
NEVER = 1.01
HIGH_GRID = (0.7, 0.8, 0.9, 0.95, NEVER)


@dataclass(frozen=True)
class Example:
    """One staff-coded answer: its text and its themes as staff left them (no « sans avis »)."""

    text: str
    themes: frozenset[str]


@dataclass(frozen=True)
class Thresholds:
    empty: float  # where the codebook found no theme
    high: float  # anywhere (NEVER: not beside codebook themes)


@dataclass(frozen=True)
class Scores:
    micro_f1: float
    macro_f1: float


@dataclass(frozen=True)
class Evaluation:
    """Cross-validated figures of codebook alone against codebook + model."""

    examples: int
    folds: int
    themes: tuple[str, ...]  # the themes the model learnt
    codebook: Scores
    combined: Scores
    thresholds: Thresholds

    @property
    def gain(self) -> Scores:
        return Scores(
            round(self.combined.micro_f1 - self.codebook.micro_f1, 4),
            round(self.combined.macro_f1 - self.codebook.macro_f1, 4),
        )

    @property
    def helps(self) -> bool:
        """Used only when it raises micro-F1 without lowering macro-F1."""
        return self.gain.micro_f1 > 0 and self.gain.macro_f1 >= 0


@dataclass
class ThemeModel:
    """The fitted model with the themes it knows and its thresholds."""

    estimator: object
    themes: tuple[str, ...]
    thresholds: Thresholds
    order: dict[str, int] = field(default_factory=dict)

    def probabilities(self, documents: Sequence[str]) -> np.ndarray:
        return _probabilities(self.estimator, documents, len(self.themes))

    def combine(self, texts: Sequence[str | None], tags: Sequence[Tags]) -> list[Tags]:
        """The codebook's tags with the themes the model adds (never fewer themes)."""
        probabilities = self.probabilities(lemma_documents(texts))
        return [
            combined(t, dict(zip(self.themes, row, strict=True)), self.thresholds, self.order)
            for t, row in zip(tags, probabilities, strict=True)
        ]

    def dumps(self) -> bytes:
        """The estimator alone, pickled: themes and thresholds are stored as plain data."""
        return pickle.dumps(self.estimator, protocol=pickle.HIGHEST_PROTOCOL)


def lemma_documents(texts: Sequence[str | None]) -> list[str]:
    """Each text as its folded lemmas joined by spaces, stop words and non-words removed."""
    words = [joined(clean_segments(text)) for text in texts]
    stop = french_stop_words()
    documents = []
    for lemma_list in pipe_lemmas(lemma_pipeline(), words):
        kept = (lemma for lemma in lemma_list if lemma.isalpha() and len(lemma) > 1)
        documents.append(" ".join(fold(lemma) for lemma in kept if lemma not in stop))
    return documents


def combined(
    tags: Tags, probability: dict[str, float], thresholds: Thresholds, order: dict[str, int]
) -> Tags:
    """``tags`` plus the model's themes above their threshold, with why: « modèle appris
    (p = 0,83) »."""
    if tags.no_opinion:
        return tags
    limit = thresholds.high if tags.themes else thresholds.empty
    added = {t: p for t, p in probability.items() if p >= limit and t not in tags.themes}
    if not added:
        return tags
    themes = tuple(sorted((*tags.themes, *added), key=lambda t: order.get(t, len(order))))
    evidence = dict(tags.evidence)
    evidence.update({t: (model_evidence(p),) for t, p in added.items()})
    return replace(tags, themes=themes, evidence=evidence)


def model_evidence(probability: float) -> str:
    """Why staff see a theme the model added: « modèle appris (p = 0,83) »."""
    return f"modèle appris (p = {probability:.2f})".replace(".", ",")


def learnable_themes(examples: Sequence[Example]) -> tuple[str, ...]:
    """Themes with at least :data:`MIN_PER_THEME` staff-coded answers, sorted."""
    counts: dict[str, int] = {}
    for example in examples:
        for theme in example.themes:
            counts[theme] = counts.get(theme, 0) + 1
    return tuple(sorted(t for t, n in counts.items() if n >= MIN_PER_THEME))


def train(
    examples: Sequence[Example], codebook_tags: Sequence[Tags], order: dict[str, int]
) -> tuple[ThemeModel, Evaluation]:
    """Fit on every example and measure by nested cross-validation (seconds on a CPU).

    ``codebook_tags`` are the codebook's tags of the same answers, in the same order.
    """
    themes = learnable_themes(examples)
    documents = lemma_documents([e.text for e in examples])
    labels = _label_matrix(examples, themes)
    gold = [e.themes for e in examples]
    folds = _folds(len(examples), FOLDS)
    predicted: list[Tags | None] = [None] * len(examples)
    for train_at, test_at in folds:
        chosen = _choose_thresholds(documents, labels, gold, codebook_tags, train_at, themes, order)
        estimator = _fit([documents[i] for i in train_at], labels[train_at])
        probabilities = _probabilities(estimator, [documents[i] for i in test_at], len(themes))
        for i, row in zip(test_at, probabilities, strict=True):
            predicted[i] = combined(
                codebook_tags[i], dict(zip(themes, row, strict=True)), chosen, order
            )
    everything = np.arange(len(examples))
    thresholds = _choose_thresholds(
        documents, labels, gold, codebook_tags, everything, themes, order, FOLDS
    )
    evaluation = Evaluation(
        examples=len(examples),
        folds=FOLDS,
        themes=themes,
        codebook=scores(gold, [t.themes for t in codebook_tags]),
        combined=scores(gold, [t.themes for t in predicted if t is not None]),
        thresholds=thresholds,
    )
    return ThemeModel(_fit(documents, labels), themes, thresholds, order), evaluation


def loads(blob: bytes, themes: Sequence[str], thresholds: Thresholds, order) -> ThemeModel:
    """A stored model back (written by :meth:`ThemeModel.dumps` of this installation)."""
    return ThemeModel(pickle.loads(blob), tuple(themes), thresholds, dict(order))


def scores(gold: Sequence[frozenset[str]], predicted: Sequence[Sequence[str]]) -> Scores:
    """Micro-F1 over every (answer, theme), macro-F1 over the themes staff used."""
    tp: dict[str, int] = {}
    fp: dict[str, int] = {}
    fn: dict[str, int] = {}
    for expected, themes in zip(gold, predicted, strict=True):
        found = set(themes)
        for theme in found | expected:
            bucket = tp if theme in found and theme in expected else fp if theme in found else fn
            bucket[theme] = bucket.get(theme, 0) + 1
    micro = _f1(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    used = sorted({t for expected in gold for t in expected})
    per_theme = [_f1(tp.get(t, 0), fp.get(t, 0), fn.get(t, 0)) for t in used]
    macro = sum(per_theme) / len(per_theme) if per_theme else 0.0
    return Scores(round(micro, 4), round(macro, 4))


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _label_matrix(examples: Sequence[Example], themes: Sequence[str]) -> np.ndarray:
    return np.array([[t in e.themes for t in themes] for e in examples], dtype=int)


def _folds(size: int, k: int, seed: int = SEED) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import KFold

    splitter = KFold(n_splits=min(k, size), shuffle=True, random_state=seed)
    return list(splitter.split(np.arange(size)))


def _fit(documents: list[str], labels: np.ndarray):
    """TF-IDF on lemmas and lemma pairs, one balanced logistic regression per theme."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import make_pipeline

    vectorizer = TfidfVectorizer(
        token_pattern=r"\S+", lowercase=False, ngram_range=(1, 2), sublinear_tf=True
    )
    classifier = OneVsRestClassifier(
        LogisticRegression(C=4.0, class_weight="balanced", solver="liblinear")
    )
    return make_pipeline(vectorizer, classifier).fit(documents, labels)


def _probabilities(estimator, documents: Sequence[str], width: int) -> np.ndarray:
    if not documents:
        return np.zeros((0, width))
    return np.asarray(estimator.predict_proba(list(documents))).reshape(len(documents), width)


def _choose_thresholds(documents, labels, gold, codebook_tags, at, themes, order, k=INNER_FOLDS):
    """The grid point with the best micro-F1 on out-of-fold probabilities of the answers ``at``."""
    probabilities = np.zeros((len(at), len(themes)))
    for inner_train, inner_test in _folds(len(at), k):
        estimator = _fit([documents[at[i]] for i in inner_train], labels[at[inner_train]])
        probabilities[inner_test] = _probabilities(
            estimator, [documents[at[i]] for i in inner_test], len(themes)
        )
    expected = [gold[i] for i in at]
    best, best_score = Thresholds(NEVER, NEVER), -1.0
    for empty, high in product(EMPTY_GRID, HIGH_GRID):
        thresholds = Thresholds(empty, max(high, empty))
        found = [
            combined(codebook_tags[i], dict(zip(themes, row, strict=True)), thresholds, order)
            for i, row in zip(at, probabilities, strict=True)
        ]
        score = scores(expected, [tags.themes for tags in found]).micro_f1
        if score > best_score:
            best, best_score = thresholds, score
    return best
