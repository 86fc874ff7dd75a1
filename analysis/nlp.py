"""The spaCy French pipeline, loaded once per process, and lemmas of cleaned words."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, cast

from analysis.config import DISABLED_COMPONENTS, SPACY_MODEL
from analysis.normalize import fold

# spaCy is imported when a pipeline is first needed: importing it costs seconds, and the web
# app and CLI import this package without always tagging anything.
if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import Lemmatizer
    from spacy.tokens import Doc


@lru_cache(maxsize=1)
def lemma_pipeline() -> Language:
    """``fr_core_news_sm`` with only what lemmas need (no parser, no entity recogniser), its
    rule lemmatiser sped up (:func:`analysis.lemmas.use_rule_lemmas`: same lemmas)."""
    import spacy

    from analysis.lemmas import use_rule_lemmas

    return use_rule_lemmas(spacy.load(SPACY_MODEL, disable=list(DISABLED_COMPONENTS)))


def receptive_field(nlp: Language) -> int | None:
    """How many words either side can change a word's part of speech, or None if unknown.

    ``fr_core_news_sm`` encodes tokens with a convolution (``MaxoutWindowEncoder``: ``depth``
    layers each looking ``window_size`` words either side) over per-token embeddings, and its
    morphologizer reads each token's vector alone: so depth × window_size words either side.
    """
    encoder = nlp.config["components"].get("tok2vec", {}).get("model", {}).get("encode", {})
    if not str(encoder.get("@architectures", "")).startswith("spacy.MaxoutWindowEncoder"):
        return None
    return int(encoder["depth"]) * int(encoder["window_size"])


@lru_cache(maxsize=1)
def full_pipeline() -> Language:
    """The whole ``fr_core_news_sm`` pipeline: the naive reference path of the benchmark."""
    import spacy

    return spacy.load(SPACY_MODEL)


@lru_cache(maxsize=1)
def entity_pipeline() -> Language:
    """``fr_core_news_sm`` with only its entity recogniser (it has its own token vectors)."""
    import spacy

    return spacy.load(SPACY_MODEL, enable=["ner"])


def words_doc(nlp: Language, words: list[str]) -> Doc:
    """A Doc on our own word split, so that lemmas align one to one with cleaned words."""
    from spacy.tokens import Doc

    return Doc(nlp.vocab, words=words)


def lemmas(nlp: Language, words: list[str]) -> list[str]:
    """Folded lemmas of ``words`` in context, one per word (the slow, one-text path)."""
    if not words:
        return []
    return [fold(token.lemma_) for token in nlp(words_doc(nlp, words))]


def pipe_lemmas(
    nlp: Language, texts: Iterable[list[str]], batch_size: int = 256
) -> Iterator[list[str]]:
    """Folded lemmas of many word lists, batched through ``nlp.pipe``."""
    docs = (words_doc(nlp, words) for words in texts)
    for doc in nlp.pipe(docs, batch_size=batch_size):
        yield [fold(token.lemma_) for token in doc]


# What the attribute ruler of ``fr_core_news_sm`` does to parts of speech: a token the
# morphologizer calls SPACE becomes X unless it is whitespace (which alone becomes SPACE). It
# sets no lemma, and the rest of its patterns set only tags and dependencies.
_RULER_POS_PATTERNS = [
    ([[{"POS": "SPACE", "IS_SPACE": False}]], {"TAG": "X", "POS": "X", "MORPH": "_"}),
    ([[{"IS_SPACE": True}]], {"TAG": "SPACE", "POS": "SPACE", "MORPH": "_"}),
]


def pipe_parts_of_speech(
    nlp: Language, texts: Iterable[list[str]], batch_size: int = 256
) -> Iterator[list[str]]:
    """The part of speech ``nlp``'s lemmatiser reads for each word of many word lists.

    The lemmatiser does not run (the caller lemmatises only the words it needs, with the same
    rules: :class:`analysis.lemmas.RuleLemmas`), nor does the attribute ruler when all it could
    change is known (:data:`_RULER_POS_PATTERNS`, applied here): only the token vectors and the
    morphologizer, which alone decide the part of speech.
    """
    strings = nlp.vocab.strings
    skip = ["lemmatizer"] + (["attribute_ruler"] if _ruler_only_marks_spaces(nlp) else [])
    docs = ((words_doc(nlp, words), words) for words in texts)
    for doc, words in nlp.pipe(docs, as_tuples=True, batch_size=batch_size, disable=skip):
        parts = [strings[pos] if pos else "" for pos in doc.to_array("POS").tolist()]
        yield [
            "X" if pos == "SPACE" and not word.isspace() else pos
            for pos, word in zip(parts, words, strict=True)
        ]


@lru_cache(maxsize=4)
def _ruler_only_marks_spaces(nlp: Language) -> bool:
    """True when the attribute ruler sets no lemma and changes parts of speech only as
    :data:`_RULER_POS_PATTERNS` says."""
    if "attribute_ruler" not in nlp.pipe_names:
        return True
    patterns = nlp.get_pipe("attribute_ruler").patterns  # type: ignore[attr-defined]
    setting = [(p["patterns"], p["attrs"]) for p in patterns if {"POS", "LEMMA"} & set(p["attrs"])]
    return setting == _RULER_POS_PATTERNS


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Folded French lemmas the lemmatiser knows: never "corrected" as spelling slips."""
    lemmatizer = cast("Lemmatizer", lemma_pipeline().get_pipe("lemmatizer"))  # typed as any pipe
    table = lemmatizer.lookups.get_table("lemma_lookup")
    words: set[str] = set()
    for value in table.values():
        words.update(fold(v) for v in (value if isinstance(value, list) else [value]))
    return frozenset(words)
