"""Tag a CSV file of any size, streaming: one output row (id, themes, evidence) per input row."""

from __future__ import annotations

import csv
import os
import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from tqdm import tqdm

from analysis.config import BATCH_SIZE
from analysis.tagging import TagsTexts

OUTPUT_COLUMNS = ("id", "themes", "evidence")


class CsvInputError(Exception):
    """A problem with the input file, as one French sentence."""


@dataclass(frozen=True)
class CsvReport:
    rows: int
    tagged: int


def tag_csv(
    tagger: TagsTexts,
    source: Path,
    output: Path,
    text_column: str,
    id_column: str | None = None,
    progress: bool | None = None,
) -> CsvReport:
    """Write ``output`` from ``source``; the output appears only when the whole input was read."""
    partial = output.with_name(output.name + ".partial")
    try:
        with _open(source) as handle, open(partial, "w", encoding="utf-8", newline="") as out:
            report = _tag_stream(tagger, handle, out, source, text_column, id_column, progress)
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
    return report


def _open(source: Path):
    try:
        return open(source, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise CsvInputError(f"fichier illisible : {source} ({exc.strerror or exc})") from exc


def _tag_stream(tagger, handle, out, source, text_column, id_column, progress) -> CsvReport:
    show = sys.stderr.isatty() if progress is None else progress
    with tqdm(total=_size(source), unit="o", unit_scale=True, disable=not show) as bar:
        try:
            lines = _counted(handle, bar) if show else handle
            reader = csv.reader(lines, dialect=_dialect(handle))
            header = next(reader, None) or []
            text_at, id_at = _columns(header, source, text_column, id_column)
            return _write(tagger, reader, csv.writer(out), text_at, id_at)
        except UnicodeDecodeError as exc:
            message = f"encodage invalide dans {source} : UTF-8 attendu (octet {exc.start})"
            raise CsvInputError(message) from exc
        except csv.Error as exc:
            raise CsvInputError(f"CSV invalide dans {source} : {exc}") from exc


def _write(tagger, reader, writer, text_at: int, id_at: int | None) -> CsvReport:
    """Batches are read ahead while the tagger works on earlier ones (worker processes)."""
    writer.writerow(OUTPUT_COLUMNS)
    rows = tagged = 0
    read: deque[list[list[str]]] = deque()  # batches sent to the tagger, not yet written

    def texts() -> Iterator[list[str | None]]:
        for batch in _batches(reader, BATCH_SIZE):
            read.append(batch)
            yield [row[text_at] if text_at < len(row) else "" for row in batch]

    for found in tagger.tag_batches(texts()):
        for row, tags in zip(read.popleft(), found, strict=True):
            rows += 1
            tagged += bool(tags.themes)
            row_id = row[id_at] if id_at is not None and id_at < len(row) else str(rows)
            writer.writerow((row_id, ";".join(tags.themes), tags.evidence_text()))
    return CsvReport(rows, tagged)


def _columns(header, source, text_column, id_column) -> tuple[int, int | None]:
    header = [name.strip() for name in header]
    for name in (text_column, id_column):
        if name is not None and name not in header:
            known = ", ".join(header) or "aucune"
            raise CsvInputError(f"colonne « {name} » absente de {source} (colonnes : {known})")
    return header.index(text_column), (header.index(id_column) if id_column else None)


def _dialect(handle) -> type[csv.Dialect]:
    """Comma, semicolon (French spreadsheets) or tab: whichever the header line uses most."""
    header = handle.readline()
    handle.seek(0)
    delimiter = max(",;\t", key=header.count) if any(c in header for c in ",;\t") else ","

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter
    return Dialect


def _counted(handle, bar) -> Iterator[str]:
    for line in handle:
        bar.update(len(line.encode("utf-8")))
        yield line


def _batches(rows, size: int) -> Iterator[list[list[str]]]:
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


def _size(source: Path) -> int | None:
    try:
        return source.stat().st_size
    except OSError:
        return None
