"""Translation of the respondent pages' own wording (Flask-Babel; catalogues in
``consult/translations/``).

Questionnaire content is translated in the questionnaire files; everything else a respondent
reads goes through gettext. French is the source language. Plain French (FALC) is the Babel
locale ``fr@falc`` (French with a modifier), so that it needs no invented language code and
falls back on French where a string has no FALC wording.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from flask import Flask, g, request
from flask_babel import Babel, format_decimal, gettext, refresh
from markupsafe import Markup
from werkzeug.exceptions import RequestEntityTooLarge

from consult.questionnaire.answers import Message
from consult.templating import typo

# The respondent's language (as in questionnaire files) -> Babel locale of the page chrome.
LOCALES = {"fr": "fr", "falc": "fr@falc", "en": "en", "ar": "ar"}

babel = Babel()


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=\S)")


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=_locale, default_translation_directories="translations")
    app.jinja_env.filters["lines"] = lines
    app.jinja_env.filters["number"] = _number


def lines(text: str | None, language: str) -> Markup:
    """Text with French typography; in FALC, one sentence per line (its writing rules)."""
    if language != "falc":
        return typo(text)
    return Markup("<br>").join(typo(s) for s in sentences(text))


def sentences(text: str | None) -> list[str]:
    return _SENTENCE_END.split(text or "")


def requested_language(default: str = "fr") -> str:
    """The page chrome language asked for by ``?lang=`` (or a form's ``lang``), if we have it."""
    asked = request.args.get("lang") or _form_language()
    return asked if asked in LOCALES else default


def _form_language() -> str:
    try:
        return request.form.get("lang", "")
    except RequestEntityTooLarge:
        return ""  # the 413 page must not read again the body that was too large


def use_language(language: str) -> None:
    """Render the rest of this request in ``language``; chrome without a catalogue is French."""
    g.language = language
    refresh()


def html_lang(language: str) -> str:
    """The ``lang`` attribute of a page in ``language`` (FALC is French)."""
    return "fr" if language == "falc" else language


def translate(message: str, tu: bool = False) -> str:
    """A message of the answer rules in the page's language, « tu » on youth pages."""
    if not isinstance(message, Message):
        return gettext(message)
    params = {key: _number(value) for key, value in message.params.items()}
    return gettext(message.tu if tu else message.template, **params)


def translate_all(errors: Mapping[str, str], tu: bool = False) -> dict[str, str]:
    return {key: translate(message, tu) for key, message in errors.items()}


def _number(value):
    return format_decimal(value) if isinstance(value, int) else value


def _locale() -> str:
    return LOCALES.get(g.get("language") or requested_language(), "fr")
