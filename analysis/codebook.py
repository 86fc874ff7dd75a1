"""Load a theme codebook file and check it against its schema, with errors in French."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

from analysis.config import CODEBOOK_SCHEMA, DEFAULT_CODEBOOK, DEFAULT_CONTEXT_WINDOW
from analysis.schema_errors import place_of, reason_of


@dataclass(frozen=True)
class ContextRule:
    """A term that counts only with one of ``require`` and none of ``forbid`` near it."""

    term: str
    require: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()
    window: int = DEFAULT_CONTEXT_WINDOW
    side: str = "both"  # « en bois »: only the word before matters
    yields: bool = False  # gives way to another theme's cue nearby


@dataclass(frozen=True)
class Salience:
    """How cues are weighed in long answers (see ``salience`` in the codebook schema)."""

    demand: tuple[str, ...] = ()
    demand_verbs: tuple[str, ...] = ()
    long_answer_words: int = 0  # 0: every answer keeps all its themes
    keep_ratio: float = 0.0
    demand_weight: float = 1.0
    max_themes: int | None = None


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    axis: str
    definition: str
    terms: tuple[str, ...]
    context: tuple[ContextRule, ...] = ()


@dataclass(frozen=True)
class Codebook:
    """A validated codebook; ``content_hash`` identifies this exact version."""

    slug: str
    version: str
    themes: tuple[Theme, ...]
    neutral: tuple[str, ...]
    definition: dict
    content_hash: str
    no_opinion: tuple[str, ...] = ()
    salience: Salience = Salience()

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(theme.id for theme in self.themes)

    def label(self, theme_id: str) -> str:
        return next((t.label for t in self.themes if t.id == theme_id), theme_id)


class CodebookError(ValueError):
    """An invalid codebook file: each message names the place and the reason, in French."""

    def __init__(self, source: str, errors: list[str]) -> None:
        self.source, self.errors = source, errors
        super().__init__("\n".join(f"{source} : {error}" for error in errors))


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read, validate and return the codebook at ``path`` (the default one when omitted)."""
    path = Path(path) if path is not None else DEFAULT_CODEBOOK
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CodebookError(str(path), [f"fichier illisible ({exc.__class__.__name__})"]) from exc
    return parse_codebook(text, str(path))


@lru_cache(maxsize=1)
def default_codebook() -> Codebook:
    return load_codebook(DEFAULT_CODEBOOK)


def parse_codebook(text: str, source: str = "codebook") -> Codebook:
    """Validate YAML text and build a :class:`Codebook`; raise :class:`CodebookError`."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"ligne {mark.line + 1}" if mark else "fichier"
        raise CodebookError(source, [f"{place} : YAML invalide"]) from exc
    errors = schema_errors(data) or semantic_errors(data)
    if errors:
        raise CodebookError(source, errors)
    return _build(data)


def schema_errors(data: object) -> list[str]:
    validator = Draft202012Validator(_schema())
    found = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    return [f"{place_of(error)} : {reason_of(error)}" for error in found]


def semantic_errors(data: dict) -> list[str]:
    seen: set[str] = set()
    errors = []
    for index, theme in enumerate(data["themes"]):
        if theme["id"] in seen:
            errors.append(f"themes[{index}].id : identifiant « {theme['id']} » en double")
        seen.add(theme["id"])
        for term in theme.get("context", {}):
            if term not in theme["terms"]:
                errors.append(
                    f"themes[{index}].context : « {term} » n'est pas un terme de ce thème"
                )
    return errors


def _build(data: dict) -> Codebook:
    window = data.get("context_window", DEFAULT_CONTEXT_WINDOW)
    themes = tuple(
        Theme(
            t["id"],
            t["label"],
            t["axis"],
            t["definition"],
            tuple(t["terms"]),
            _rules(t.get("context", {}), window),
        )
        for t in data["themes"]
    )
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return Codebook(
        slug=data["slug"],
        version=str(data["version"]),
        themes=themes,
        neutral=tuple(data.get("neutral", ())),
        definition=data,
        content_hash=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        no_opinion=tuple(data.get("no_opinion", ())),
        salience=_salience(data.get("salience")),
    )


def _rules(context: dict, window: int) -> tuple[ContextRule, ...]:
    return tuple(
        ContextRule(
            term,
            tuple(rule.get("require", ())),
            tuple(rule.get("forbid", ())),
            rule.get("window", window),
            rule.get("side", "both"),
            rule.get("yields", False),
        )
        for term, rule in context.items()
    )


def _salience(data: dict | None) -> Salience:
    if not data:
        return Salience()
    return Salience(
        demand=tuple(data["demand"]),
        demand_verbs=tuple(data["demand_verbs"]),
        long_answer_words=data["long_answer_words"],
        keep_ratio=float(data["keep_ratio"]),
        demand_weight=float(data["demand_weight"]),
        max_themes=data.get("max_themes"),
    )


@lru_cache(maxsize=1)
def _schema() -> dict:
    return yaml.safe_load(CODEBOOK_SCHEMA.read_text(encoding="utf-8"))
