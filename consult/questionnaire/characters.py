"""Characters that break stored text or the files made from it.

Control characters (U+0000 is refused by PostgreSQL, U+0001 by the XML inside XLSX and DOCX
files), lone surrogates (not encodable in UTF-8) and the two XML non-characters are refused
when an answer arrives and removed from every exported file. Tab, line feed and carriage
return are ordinary whitespace and stay.
"""

from __future__ import annotations

import re

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
REFUSED = "Votre réponse contient un caractère invisible ou de contrôle non accepté : retirez-le."


def has_forbidden(text: str) -> bool:
    """True when ``text`` holds a character refused at the door (whitespace is allowed)."""
    return _FORBIDDEN.search(text) is not None


def strip_forbidden(text: str) -> str:
    """``text`` without the characters no file may hold."""
    return _FORBIDDEN.sub("", text)
