"""French stop words for word clouds and quotes: spaCy's list plus survey filler words."""

from __future__ import annotations

from functools import lru_cache

from analysis.normalize import fold

SURVEY_FILLERS = {
    "quartier",
    "chose",
    "faire",
    "falloir",
    "avoir",
    "etre",
    "plus",
    "pouvoir",
    "vouloir",
    "mettre",
    "manque",
    "manquer",
    "gens",
    "personne",
    "ville",
    "beaucoup",
    "trop",
    "bien",
    "bon",
    "tres",
    "pas",
    "rien",
    "tout",
    "aller",
    "dire",
    "voir",
    "truc",
    "etc",
    "cela",
}


@lru_cache(maxsize=1)
def french_stop_words() -> frozenset[str]:
    """Folded stop words."""
    from spacy.lang.fr.stop_words import STOP_WORDS  # imported late: spaCy is slow to import

    return frozenset(fold(word) for word in STOP_WORDS) | SURVEY_FILLERS
