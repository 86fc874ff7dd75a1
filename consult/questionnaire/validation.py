"""Validate questionnaire, consultation and territory files.

Every problem is reported as ``FileError(path, place, reason)``, in French, so that a person
editing a YAML file knows where to look and what to change.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker

from analysis.schema_errors import place_of, reason_of
from consult.questionnaire.segments import ROLE_CODES

KINDS = ("questionnaire", "consultation", "territory")
TEXT_TYPES = ("short_text", "long_text")
CHOICE_TYPES = ("single_choice", "multiple_choice", "ranking")
DEFAULT_MAX_LENGTH = {"short_text": 200, "long_text": 2000}


@dataclass(frozen=True)
class FileError:
    path: str
    place: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path} : {self.place} : {self.reason}"


class InvalidFile(Exception):
    """Raised by ``load_valid`` with every error found in a file."""

    def __init__(self, errors: list[FileError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


@cache
def _validator(kind: str) -> Draft202012Validator:
    text = resources.files("consult.questionnaire.schemas").joinpath(f"{kind}.yaml").read_text()
    return Draft202012Validator(yaml.safe_load(text), format_checker=FormatChecker())


def read_yaml(path: Path) -> tuple[Any, list[FileError]]:
    """Parse a YAML file, turning read and syntax errors into FileErrors."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [FileError(str(path), "fichier", "le fichier n'est pas encodé en UTF-8")]
    except OSError as exc:
        return None, [FileError(str(path), "fichier", f"lecture impossible ({exc.strerror})")]
    try:
        # Dates stay strings: the schema checks their format.
        return yaml.load(text, Loader=_StringDateLoader), []
    except yaml.reader.ReaderError as exc:
        # A control character: the reader knows its position in the text, not its line.
        line = text.count("\n", 0, exc.position) + 1
        reason = "YAML invalide (caractère invisible ou de contrôle non accepté)"
        return None, [FileError(str(path), f"ligne {line}", reason)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None)
        place = f"ligne {mark.line + 1}, colonne {mark.column + 1}" if mark else "fichier"
        return None, [FileError(str(path), place, f"YAML invalide ({problem or exc})")]


class _StringDateLoader(yaml.SafeLoader):
    pass


def _timestamp_as_string(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(node)


_StringDateLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_string)


def validate_document(document: Any, path: str, kind: str | None = None) -> list[FileError]:
    """Check one parsed document against its schema, then the rules a schema cannot say."""
    if not isinstance(document, dict):
        return [FileError(path, "fichier", "le fichier doit contenir un objet YAML (clé: valeur)")]
    kind = kind or document.get("kind")
    if kind not in KINDS:
        reason = f"« kind » doit valoir {', '.join(KINDS)}"
        return [FileError(path, "kind", reason)]
    errors = sorted(_validator(kind).iter_errors(document), key=lambda e: list(e.absolute_path))
    found = [FileError(path, place_of(e), reason_of(e)) for e in errors]
    if not found and kind == "questionnaire":
        found = [FileError(path, place, reason) for place, reason in questionnaire_rules(document)]
    return found


def questionnaire_rules(document: dict) -> list[tuple[str, str]]:
    """Cross-field rules: unique keys, choices where needed, conditions that make sense."""
    problems: list[tuple[str, str]] = []
    seen: dict[str, dict] = {}
    for index, question in enumerate(document["questions"]):
        place = f"questions[{index}]"
        key = question["key"]
        if key in seen:
            problems.append((f"{place}.key", f"clé « {key} » déjà utilisée"))
        problems += [(f"{place}.{p}", r) for p, r in _question_rules(question, seen)]
        seen[key] = question
    roles = [q.get("role") for q in document["questions"] if q.get("role") != "comment"]
    for role in {r for r in roles if r and roles.count(r) > 1}:
        problems.append(("questions", f"le rôle « {role} » est donné à plusieurs questions"))
    return problems


def _question_rules(question: dict, earlier: dict[str, dict]) -> list[tuple[str, str]]:
    qtype, problems = question["type"], []
    if qtype in CHOICE_TYPES:
        problems += _choice_rules(question)
    elif "choices" in question:
        problems.append(("choices", f"une question « {qtype} » n'a pas de choix"))
    if qtype == "scale":
        low, high = question.get("min", 1), question.get("max", 5)
        if not 0 <= low < high <= 10:
            problems.append(("max", "l'échelle doit aller de min à max avec 0 ≤ min < max ≤ 10"))
    if "max_length" in question and qtype not in TEXT_TYPES:
        problems.append(("max_length", "max_length ne vaut que pour les questions texte"))
    role = question.get("role")
    if role in ("atouts", "priorites") and qtype not in TEXT_TYPES:
        problems.append(("role", f"le rôle « {role} » demande une question texte"))
    if role in ROLE_CODES or role in ("residence", "sector"):
        problems += _segment_role_rules(question, role)
    if "show_if" in question:
        problems += _condition_rules(question["show_if"], earlier)
    return problems


def _choice_rules(question: dict) -> list[tuple[str, str]]:
    choices = question.get("choices")
    if not choices:
        return [("choices", f"une question « {question['type']} » doit proposer des choix")]
    codes = [c["code"] for c in choices]
    problems = []
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        problems.append(("choices", f"code de choix « {code} » en double"))
    if question.get("max_choices", 1) > len(choices):
        problems.append(("max_choices", "max_choices dépasse le nombre de choix"))
    return problems


def _segment_role_rules(question: dict, role: str) -> list[tuple[str, str]]:
    if question["type"] != "single_choice":
        return [("role", f"le rôle « {role} » demande une question à choix unique")]
    allowed = ROLE_CODES.get(role)
    if allowed is None:
        return []
    unknown = [c["code"] for c in question["choices"] if c["code"] not in allowed]
    if unknown:
        listed, expected = ", ".join(unknown), ", ".join(allowed)
        return [("choices", f"codes inconnus pour « {role} » : {listed} (attendu : {expected})")]
    return []


def _condition_rules(condition: dict, earlier: dict[str, dict]) -> list[tuple[str, str]]:
    if "quartier" in condition:
        if len(condition) > 1:
            return [("show_if", "une condition porte soit sur le quartier, soit sur une question")]
        return []
    key = condition.get("question")
    if key is None or ("equals" in condition) == ("any_of" in condition):
        return [("show_if", "attendu : question + equals, ou question + any_of, ou quartier")]
    target = earlier.get(key)
    if target is None:
        return [("show_if.question", f"« {key} » n'est pas une question posée avant celle-ci")]
    codes = {c["code"] for c in target.get("choices", [])}
    wanted = condition.get("any_of") or [condition["equals"]]
    unknown = [c for c in wanted if c not in codes]
    if unknown:
        return [("show_if", f"choix inconnus de « {key} » : {', '.join(unknown)}")]
    return []


def load_valid(path: Path, kind: str | None = None) -> dict:
    """Read and validate a file; raise ``InvalidFile`` with every error found."""
    document, errors = read_yaml(path)
    if not errors:
        errors = validate_document(document, str(path), kind)
    if errors:
        raise InvalidFile(errors)
    return document


def check_paths(paths: list[Path]) -> list[FileError]:
    """Validate files, and every YAML file under directories (the CLI ``check`` command)."""
    errors: list[FileError] = []
    for path in paths:
        files = sorted(path.rglob("*.y*ml")) if path.is_dir() else [path]
        for file in files:
            document, read_errors = read_yaml(file)
            errors += read_errors or validate_document(document, str(file))
    return errors
