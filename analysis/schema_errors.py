"""JSON-Schema errors of data files (codebook, questionnaires, territories) in French.

One place for both the codebook loader and the questionnaire validator: a person editing a
YAML file reads where (``questions[2].choices[0].code``) and why, in their language.
"""

from __future__ import annotations

from jsonschema import ValidationError

_TYPES = {
    "object": "dictionnaire",
    "array": "liste",
    "string": "texte",
    "integer": "entier",
    "number": "nombre",
    "boolean": "oui/non (true/false)",
}


def place_of(error: ValidationError) -> str:
    """``questions[2].choices[0].code`` style location of a schema error."""
    place = ""
    for part in error.absolute_path:
        place += f"[{part}]" if isinstance(part, int) else (f".{part}" if place else str(part))
    return place or "racine"


def reason_of(error: ValidationError) -> str:
    """A French explanation of a schema error (the validator's English message otherwise)."""
    explain = _REASONS.get(str(error.validator))
    return explain(error) if explain else error.message


def _names(names) -> str:
    return ", ".join(f"« {name} »" for name in names)


def _type(error: ValidationError) -> str:
    expected = _TYPES.get(error.validator_value, error.validator_value)
    hint = " ; mettez la valeur entre guillemets" if error.validator_value == "string" else ""
    return f"type attendu : {expected}{hint}"


_REASONS = {
    "required": lambda e: (
        "champ obligatoire manquant : "
        + _names(n for n in e.validator_value if n not in e.instance)
    ),
    "additionalProperties": lambda e: (
        "champ inconnu : "
        + _names(n for n in sorted(e.instance) if n not in e.schema.get("properties", {}))
    ),
    "type": _type,
    "enum": lambda e: (
        f"« {e.instance} » n'est pas une valeur permise "
        f"(attendu : {', '.join(map(str, e.validator_value))})"
    ),
    "const": lambda e: (
        f"« {e.instance} » n'est pas une valeur permise (attendu : {e.validator_value})"
    ),
    "not": lambda e: f"« {e.instance} » est réservé",
    "pattern": lambda e: f"« {e.instance} » n'a pas la forme attendue",
    "propertyNames": lambda e: (
        f"code de langue invalide « {e.instance} » (fr, falc ou deux lettres, ex. en, ar)"
    ),
    "format": lambda e: f"« {e.instance} » n'est pas une date AAAA-MM-JJ",
    "minItems": lambda e: f"au moins {e.validator_value} élément(s) attendu(s)",
    "maxItems": lambda e: f"au plus {e.validator_value} élément(s) attendu(s)",
    "minLength": lambda e: f"au moins {e.validator_value} caractère(s) attendu(s)",
    "maxLength": lambda e: f"au plus {e.validator_value} caractère(s) attendu(s)",
    "minProperties": lambda e: f"au moins {e.validator_value} entrée(s) attendue(s)",
    "minimum": lambda e: f"au moins {e.validator_value} attendu",
    "maximum": lambda e: f"au plus {e.validator_value} attendu",
    "uniqueItems": lambda e: "la liste contient des doublons",
}
