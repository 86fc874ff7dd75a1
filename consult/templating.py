"""Jinja helpers: French typography, language direction, shared template globals."""

from __future__ import annotations

import re

from flask import Flask
from markupsafe import Markup, escape

from analysis.suppression import is_hidden

NNBSP = "\u202f"  # narrow no-break space, before ; ! ? and inside « »
NBSP = "\u00a0"  # no-break space, before :
_BEFORE_HIGH_PUNCT = re.compile(r"[ \u00a0]+([;!?])")
_BEFORE_COLON = re.compile(r"(?<=\w)[ \u00a0]+:")
_OPEN_QUOTE = re.compile(r"«[ \u00a0]*")
_CLOSE_QUOTE = re.compile(r"[ \u00a0]*»")
_THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}\b)")


def french_typography(text: str | None) -> str:
    """Put the no-break spaces French typography wants, so that « ? » never starts a line."""
    if not text:
        return ""
    text = _BEFORE_HIGH_PUNCT.sub(NNBSP + r"\1", text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _OPEN_QUOTE.sub("«" + NNBSP, text)
    text = _CLOSE_QUOTE.sub(NNBSP + "»", text)
    return _THOUSANDS.sub(NNBSP, text)


def typo(text: str | None) -> Markup:
    return Markup(french_typography(str(escape(text or ""))))


def number_fr(value: int | float, decimals: int = 0) -> str:
    """1 344 and 2,5 (French digit grouping and decimal comma)."""
    formatted = f"{value:,.{decimals}f}".replace(",", NNBSP).replace(".", ",")
    return formatted


def present(**attributes: object) -> dict[str, object]:
    """The attributes worth rendering: WTForms would print None as « None », False as « False »."""
    # `is`, not `in (None, False)`: 0 == False, and min=0 must stay.
    return {
        name: value
        for name, value in attributes.items()
        if value is not None and value is not False
    }


def init_app(app: Flask) -> None:
    app.jinja_env.globals["present"] = present
    app.jinja_env.filters["typo"] = typo
    app.jinja_env.filters["number_fr"] = number_fr
    # {% if value is hidden %}: a figure suppressed by the small-group rule.
    app.jinja_env.tests["hidden"] = is_hidden
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
