"""Reading a questionnaire definition: hashing, labels, and which questions are shown."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

LANGUAGE_NAMES = {
    "fr": "Français",
    "falc": "Français facile (FALC)",
    "en": "English",
    "ar": "العربية",
    "tr": "Türkçe",
    "pt": "Português",
}
RTL_LANGUAGES = frozenset({"ar"})


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(data: Any) -> str:
    """SHA-256 of the canonical JSON form: equal content, equal hash, whatever the key order."""
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def text_in(text: Mapping[str, str] | None, language: str) -> str:
    """A multilingual text in ``language``, falling back on French."""
    if not text:
        return ""
    return text.get(language) or text["fr"]


def languages_of(definition: Mapping) -> list[str]:
    """Languages in which every question label is available, French first."""
    found = set(definition["title"])
    for question in definition["questions"]:
        found &= set(question["label"])
    order = list(LANGUAGE_NAMES)
    others = found - {"fr"}
    return [
        "fr",
        *sorted(others, key=lambda code: (order.index(code) if code in order else 99, code)),
    ]


def questions_for(definition: Mapping, quartier_id: str) -> list[dict]:
    """Questions asked in a quartier (conditions on the quartier applied)."""
    return [q for q in definition["questions"] if _quartier_allows(q, quartier_id)]


def _quartier_allows(question: Mapping, quartier_id: str) -> bool:
    condition = question.get("show_if") or {}
    return "quartier" not in condition or quartier_id in condition["quartier"]


def is_shown(question: Mapping, answers: Mapping[str, Any], quartier_id: str) -> bool:
    """Whether a question applies, given the quartier and the answers given so far."""
    condition = question.get("show_if")
    if not condition:
        return True
    if "quartier" in condition:
        return quartier_id in condition["quartier"]
    given = answers.get(condition["question"])
    wanted = condition.get("any_of") or [condition["equals"]]
    given_codes = given if isinstance(given, list) else [given]
    return any(code in wanted for code in given_codes)


def question_roles(definition: Mapping) -> dict[str, str]:
    """``{question key: role}`` for the questions that carry an analysis role."""
    return {q["key"]: q["role"] for q in definition["questions"] if q.get("role")}
