"""Import answers collected elsewhere (CSV or XLSX exports of LimeSurvey, Framaforms, Kobo…).

Every row goes through ``record_submission`` with channel ``import``. Its client UUID is derived
from the questionnaire and the row (its id column when mapped, else its whole content), so that
importing the same file again — or a longer export of the same survey — adds nothing twice; it is
keyed with the installation's secret so that nobody can claim it first (``reserved_ids``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
import uuid
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import PurePath
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.db import begin_write
from consult.models import QuestionnaireVersion, Response
from consult.questionnaire.characters import strip_forbidden
from consult.questionnaire.definition import canonical_json
from consult.services.audit import record_event
from consult.services.reserved_ids import IMPORT_SECRET, installation_secret, reserved_uuid
from consult.services.submission_payload import parse_moment
from consult.services.submissions import (
    Submission,
    SubmissionRejected,
    preview_submission,
    record_submission,
)
from consult.spreadsheets import SpreadsheetError, open_workbook, sheet_rows

# Imports made before the UUIDs were keyed with a secret (see ``reserved_ids``) used this public
# namespace; rows stored that way with channel ``import`` are still recognised on re-import.
LEGACY_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://consult.invalid/import")
SPECIAL_TARGETS = {
    "quartier": "Quartier",
    "id": "Identifiant de la ligne",
    "date": "Date de la réponse",
}
MAX_ROWS = 50_000
COMMIT_EVERY = 500  # rows per committed chunk of a long import
MAX_COLUMNS = 500
DATE_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S")


class UnreadableFile(ValueError):
    """The file cannot be read as a table; the message is French."""


class RowError(ValueError):
    """A value of one row that cannot be imported; the message is French."""


@dataclass(frozen=True)
class UploadedTable:
    columns: list[str]
    rows: list[dict[str, str]]
    digest: str


# --- reading -------------------------------------------------------------------------------


def read_table(filename: str, data: bytes) -> UploadedTable:
    """Parse a CSV (``;``, ``,`` or tab, UTF-8 or Windows-1252) or an XLSX (first sheet)."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xlsx":
        columns, values = _read_xlsx(data)
    elif suffix in (".csv", ".txt", ".tsv"):
        columns, values = _read_csv(data)
    else:
        raise UnreadableFile("Format non pris en charge : envoyez un fichier .csv ou .xlsx.")
    columns = _header(columns)
    rows = [dict(zip(columns, _pad(row, len(columns)), strict=True)) for row in values]
    rows = [row for row in rows if any(v.strip() for v in row.values())]
    if not rows:
        raise UnreadableFile("Le fichier ne contient aucune ligne de réponses sous l'en-tête.")
    if len(rows) > MAX_ROWS:
        raise UnreadableFile(f"Le fichier dépasse {MAX_ROWS} lignes : découpez-le.")
    return UploadedTable(columns, rows, hashlib.sha256(data).hexdigest())


