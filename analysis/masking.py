"""Mask what could identify someone in a quote: names after a civility, a title or « famille »,
e-mails, phone numbers, street addresses, and first names found by spaCy's entity recogniser.

Quotes are shown to the comité de pilotage and printed in reports; the answers themselves stay
untouched in the database. The rules (``mask_personal_details``) are deterministic and fast, so
word clouds can run them on every answer; the entity recogniser (``mask_quotes``) is slower and
runs only on the few quotes actually published.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from analysis.normalize import fold
from analysis.stopwords import french_stop_words

NAME = "[nom]"
EMAIL = "[e-mail]"
PHONE = "[téléphone]"
ADDRESS = "[adresse]"
PLACEHOLDERS = (NAME, EMAIL, PHONE, ADDRESS)

_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ"
_WORD = rf"[{_UPPER}][\w'’-]+"
_ANY_WORD = r"[^\W\d_][\w'’-]*"
_LOWER = rf"[^\W\d_{_UPPER}]"
# Shaped like a name: « Karim », « Jean-Pierre » (not « MJC », not « karim »).
_NAME_SHAPE = re.compile(rf"[{_UPPER}]{_LOWER}+(?:-[{_UPPER}]{_LOWER}+)*")
# Civilities whose next word is a name even when typed in lowercase (« mme dupont »).
_PLAIN_CIVILITY = r"m\.|mr\.?|mme\.?|mlle\.?|melle\.?|monsieur|madame|mademoiselle"
_CIVILITY_WORD = rf"(?i:{_PLAIN_CIVILITY}|dr\.?|docteur|ma[iî]tre)"
# « Monsieur le maire Dupont »: the title stays, the name goes.
_TITLE = (
    r"maire|adjointe?|directeur|directrice|pr[ée]sidente?|gardien(?:ne)?|principale?|proviseur"
    r"|cur[ée]|imam|pasteur|docteur|commissaire|pr[ée]f[eè]te?|d[ée]put[ée]e?|s[ée]nat(?:eur|rice)"
    r"|conseill[eè]re?|animat(?:eur|rice)|[ée]ducat(?:eur|rice)|responsable|agente?"
)
_CIVILITY = re.compile(
    rf"(?<![\w.])(?P<civility>{_CIVILITY_WORD})"
    rf"(?P<title>\s+(?i:le|la|l['’])\s*(?i:{_TITLE}))?"
    rf"(?P<space>(?<=\.)\s*|\s+)(?P<first>{_ANY_WORD})(?P<second>\s+{_WORD})?"
)
_FAMILY = re.compile(rf"\b(?P<family>(?i:familles?))\s+{_WORD}")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\d)(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
_STREET = (
    r"rue|avenue|av\.|boulevard|bd|allée|allee|impasse|chemin|place|square|cité|cite|résidence"
    r"|residence|quai|route|passage"
)
_LINK = r"(?:(?:de|du|des|la|le|l['’]|d['’])\s*)?"
# A number, a street type, its name (one word), then any capitalised words (« du Général Leclerc »).
_ADDRESS = re.compile(
    rf"\b\d{{1,4}}\s*(?:bis|ter)?,?\s+(?i:{_STREET})\s+{_LINK}[\w'’-]+(?:\s+{_LINK}{_WORD})*"
)
# Words after which a capitalised word is a place, not a person (« au Val », « rue Voltaire »).
# Not « à » nor « de »: « merci à Fatima », « le fils de Karim » are people.
_PLACE_CUES = frozenset(
    fold(w)
    for w in (
        "au",
        "aux",
        "en",
        "vers",
        "sur",
        "rue",
        "avenue",
        "place",
        "quartier",
        "cité",
        "ville",
        "résidence",
        "boulevard",
        "allée",
        "impasse",
        "commune",
    )
)
_CIVILITIES = frozenset(
    (
        "m",
        "mr",
        "mme",
        "mlle",
        "melle",
        "monsieur",
        "madame",
        "mademoiselle",
        "dr",
        "docteur",
        "maitre",
        "famille",
    )
)


def mask_personal_details(text: str) -> str:
    """The text with names after a civility, a title or « famille », e-mails, phones and
    addresses replaced (rules only: no model)."""
    text = _EMAIL.sub(EMAIL, text)
    text = _PHONE.sub(PHONE, text)
    text = _ADDRESS.sub(ADDRESS, text)
    text = _FAMILY.sub(lambda match: f"{match.group('family')} {NAME}", text)
    return _CIVILITY.sub(_mask_after_civility, text)


def _mask_after_civility(match: re.Match) -> str:
    """« Mme Martin », « mme dupont », « M.Durand », « Monsieur le maire Dupont »; a function
    word is never a name (« madame la maire a dit », « merci monsieur pour tout »)."""
    first, second = match.group("first"), match.group("second")
    stop = french_stop_words()
    capitalised = first[0].isupper()
    plain = re.fullmatch(_PLAIN_CIVILITY, match.group("civility"), re.IGNORECASE)
    if fold(first) in stop or not (capitalised or plain):
        return match.group(0)
    keep_second = second and fold(second.strip()) in stop
    title = match.group("title") or ""
    tail = second if keep_second else ""
    return f"{match.group('civility')}{title}{match.group('space')}{NAME}{tail}"


def mask_quotes(texts: Iterable[str], keep: Iterable[str] = ()) -> list[str]:
    """The rule masking, then people's names found by spaCy's entity recogniser.

    For the few quotes actually published (never every answer: the recogniser costs time).
    ``keep``: words never masked, such as the names of the territory's quartiers and communes.
    """
    from analysis.nlp import entity_pipeline

    masked = [mask_personal_details(text) for text in texts]
    keep_folded = {fold(word) for word in keep}
    docs = entity_pipeline().pipe(masked)
    return [_mask_entities(doc, keep_folded) for doc in docs]


def _mask_entities(doc, keep: set[str]) -> str:
    """The doc's text with the tokens of person-like entities replaced by ``NAME``."""
    spans = [ent for ent in doc.ents if _is_person(ent, keep)]
    text = doc.text
    for ent in reversed(spans):  # from the end, so earlier offsets stay valid
        text = text[: ent.start_char] + NAME + text[ent.end_char :]
    return text


def _is_person(ent, keep: set[str]) -> bool:
    """A person's name rather than a word or a place.

    The small French model often labels a first name written alone LOC or MISC (« mon voisin
    Karim » → LOC), and an ordinary lowercase word PER (« aider »). So: every token must be
    capitalised like a name and unknown to the lemmatiser's dictionary; a PER entity is a name;
    a single-word LOC or MISC is one unless a place word comes before it (« à Longwy »).
    """
    from analysis.nlp import known_words

    words = known_words()
    tokens = [t for t in ent if not t.is_punct]
    if ent.label_ not in ("PER", "LOC", "MISC") or not tokens:
        return False
    if not all(_looks_like_name(t.text, words, keep) for t in tokens):
        return False
    if ent.label_ == "PER":
        return True
    before = ent.doc[ent.start - 1].text if ent.start > 0 else ""
    return len(tokens) == 1 and fold(before) not in _PLACE_CUES


def _looks_like_name(word: str, known: frozenset[str], keep: set[str]) -> bool:
    folded = fold(word)
    return (
        bool(_NAME_SHAPE.fullmatch(word))
        and folded not in known
        and folded not in keep
        and folded not in _CIVILITIES
    )
