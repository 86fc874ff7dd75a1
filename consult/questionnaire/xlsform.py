"""Convert an XLSForm (ODK / KoboToolbox) into a questionnaire file of our format.

What maps: ``text`` (``multiline`` appearance → long text), ``select_one``, ``select_multiple``,
``rank``, ``integer`` with a ``. >= a and . <= b`` constraint (a scale), ``required``, labels and
hints in several languages (``label::Français (fr)``), groups (flattened) and ``relevant`` of the
forms ``${q} = 'x'``, ``selected(${q}, 'x')`` joined by ``or``. Metadata fields (start, end,
deviceid…) are dropped. Anything else is refused with a French message naming the row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from consult.questionnaire.validation import validate_document
from consult.spreadsheets import SpreadsheetError, open_workbook, sheet_rows

# A questionnaire has tens of questions: these limits only stop a workbook built to exhaust memory.
MAX_SHEET_ROWS = 5_000
MAX_SHEET_COLUMNS = 200

METADATA_TYPES = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "phonenumber",
        "username",
        "simserial",
        "subscriberid",
        "audit",
        "email",
        "calculate_here",
        "start-geopoint",
    }
)
GROUP_TYPES = frozenset({"begin_group", "end_group", "begin group", "end group"})
LANGUAGE_CODES = {
    "francais": "fr",
    "français": "fr",
    "french": "fr",
    "falc": "falc",
    "english": "en",
    "anglais": "en",
    "arabic": "ar",
    "arabe": "ar",
    "العربية": "ar",
    "turkish": "tr",
    "turc": "tr",
    "türkçe": "tr",
    "portuguese": "pt",
    "portugais": "pt",
    "português": "pt",
    "spanish": "es",
    "espagnol": "es",
    "español": "es",
}
KNOWN_ROLES = {"atouts": "atouts", "priorites": "priorites"}
CODE = re.compile(r"^[a-z0-9][a-z0-9_]{0,63}$")
TRUE_VALUES = {"yes", "true", "true()", "1", "oui", "vrai"}
FALSE_VALUES = {"", "no", "false", "false()", "0", "non", "faux"}
SCALE = re.compile(r"^\s*\.\s*>=\s*(-?\d+)\s+and\s+\.\s*<=\s*(-?\d+)\s*$")
EQUALS = re.compile(r"^\$\{([^}]+)\}\s*=\s*'([^']*)'$")
SELECTED = re.compile(r"^selected\(\s*\$\{([^}]+)\}\s*,\s*'([^']*)'\s*\)$")


class XLSFormError(ValueError):
    """What the converter cannot express: one French message per problem."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def convert_xlsform(path: Path, *, slug: str | None = None, audience: str = "tous") -> dict:
    """Read an XLSForm workbook and return a questionnaire document that passes our schema."""
    sheets = _read_sheets(path)
    settings = (sheets.get("settings") or [{}])[0]
    default_language = _language(settings.get("default_language") or "fr", "settings") or "fr"
    problems: list[str] = []
    choices = _choice_lists(sheets.get("choices", []), default_language, problems)
    questions = _questions(sheets["survey"], choices, default_language, problems)
    title = _texts(settings, "form_title", default_language) or {"fr": path.stem}
    document = {
        "kind": "questionnaire",
        "slug": slug or _slug(settings.get("form_id") or path.stem),
        "audience": audience,
        "title": title if "fr" in title else {"fr": next(iter(title.values()))},
        "questions": questions,
    }
    if problems:
        raise XLSFormError(problems)
    errors = validate_document(document, str(path), "questionnaire")
    if errors:
        raise XLSFormError([f"{e.place} : {e.reason}" for e in errors])
    return document


def _read_sheets(path: Path) -> dict[str, list[dict[str, str]]]:
    try:
        workbook = open_workbook(path.read_bytes())
        try:
            sheets = {sheet.title.strip().lower(): _sheet(sheet) for sheet in workbook.worksheets}
        finally:
            workbook.close()
    except OSError as exc:
        problem = f"{path} : classeur XLSX illisible ({exc.__class__.__name__})"
        raise XLSFormError([problem]) from exc
    except SpreadsheetError as exc:
        raise XLSFormError([f"{path} : {exc}"]) from None
    if "survey" not in sheets:
        raise XLSFormError([f"{path} : la feuille « survey » est introuvable"])
    return sheets


def _sheet(sheet) -> list[dict[str, str]]:
    rows = sheet_rows(sheet, MAX_SHEET_ROWS, MAX_SHEET_COLUMNS)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    return [
        {h: _text(v) for h, v in zip(header, row, strict=False) if h}
        for row in rows
        if any(v not in (None, "") for v in row)
    ]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _language(name: str, where: str, problems: list[str] | None = None) -> str | None:
    """``Français (fr)`` → ``fr``; ``English`` → ``en``."""
    found = re.search(r"\(([A-Za-z]{2,4})\)\s*$", name)
    code = found.group(1).lower() if found else LANGUAGE_CODES.get(name.strip().casefold())
    if code is None and re.fullmatch(r"[a-z]{2}", name.strip()):
        code = name.strip()
    if code is None or not re.fullmatch(r"fr|falc|[a-z]{2}", code):
        if problems is not None:
            problems.append(
                f"{where} : langue « {name} » non reconnue (écrivez par ex. « Français (fr) »)"
            )
        return None
    return code


