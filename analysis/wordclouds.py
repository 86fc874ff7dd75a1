"""Word clouds (PNG) from French lemma frequencies, stop words removed."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable

from wordcloud import WordCloud

from analysis.nlp import lemma_pipeline, words_doc
from analysis.normalize import clean_words, fold
from analysis.stopwords import french_stop_words


def lemma_frequencies(texts: Iterable[str], extra_stop_words: Iterable[str] = ()) -> Counter:
    """How often each lemma (lowercase, accents kept) occurs in ``texts``, stop words removed."""
    nlp = lemma_pipeline()
    stop = french_stop_words() | {fold(w) for w in extra_stop_words}
    docs = nlp.pipe(words_doc(nlp, clean_words(t or "")) for t in texts)
    counts: Counter = Counter()
    for doc in docs:
        counts.update(
            lemma for lemma in (t.lemma_.lower() for t in doc)
            if len(lemma) > 2 and lemma.isalpha() and fold(lemma) not in stop
        )  # fmt: skip
    return counts


def wordcloud_png(frequencies: Counter, width: int = 800, height: int = 400) -> bytes:
    """A PNG word cloud; the same frequencies always give the same picture."""
    if not frequencies:
        raise ValueError("aucun mot à représenter")
    cloud = WordCloud(
        width=width, height=height, background_color="white", random_state=42,
        max_words=80, collocations=False, prefer_horizontal=0.9,
    )  # fmt: skip
    image = cloud.generate_from_frequencies(dict(frequencies)).to_image()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
