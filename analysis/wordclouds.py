"""Word clouds (PNG) from French lemma frequencies, stop words removed."""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd
from wordcloud import WordCloud

from analysis.config import CLOUD_STOP_WORDS
from analysis.masking import PLACEHOLDERS, mask_personal_details
from analysis.nlp import known_words, lemma_pipeline, words_doc
from analysis.normalize import clean_words, fold
from analysis.stopwords import french_stop_words

_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS))


def lemma_frequencies(texts: Iterable[str], extra_stop_words: Iterable[str] = ()) -> Counter:
    """How often each lemma (lowercase, accents kept) occurs in ``texts``, stop words removed."""
    nlp = lemma_pipeline()
    stop = french_stop_words() | {fold(w) for w in extra_stop_words}
    docs = nlp.pipe(words_doc(nlp, clean_words(t or "")) for t in texts)
    counts: Counter = Counter()
    for doc in docs:
        counts.update(
            lemma
            for lemma in (t.lemma_.lower() for t in doc)
            if len(lemma) > 2 and lemma.isalpha() and fold(lemma) not in stop
        )
    return counts


@lru_cache(maxsize=1)
def cloud_stop_words() -> frozenset[str]:
    """Folded words never shown in a cloud: ``data/cloud_stopwords.txt`` and French stop words."""
    lines = CLOUD_STOP_WORDS.read_text(encoding="utf-8").splitlines()
    listed = {fold(line.split("#", 1)[0].strip()) for line in lines}
    return frozenset(listed - {""}) | french_stop_words()


def cloud_word_counts(texts: pd.Series, respondents: pd.Series, k: int) -> Counter:
    """Word → number of distinct respondents who used it, for words used by at least ``k``.

    ``texts`` and ``respondents`` are aligned, one row per answer. Names, e-mails, phones and
    addresses are masked first (as in quotes), words are French lemmas without stop words, and
    a word one respondent repeats counts once: no word in the cloud points to fewer than ``k``.
    """
    frame = pd.DataFrame(
        {"text": texts.fillna("").astype(str).to_numpy(), "respondent": respondents.to_numpy()}
    )
    distinct = frame["text"].unique().tolist()
    words = dict(zip(distinct, _cloud_words(distinct), strict=True))
    pairs = frame.assign(word=frame["text"].map(words)).explode("word").dropna(subset=["word"])
    pairs = pairs.assign(key=pairs["word"].map(fold)).drop_duplicates(["key", "respondent"])
    users = pairs.groupby("key")["respondent"].nunique()
    # Each folded word is shown in its most frequent spelling (« sécurité », not « securite »).
    shown = pairs.groupby("key")["word"].agg(lambda spellings: spellings.mode().iloc[0])
    return Counter({shown[key]: int(n) for key, n in users.items() if n >= k})


def cloud_words(texts: list[str]) -> list[list[str]]:
    """The words of each text as clouds show them (masked, lemmatised, stop words out)."""
    return list(_cloud_words(texts))


def _cloud_words(texts: list[str]) -> Iterable[list[str]]:
    """The cloud words of each text: masked, lemmatised (a word whose lemma is no French word,
    such as « voltaire » → « voltair », stays as written), stop words removed."""
    nlp, stop, known = lemma_pipeline(), cloud_stop_words(), known_words()
    cleaned = (clean_words(_PLACEHOLDER.sub(" ", mask_personal_details(t))) for t in texts)
    for doc in nlp.pipe(words_doc(nlp, words) for words in cleaned):
        lemmas = (token.lemma_.lower() for token in doc)
        lemmas = (
            lemma if fold(lemma) in known else token.text
            for token, lemma in zip(doc, lemmas, strict=True)
        )
        yield [
            lemma
            for token, lemma in zip(doc, lemmas, strict=True)
            if len(lemma) > 2
            and lemma.isalpha()
            and fold(lemma) not in stop
            and fold(token.text) not in stop
        ]


def wordcloud_png(frequencies: Counter, width: int = 800, height: int = 400) -> bytes:
    """A PNG word cloud; the same frequencies always give the same picture."""
    if not frequencies:
        raise ValueError("aucun mot à représenter")
    cloud = WordCloud(
        width=width,
        height=height,
        background_color="white",
        random_state=42,
        max_words=80,
        collocations=False,
        prefer_horizontal=0.9,
    )
    image = cloud.generate_from_frequencies(dict(frequencies)).to_image()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
