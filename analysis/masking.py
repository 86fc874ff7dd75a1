"""Mask what could identify someone in a quote: names after a civility, e-mails, phone numbers,
street addresses.

Quotes are shown to the comité de pilotage and printed in reports; the answers themselves stay
untouched in the database. Rules are deterministic and fast (no model), so that a page never waits
for spaCy; a first name written alone (« mon voisin Karim ») is not caught — see the README.
"""

from __future__ import annotations

import re

NAME = "[nom]"
EMAIL = "[e-mail]"
PHONE = "[téléphone]"
ADDRESS = "[adresse]"

_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ"
_WORD = rf"[{_UPPER}][\w'’-]+"
_CIVILITY = re.compile(
    rf"\b(M\.|Mr\.?|Mme\.?|Mlle\.?|Melle\.?|Dr\.?|[Mm]onsieur|[Mm]adame|[Mm]ademoiselle"
    rf"|[Dd]octeur|[Mm]a[iî]tre)\s+({_WORD}(?:\s+{_WORD})?)"
)
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


def mask_personal_details(text: str) -> str:
    """The text with names after a civility, e-mails, phones and addresses replaced."""
    text = _EMAIL.sub(EMAIL, text)
    text = _PHONE.sub(PHONE, text)
    text = _ADDRESS.sub(ADDRESS, text)
    return _CIVILITY.sub(lambda match: f"{match.group(1)} {NAME}", text)
