"""Paths, model names and thresholds of the analysis package, in one place."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_CODEBOOK = DATA_DIR / "codebook.yaml"
CODEBOOK_SCHEMA = DATA_DIR / "codebook.schema.yaml"
# Filler and SMS words kept out of word clouds, on top of the French stop words.
CLOUD_STOP_WORDS = DATA_DIR / "cloud_stopwords.txt"

# The French pipeline from the package index; lemmas need tok2vec, morphologizer, attribute_ruler
# and lemmatizer, so the parser and the named-entity recogniser are switched off.
SPACY_MODEL = "fr_core_news_sm"
DISABLED_COMPONENTS = ("parser", "ner")

# Smallest group of respondents any published figure or quote may be about (ARCHITECTURE.md).
MIN_GROUP_SIZE = 5

# Fuzzy matching of spelling slips: only on unknown tokens at least this long, one edit away.
FUZZY_MIN_LENGTH = 5

# Distinct texts whose lemmas and themes are kept in memory (bounds memory on huge inputs).
CACHE_SIZE = 200_000
BATCH_SIZE = 1_000

# Answers with no theme are shown as « à classer »; stored tagging marks them with this id.
UNCLASSIFIED = "a_classer"

# « Sans avis / hors sujet » (ARCHITECTURE.md): an outcome of tagging stored like a theme tag,
# so staff can set or remove it; counted apart, never in a theme's base.
SANS_AVIS = "sans_avis"
SANS_AVIS_LABEL = "Sans avis / hors sujet"

# Neighbours of a context rule are looked for this many words either side (codebook default).
DEFAULT_CONTEXT_WINDOW = 6