def _texts(row: dict[str, str], column: str, default_language: str, problems=None, where=""):
    """Every translation of ``column`` in a row: ``{language: text}``."""
    texts: dict[str, str] = {}
    for header, value in row.items():
        if not value:
            continue
        if header == column:
            texts.setdefault(default_language, value)
        elif header.startswith(f"{column}::"):
            language = _language(header.split("::", 1)[1], where or column, problems)
            if language:
                texts[language] = value
    return texts


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9_]+", "_", text.strip().lower()).strip("_")
    return slug[:64] or "questionnaire"


def _choice_lists(rows, default_language: str, problems: list[str]) -> dict[str, list[dict]]:
    lists: dict[str, list[dict]] = {}
    for number, row in enumerate(rows, start=2):
        where = f"choices, ligne {number}"
        list_name, name = row.get("list_name") or row.get("list name", ""), row.get("name", "")
        code = name.lower()
        if not CODE.match(code):
            problems.append(
                f"{where} : code de choix « {name} » invalide (minuscules, chiffres, _)"
            )
            continue
        label = _texts(row, "label", default_language, problems, where)
        if "fr" not in label:
            problems.append(f"{where} : libellé en français manquant pour le choix « {name} »")
            continue
        lists.setdefault(list_name, []).append({"code": code, "label": label})
    return lists


def _questions(rows, choices, default_language: str, problems: list[str]) -> list[dict]:
    questions: list[dict] = []
    keys: dict[str, dict] = {}
    for number, row in enumerate(rows, start=2):
        where = f"survey, ligne {number}"
        kind = " ".join(row.get("type", "").split())
        base = kind.split(" ")[0] if kind else ""
        if not kind or base in METADATA_TYPES:
            continue
        if kind in GROUP_TYPES:
            if row.get("relevant"):
                problems.append(
                    f"{where} : une condition « relevant » sur un groupe ne peut pas être "
                    "reprise ; mettez-la sur chaque question"
                )
            continue
        question = _question(row, kind, choices, default_language, where, problems)
        if question is None:
            continue
        condition = _condition(row.get("relevant", ""), keys, where, problems)
        if condition:
            question["show_if"] = condition
        keys[question["key"]] = question
        questions.append(question)
    return questions


def _question(row, kind, choices, default_language, where, problems) -> dict | None:
    name = row.get("name", "")
    key = name.lower()
    if not CODE.match(key):
        problems.append(f"{where} : nom de question « {name} » invalide (minuscules, chiffres, _)")
        return None
    label = _texts(row, "label", default_language, problems, where)
    if "fr" not in label:
        problems.append(f"{where} : libellé en français manquant pour « {name} »")
        return None
    question: dict[str, Any] = {"key": key}
    typed = _typed(row, kind, choices, where, problems)
    if typed is None:
        return None
    question.update(typed)
    question["label"] = label
    hint = _texts(row, "hint", default_language, problems, where)
    if hint:
        question["hint"] = hint if "fr" in hint else {"fr": next(iter(hint.values()))}
    required = row.get("required", "").strip().lower()
    if required in TRUE_VALUES:
        question["required"] = True
    elif required not in FALSE_VALUES:
        problems.append(f"{where} : « required » doit valoir yes ou no, pas « {row['required']} »")
    if key in KNOWN_ROLES:
        question["role"] = KNOWN_ROLES[key]
    return question


def _typed(row, kind: str, choices, where: str, problems: list[str]) -> dict | None:
    parts = kind.split(" ")
    base = parts[0]
    if base == "text":
        long = "multiline" in row.get("appearance", "")
        return {"type": "long_text" if long else "short_text"}
    if base in ("select_one", "select_multiple", "rank") and len(parts) == 2:
        if parts[1] not in choices:
            problems.append(
                f"{where} : liste de choix « {parts[1]} » absente de la feuille choices"
            )
            return None
        mapped = {"select_one": "single_choice", "select_multiple": "multiple_choice"}
        return {"type": mapped.get(base, "ranking"), "choices": choices[parts[1]]}
    if base == "integer":
        match = SCALE.match(row.get("constraint", ""))
        if match:
            return {"type": "scale", "min": int(match.group(1)), "max": int(match.group(2))}
        problems.append(
            f"{where} : un « integer » n'est repris que comme échelle, "
            "avec une contrainte « . >= 1 and . <= 5 »"
        )
        return None
    problems.append(f"{where} : le type « {kind} » ne peut pas être repris dans nos questionnaires")
    return None


def _condition(
    relevant: str, keys: dict[str, dict], where: str, problems: list[str]
) -> dict | None:
    """``${q} = 'a' or ${q} = 'b'`` / ``selected(${q}, 'a')`` → ``{question, equals|any_of}``."""
    relevant = " ".join(relevant.split())
    if not relevant:
        return None
    terms = [term.strip() for term in re.split(r"\s+or\s+", relevant)]
    matches = [m for t in terms if (m := EQUALS.match(t) or SELECTED.match(t))]
    targets = {m.group(1).lower() for m in matches}
    if len(matches) != len(terms) or len(targets) != 1:
        problems.append(
            f"{where} : condition « {relevant} » non reprise (seules « ${{q}} = 'x' » et "
            "« selected(${q}, 'x') » reliées par « or » sur une même question le sont)"
        )
        return None
    question = targets.pop()
    codes = [m.group(2).lower() for m in matches]
    if question not in keys:
        problems.append(
            f"{where} : la condition porte sur « {question} », "
            "qui n'est pas une question posée avant"
        )
        return None
    return _shaped(question, codes)


def _shaped(question: str, codes: Iterable[str]) -> dict:
    codes = list(dict.fromkeys(codes))
    if len(codes) == 1:
        return {"question": question, "equals": codes[0]}
    return {"question": question, "any_of": codes}
