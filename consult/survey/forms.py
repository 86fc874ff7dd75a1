"""Build the flask-wtf form of a questionnaire version, in the respondent's language.

Fields carry no validators of their own: ``consult.questionnaire.answers.clean_answers`` is the
one set of rules for every channel, and its messages are attached to the fields by the view.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import (
    Field,
    HiddenField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)

from consult.i18n import sentences
from consult.questionnaire.definition import questions_for, text_in
from consult.questionnaire.validation import DEFAULT_MAX_LENGTH


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class RankingField(Field):
    """One select per choice (« rang 1, 2, … »): ranking that works without JavaScript.

    Its data is the list of codes in rank order; a rank given twice is kept as ``None`` and
    reported by ``rank_error``.
    """

    def __init__(self, label=None, choices=(), **kwargs):
        super().__init__(label, **kwargs)
        self.choices = list(choices)
        self.ranks: dict[str, str] = {}
        self.rank_error: str | None = None

    def process(self, formdata, data=None, extra_filters=None):
        self.process_errors, self.data = [], []
        if formdata is None:
            return
        self.ranks = {code: formdata.get(f"{self.name}-{code}", "") for code, _ in self.choices}
        given = {code: rank for code, rank in self.ranks.items() if rank}
        if any(not rank.isdigit() for rank in given.values()):
            self.rank_error = gettext("Un rang doit être un nombre.")
        elif len(set(given.values())) != len(given):
            self.rank_error = gettext("Chaque rang ne peut être donné qu'une fois.")
        else:
            self.data = sorted(given, key=lambda code: int(given[code]))

    def __call__(self, **kwargs) -> Markup:
        return Markup("")  # rendered by the template macro, one select per choice


def build_form(definition: Mapping, quartier_id: str, language: str, formdata=None) -> FlaskForm:
    """A form instance with one field per question asked in this quartier."""
    attributes: dict[str, Any] = {
        "client_uuid": HiddenField(),
        "opened_at": HiddenField(),
        "lang": HiddenField(),
    }
    for question in questions_for(definition, quartier_id):
        attributes[question["key"]] = _field(question, language)
    form_class = type("QuestionnaireForm", (FlaskForm,), attributes)
    return form_class(formdata=formdata) if formdata is not None else form_class()


def _text(text: Mapping[str, str] | None, language: str) -> str:
    """``text_in``; French standing in for a missing translation is marked ``lang="fr"``, and
    FALC puts one sentence per line (the templates add the typography)."""
    found = text_in(text, language)
    if language == "falc":
        return Markup("<br>").join(sentences(found))
    if not text or language == "fr" or text.get(language):
        return found
    return Markup('<span lang="fr">{}</span>').format(found)


def _field(question: Mapping, language: str) -> Field:
    label = _text(question["label"], language)
    description = _text(question.get("hint"), language)
    kind = question["type"]
    if kind in ("short_text", "long_text"):
        limit = question.get("max_length", DEFAULT_MAX_LENGTH[kind])
        field_class = StringField if kind == "short_text" else TextAreaField
        # No ``maxlength``: it silently cuts a pasted text. The page shows a counter and the
        # answer rules refuse a text over the limit with a message.
        return field_class(label, description=description, render_kw={"data-max-length": limit})
    if kind == "scale":
        low, high = question.get("min", 1), question.get("max", 5)
        choices = [(str(n), str(n)) for n in range(low, high + 1)]
        return RadioField(label, choices=choices, description=description, validate_choice=False)
    choices = [(c["code"], _text(c["label"], language)) for c in question["choices"]]
    if kind == "single_choice":
        return RadioField(label, choices=choices, description=description, validate_choice=False)
    if kind == "multiple_choice":
        return CheckboxesField(
            label, choices=choices, description=description, validate_choice=False
        )
    return RankingField(label, choices=choices, description=description)


def raw_answers(form: FlaskForm, definition: Mapping, quartier_id: str) -> dict[str, Any]:
    """The submitted values by question key, as ``clean_answers`` expects them."""
    return {q["key"]: form[q["key"]].data for q in questions_for(definition, quartier_id)}
