"""Turn what people type into clean lowercase words: SMS style, repeats, accents, lists."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

FOLD_CACHE_SIZE = 200_000

# Word tokens: runs of letters or of digits. Apostrophes and hyphens separate words.
_WORD = re.compile(r"[^\W\d_]+|\d+")
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")

# SMS and spoken spellings, to the word a dictionary knows.
SMS_WORDS = {
    "pr": "pour",
    "bcp": "beaucoup",
    "bcq": "beaucoup",
    "ya": "il y a",
    "pa": "pas",
    "tt": "tout",
    "tte": "toute",
    "ts": "tous",
    "ttes": "toutes",
    "qd": "quand",
    "ds": "dans",
    "mm": "même",
    "ptit": "petit",
    "ptite": "petite",
    "ptits": "petits",
    "ke": "que",
    "koi": "quoi",
    "kartier": "quartier",
    "cartier": "quartier",
    "tjrs": "toujours",
    "tjs": "toujours",
    "secu": "sécurité",
    "bi1": "bien",
    "bien1": "bien",
    "pk": "pourquoi",
    "pq": "pourquoi",
    "jeuns": "jeunes",
    "jeune's": "jeunes",
    "keufs": "keuf",
    "flics": "flic",
    "assoc": "association",
    "assos": "associations",
    "asso": "association",
    "hlm's": "hlm",
    "tram's": "tram",
    "velo": "vélo",
    "velos": "vélos",
    "ecole": "école",
    "ecoles": "écoles",
    "cité": "cité",
    "mjc": "mjc",
    "foot": "foot",
    "ordi": "ordinateur",
    "rdv": "rendez-vous",
    "appart": "appartement",
    "apparts": "appartements",
    "dechet": "déchet",
    "dechets": "déchets",
    "proprete": "propreté",
    "securite": "sécurité",
    "sante": "santé",
    "medecin": "médecin",
    "medecins": "médecins",
    "creche": "crèche",
    "creches": "crèches",
    "activites": "activités",
    "activite": "activité",
    "equipement": "équipement",
    "equipements": "équipements",
    "citystade": "city stade",
    "citystades": "city stades",
}


@lru_cache(maxsize=FOLD_CACHE_SIZE)
def fold(text: str) -> str:
    """Lowercase without accents or ligatures: « Propreté Œuvre » → « proprete oeuvre ».

    Cached: matching folds the same few thousand words over and over."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def clean_words(text: str) -> list[str]:
    """Lowercase words of ``text`` with SMS spellings expanded and letter repeats collapsed.

    Accents are kept when present (they help the lemmatiser); punctuation disappears, so a list
    « sécurité, propreté » becomes two words.
    """
    text = unicodedata.normalize("NFC", text or "").lower().replace("’", "'")
    text = _REPEATS.sub(r"\1", text)
    words: list[str] = []
    for word in _WORD.findall(text):
        spelled = SMS_WORDS.get(word)
        if spelled is None:
            words.append(word)
        else:
            words.extend(spelled.split())
    return words


def clean_text(text: str) -> str:
    """The cleaned words joined by spaces: the cache key of an answer."""
    return " ".join(clean_words(text))
