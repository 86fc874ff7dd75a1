"""Clean raw answers against a questionnaire version: one set of rules for every channel.

The web form, the API, paper entry and imports all call ``clean_answers``; its messages are
French because they are shown to the person who typed the answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from consult.questionnaire.characters import REFUSED as UNSAFE_CHARACTER
from consult.questionnaire.characters import has_forbidden
from consult.questionnaire.definition import is_shown, questions_for
from consult.questionnaire.validation import DEFAULT_MAX_LENGTH

_INTEGER = re.compile(r"-?[0-9]{1,9}")


def N_(text: str) -> str:
    """Marks a message for ``pybabel extract``; translated where it is shown."""
    return text


class Message(str):
    """A French message (the adults' « vous ») that keeps its template, values and the youth
    « tu » wording, so that respondent pages can show it translated (``consult.i18n``)."""

    template: str
    tu: str
    params: dict[str, Any]

    def __new__(cls, template: str, tu: str | None = None, **params: Any) -> Message:
        message = super().__new__(cls, template % params if params else template)
        message.template, message.tu, message.params = template, tu or template, params
        return message


REQUIRED = Message(N_("Cette question est obligatoire."))
NOTHING_ANSWERED = Message(
    N_("Vous n'avez répondu à aucune question. Répondez au moins à une question avant d'envoyer."),
    N_("Tu n'as répondu à aucune question. Réponds au moins à une question avant d'envoyer."),
)
TOO_LONG = Message(
    N_("Votre réponse fait %(length)s caractères ; la limite est de %(limit)s caractères."),
    N_("Ta réponse fait %(length)s caractères ; la limite est de %(limit)s caractères."),
)
UNKNOWN_QUESTION = Message(N_("Question inconnue dans ce questionnaire."))
NOT_A_CHOICE = Message(N_("Ce choix ne fait pas partie des réponses proposées."))
WRITTEN_ANSWER = Message(N_("Une réponse écrite est attendue."))
ONE_RANK = Message(N_("Chaque choix ne peut avoir qu'un seul rang."))
CHOICE_LIST = Message(N_("Une liste de choix est attendue."))
# Messages without values: a page's script can translate them when the API returns them.
FIXED_MESSAGES = (
    REQUIRED,
    NOTHING_ANSWERED,
    UNKNOWN_QUESTION,
    NOT_A_CHOICE,
    WRITTEN_ANSWER,
    ONE_RANK,
    CHOICE_LIST,
)
# Key of an error about the questionnaire as a whole (question keys are never empty).
WHOLE = ""
Value = str | int | list[str]


class AnswerError(ValueError):
    """A value that does not fit its question; the message is meant for the respondent."""


def clean_answers(
    definition: Mapping, quartier_id: str, raw: Mapping[str, Any]
) -> tuple[dict[str, Value], dict[str, str]]:
    """Return ``(answers, errors)``: cleaned values of shown questions, French errors by key.

    Nothing answered at all is an error under the key ``WHOLE``; an answer to segment
    questions only (age, gender…) is accepted.
    """
    questions = {q["key"]: q for q in questions_for(definition, quartier_id)}
    # Messages are strings; most are Message (translatable), the unsafe-character one is not.
    errors: dict[str, str] = {key: UNKNOWN_QUESTION for key in raw if key not in questions}
    answers: dict[str, Value] = {}
    for key, question in questions.items():
        try:
            value = clean_value(question, raw.get(key))
        except AnswerError as exc:
            errors[key] = exc.args[0]
            continue
        if value is not None:
            answers[key] = value
    # Conditions are judged on the cleaned answers, in question order.
    for key, question in questions.items():
        if not is_shown(question, answers, quartier_id):
            answers.pop(key, None)
            errors.pop(key, None)
        elif question.get("required") and key not in answers and key not in errors:
            errors[key] = REQUIRED
    # Checked on every raw value, hidden or unknown ones too: a conflict keeps the raw payload.
    errors |= {key: UNSAFE_CHARACTER for key, value in raw.items() if _unsafe(key, value)}
    # An empty questionnaire is nobody's voice: counting it would inflate participation.
    if not answers and not errors:
        errors[WHOLE] = NOTHING_ANSWERED
    return answers, errors


def error_fields(errors: Mapping[str, str]) -> dict[str, str]:
    """Errors named as API fields: ``answers.<key>``, or ``answers`` for the whole."""
    return {(f"answers.{key}" if key else "answers"): message for key, message in errors.items()}


def _unsafe(key: str, value: Any) -> bool:
    """A key or text holding a character that breaks storage or exported files."""
    texts = [key, *(value if isinstance(value, list) else [value])]
    return any(isinstance(text, str) and has_forbidden(text) for text in texts)


def clean_value(question: Mapping, value: Any) -> Value | None:
    """One answer, normalised; ``None`` when empty. Raises ``AnswerError``."""
    if value is None or value == "" or value == []:
        return None
    cleaner = _CLEANERS[question["type"]]
    return cleaner(question, value)


def _clean_text(question: Mapping, value: Any) -> str | None:
    if not isinstance(value, str):
        raise AnswerError(WRITTEN_ANSWER)
    text = " ".join(value.split()) if question["type"] == "short_text" else value.strip()
    text = text.replace("\r\n", "\n")
    limit = question.get("max_length", DEFAULT_MAX_LENGTH[question["type"]])
    if len(text) > limit:
        raise AnswerError(Message(TOO_LONG.template, TOO_LONG.tu, length=len(text), limit=limit))
    return text or None


def _codes(question: Mapping) -> list[str]:
    return [choice["code"] for choice in question["choices"]]


def _clean_single(question: Mapping, value: Any) -> str:
    if not isinstance(value, str) or value not in _codes(question):
        raise AnswerError(NOT_A_CHOICE)
    return value


def _clean_multiple(question: Mapping, value: Any) -> list[str] | None:
    codes = _as_code_list(question, value)
    limit = question.get("max_choices")
    if limit and len(codes) > limit:
        raise AnswerError(
            Message(
                N_("Choisissez au plus %(limit)s réponses."),
                N_("Choisis au plus %(limit)s réponses."),
                limit=limit,
            )
        )
    # Stored in the questionnaire's order, so that equal answers are equal values.
    return [code for code in _codes(question) if code in codes] or None


def _clean_ranking(question: Mapping, value: Any) -> list[str] | None:
    codes = _as_code_list(question, value)
    if len(set(codes)) != len(codes):
        raise AnswerError(ONE_RANK)
    return codes or None


def _as_code_list(question: Mapping, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise AnswerError(CHOICE_LIST)
    if any(code not in _codes(question) for code in value):
        raise AnswerError(NOT_A_CHOICE)
    return value


def _clean_scale(question: Mapping, value: Any) -> int:
    low, high = question.get("min", 1), question.get("max", 5)
    # ASCII digits only: « ² » is a digit to ``str.isdigit`` but not a number to ``int``.
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise AnswerError(
            Message(
                N_("Choisissez une valeur entre %(low)s et %(high)s."),
                N_("Choisis une valeur entre %(low)s et %(high)s."),
                low=low,
                high=high,
            )
        )
    return value


_CLEANERS = {
    "short_text": _clean_text,
    "long_text": _clean_text,
    "single_choice": _clean_single,
    "multiple_choice": _clean_multiple,
    "ranking": _clean_ranking,
    "scale": _clean_scale,
}