def _read_csv(data: bytes) -> tuple[list[str], list[list[str]]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = _bounded(reader)
    except csv.Error as exc:  # e.g. a cell over the csv module's 128 KB limit
        raise UnreadableFile(f"Le fichier CSV est mal formé : {exc}.") from None
    if not rows:
        raise UnreadableFile("Le fichier est vide.")
    return rows[0], rows[1:]


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    # Bytes such as 0x81 exist in neither encoding.
    raise UnreadableFile("Encodage du fichier non reconnu : enregistrez-le en UTF-8.")


def _bounded(rows) -> list[list[str]]:
    """Rows read one by one, refused as soon as one limit is passed."""
    kept: list[list[str]] = []
    for row in rows:
        if len(row) > MAX_COLUMNS:
            raise UnreadableFile(f"Le fichier dépasse {MAX_COLUMNS} colonnes.")
        if len(kept) > MAX_ROWS:  # the header and MAX_ROWS rows are already kept
            raise UnreadableFile(f"Le fichier dépasse {MAX_ROWS} lignes : découpez-le.")
        kept.append(row)
    return kept


def _read_xlsx(data: bytes) -> tuple[list[str], list[list[str]]]:
    try:
        workbook = open_workbook(data)
        try:
            rows = [
                [_cell_text(v) for v in row]
                for row in sheet_rows(workbook.worksheets[0], MAX_ROWS, MAX_COLUMNS)
            ]
        finally:
            workbook.close()
    except SpreadsheetError as exc:
        raise UnreadableFile(str(exc)) from None
    if not rows:
        raise UnreadableFile("La première feuille du classeur est vide.")
    return rows[0], rows[1:]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _header(columns: list[str]) -> list[str]:
    names = [strip_forbidden(c).strip() or f"Colonne {i + 1}" for i, c in enumerate(columns)]
    while names and names[-1].startswith("Colonne "):
        names.pop()
    twice = [name for name, n in Counter(names).items() if n > 1]
    if twice:
        raise UnreadableFile(f"Deux colonnes portent le même nom : « {twice[0]} ».")
    return names


def _pad(row: list[str], width: int) -> list[str]:
    return [(v or "") for v in row[:width]] + [""] * (width - len(row))


# --- mapping -------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Compare labels loosely: no accents, no case, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace("_", " ").split())


def mapping_targets(definition: Mapping) -> list[tuple[str, str]]:
    """``(target, label)`` pairs a column may be mapped to, questions in their order."""
    questions = [(q["key"], q["label"]["fr"]) for q in definition["questions"]]
    return list(SPECIAL_TARGETS.items()) + questions


def guess_mapping(columns: list[str], definition: Mapping) -> dict[str, str]:
    """A first mapping: a column named like a question key, label, role or special target."""
    known: dict[str, str] = {normalise(t): t for t in SPECIAL_TARGETS}
    known |= {normalise(label): t for t, label in SPECIAL_TARGETS.items()}
    for question in definition["questions"]:
        for name in (question["key"], question["label"]["fr"], question.get("role") or ""):
            if name:
                known.setdefault(normalise(name), question["key"])
    return {column: known[normalise(column)] for column in columns if normalise(column) in known}


def resolve_mapping(mapping: Mapping[str, str], columns: list[str], definition: Mapping) -> dict:
    """Check a mapping against the file and questionnaire; segment roles name their question."""
    by_role = {q["role"]: q["key"] for q in definition["questions"] if q.get("role")}
    keys = {q["key"] for q in definition["questions"]}
    resolved: dict[str, str] = {}
    problems = []
    for column, target in mapping.items():
        if not target:
            continue
        target = by_role.get(target, target) if target not in keys else target
        if column not in columns:
            problems.append(f"la colonne « {column} » n'existe pas dans le fichier")
        elif target not in keys and target not in SPECIAL_TARGETS:
            problems.append(
                f"« {target} » (colonne « {column} ») n'est ni une question ni un segment"
            )
        else:
            resolved[column] = target
    twice = [t for t, n in Counter(resolved.values()).items() if n > 1]
    problems += [f"plusieurs colonnes vont vers « {t} »" for t in twice]
    if problems:
        raise UnreadableFile("Correspondance incorrecte : " + " ; ".join(problems) + ".")
    return resolved


# --- importing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RowResult:
    line: int
    status: str  # created, duplicate, conflict, rejected
    message: str | None = None


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def created(self) -> int:
        return self.count("created")

    @property
    def duplicate(self) -> int:
        return self.count("duplicate")

    @property
    def conflict(self) -> int:
        return self.count("conflict")

    @property
    def rejected(self) -> list[RowResult]:
        return [row for row in self.rows if row.status == "rejected"]

    def summary(self) -> dict[str, int]:
        return {
            "lignes": len(self.rows),
            "importees": self.created,
            "deja_importees": self.duplicate,
            "en_conflit": self.conflict,
            "refusees": len(self.rejected),
        }


def import_table(
    session: Session,
    version_id: int,
    table: UploadedTable,
    mapping: Mapping[str, str],
    *,
    quartier_id: str | None = None,
    user_id: int | None = None,
    filename: str = "",
    dry_run: bool = False,
    commit_every: int | None = None,
) -> ImportReport:
    """Validate every row and store the valid ones in the caller's transaction.

    ``dry_run`` stores nothing and writes nothing (it holds no write lock): each row's report is
    what importing would do. ``commit_every`` commits every N rows, so that a long import lets
    residents' submissions through between chunks; an interrupted import is finished by
    importing the file again (rows already imported are duplicates).
    """
    version = session.get(QuestionnaireVersion, version_id)
    if version is None:
        raise UnreadableFile("Version de questionnaire inconnue.")
    definition = version.definition
    mapping = resolve_mapping(mapping, table.columns, definition)
    if quartier_id is None and "quartier" not in mapping.values():
        raise UnreadableFile(
            "Indiquez la colonne du quartier, ou un quartier pour tout le fichier."
        )
    quartiers = version.questionnaire.consultation.quartiers
    secret = installation_secret(session, IMPORT_SECRET)
    report = ImportReport()
    occurrences: Counter[str] = Counter()
    previewed: dict[str, str] = {}
    for line, row in enumerate(table.rows, start=2):
        content = canonical_json(row)
        occurrences[content] += 1
        key = _row_key(row, mapping, content, occurrences[content])
        client_uuid = row_uuid(session, secret, version.questionnaire_id, key)
        try:
            submission = _submission(
                row, mapping, definition, version, quartiers, quartier_id, client_uuid
            )
            if dry_run:
                outcome = preview_submission(session, submission, previewed)
            else:
                outcome = record_submission(session, submission)
        except RowError as exc:
            report.rows.append(RowResult(line, "rejected", str(exc)))
        except SubmissionRejected as exc:
            report.rows.append(RowResult(line, "rejected", _reasons(exc, definition)))
        else:
            report.rows.append(RowResult(line, outcome.status))
        if commit_every and not dry_run and (line - 1) % commit_every == 0:
            begin_write(session)  # commits this chunk and takes the write lock again
    if not dry_run:
        details = {"filename": filename, "sha256": table.digest, "version_id": version_id}
        record_event(session, user_id, "import", "response", None, details | report.summary())
    return report


def _row_key(row: Mapping[str, str], mapping: Mapping[str, str], content: str, nth: int) -> str:
    id_column = next((c for c, t in mapping.items() if t == "id"), None)
    if id_column and row[id_column].strip():
        return f"id:{row[id_column].strip()}"
    # Identical rows are distinct people: the n-th copy gets its own key, the same on re-import.
    return f"content:{hashlib.sha256(content.encode()).hexdigest()}:{nth}"


def row_uuid(session: Session, secret: bytes, questionnaire_id: int, row_key: str) -> str:
    """The row's UUID: keyed with the installation's secret, or the legacy one already stored."""
    name = f"{questionnaire_id}|{row_key}"
    legacy = str(uuid.uuid5(LEGACY_NAMESPACE, name))
    # Only a row this app imported counts: an anonymous answer posted under the legacy UUID
    # (guessable by anyone) must not stand for the genuine row.
    query = select(Response.id).filter_by(client_uuid=legacy, channel="import")
    return legacy if session.scalar(query) is not None else reserved_uuid(secret, name)


def _submission(
    row, mapping, definition, version, quartiers, fixed_quartier, client_uuid
) -> Submission:
    quartier_id = fixed_quartier or _quartier(row, mapping, quartiers)
    questions = {q["key"]: q for q in definition["questions"]}
    answers = {
        target: _value(questions[target], row[column])
        for column, target in mapping.items()
        if target in questions and row[column].strip()
    }
    date_column = next((c for c, t in mapping.items() if t == "date"), None)
    return Submission(
        client_uuid=client_uuid,
        version_id=version.id,
        quartier_id=quartier_id,
        answers=answers,
        channel="import",
        submitted_at=_date(row[date_column]) if date_column else None,
    )


def _quartier(row, mapping, quartiers) -> str:
    column = next(c for c, t in mapping.items() if t == "quartier")
    value = normalise(row[column])
    for quartier in quartiers:
        if value in (normalise(quartier.id), normalise(quartier.name)):
            return quartier.id
    if not value:
        raise RowError("quartier manquant")
    raise RowError(f"quartier inconnu « {row[column].strip()} »")


def _value(question: Mapping, raw: str) -> Any:
    raw = raw.strip()
    kind = question["type"]
    if kind in ("short_text", "long_text", "scale"):
        return raw
    if kind == "single_choice":
        return _code(question, raw)
    separator = ";" if ";" in raw else ("," if "," in raw else None)
    parts = raw.split(separator) if separator else _split_codes(question, raw)
    return [_code(question, part.strip()) for part in parts if part.strip()]


def _split_codes(question: Mapping, raw: str) -> list[str]:
    # Kobo and ODK write several choices as space-separated codes; a label may contain spaces.
    words = raw.split()
    codes = {choice["code"] for choice in question["choices"]}
    return words if all(word in codes for word in words) else [raw]


def _code(question: Mapping, raw: str) -> str:
    wanted = normalise(raw)
    for choice in question["choices"]:
        names = [choice["code"], *choice["label"].values()]
        if wanted in {normalise(name) for name in names}:
            return choice["code"]
    raise RowError(f"« {raw} » n'est pas une réponse possible à la question « {question['key']} »")


def _date(raw: str) -> datetime | None:
    raw = raw.strip()
    if not raw:
        return None
    parsed = parse_moment(raw)
    if parsed is None:
        for pattern in DATE_FORMATS:
            try:
                parsed = datetime.strptime(raw, pattern)
                break
            except ValueError:
                continue
    if parsed is None:
        raise RowError(f"date illisible « {raw} » (attendu : jj/mm/aaaa ou aaaa-mm-jj)")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _reasons(rejected: SubmissionRejected, definition: Mapping) -> str:
    keys = {q["key"] for q in definition["questions"]}
    parts = []
    for name, message in rejected.errors.items():
        key = name.removeprefix("answers.")
        parts.append(f"« {key} » : {message}" if key in keys else message)
    return " ; ".join(parts)
