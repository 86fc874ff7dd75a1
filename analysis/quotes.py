"""Representative quotes: clear, short, typical answers for a theme in a quartier."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pandas as pd

from analysis.config import MIN_GROUP_SIZE
from analysis.masking import mask_quotes
from analysis.normalize import clean_words, fold
from analysis.stopwords import french_stop_words

MIN_CHARS, MAX_CHARS = 12, 200


def representative_quotes(
    frame: pd.DataFrame,
    role: str,
    by: str = "quartier",
    k: int = MIN_GROUP_SIZE,
    per_group: int = 3,
    keep_words: Iterable[str] = (),
) -> pd.DataFrame:
    """Up to ``per_group`` quotes per (``by``, theme), from groups where at least ``k``
    respondents mention the theme. The most typical answers come first: those sharing the most
    content words with the other answers of their group, of readable length, without repeats.
    Names (after a civility, or found by spaCy's entity recogniser on the picked quotes only),
    e-mails, phones and addresses are masked in ``text``; ``keep_words`` (the territory's place
    names) are never taken for names.
    Columns: ``by``, ``theme``, ``answer_id``, ``text``, ``score``.
    """
    rows = frame[(frame["role"] == role) & frame["theme"].notna()]
    picked = [
        _pick(group, per_group).assign(**{by: key[0], "theme": key[1]})
        for key, group in rows.groupby([by, "theme"], sort=True)
        if group["respondent"].nunique() >= k
    ]
    columns = [by, "theme", "answer_id", "text", "score"]
    if not picked:
        return pd.DataFrame(columns=columns)
    quotes = pd.concat(picked)[columns].reset_index(drop=True)
    return quotes.assign(text=mask_quotes(quotes["text"], keep_words))


def _pick(group: pd.DataFrame, per_group: int) -> pd.DataFrame:
    words = {row.answer_id: _content(row.text) for row in group.itertuples()}
    frequency = Counter(w for ws in words.values() for w in set(ws))
    candidates = group.assign(
        score=[
            _score(text, words[a], frequency)
            for a, text in zip(group["answer_id"], group["text"], strict=True)
        ],
        _key=[fold(" ".join(clean_words(t))) for t in group["text"]],
    )
    readable = candidates[candidates["text"].str.len().between(MIN_CHARS, MAX_CHARS)]
    ranked = readable.sort_values(["score", "answer_id"], ascending=[False, True])
    return ranked.drop_duplicates("_key").head(per_group)[["answer_id", "text", "score"]]


def _content(text: str) -> list[str]:
    stop = french_stop_words()
    return [w for w in (fold(x) for x in clean_words(text)) if len(w) > 2 and w not in stop]


def _score(text: str, words: list[str], frequency: Counter) -> float:
    """Mean group frequency of the answer's content words, slightly favouring short answers."""
    if not words:
        return 0.0
    typicality = sum(frequency[w] for w in set(words)) / len(set(words))
    return round(typicality / (1 + len(text) / MAX_CHARS), 4)
