"""Read XLSX workbooks from outside with bounded memory.

A 2 KB workbook can declare ``<dimension ref="A1:XFD1048576"/>`` (a billion cells) or hold a
zip entry that inflates to gigabytes. openpyxl trusts both: its read-only sheets pad every row
to the declared width and yield every declared row. Here the declared size is ignored, rows
are streamed, and the row and column limits are checked while reading, before anything big
is built.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

# What the parts of a workbook may weigh once unzipped, all together.
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024


class SpreadsheetError(ValueError):
    """The workbook cannot be read within the limits; the message is French."""


def open_workbook(data: bytes) -> Workbook:
    """A read-only workbook, after checking what its zip entries would inflate to."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise SpreadsheetError("Le fichier XLSX est illisible ou abîmé.") from exc
    if unzipped > MAX_UNZIPPED_BYTES:
        raise SpreadsheetError(
            f"Le classeur décompressé dépasse {MAX_UNZIPPED_BYTES // 1024 // 1024} Mo : "
            "enregistrez-le en CSV ou découpez-le."
        )
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on a damaged file
        raise SpreadsheetError("Le fichier XLSX est illisible ou abîmé.") from exc


def sheet_rows(sheet, max_rows: int, max_columns: int) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows (values), trailing empty cells dropped; refuses past either limit.

    ``max_rows`` counts the rows under the header row, blank ones included, so that a sheet
    of a million empty rows is refused quickly instead of walked through.
    """
    sheet.reset_dimensions()  # ignore the declared size: rows come as wide as their cells
    for number, row in enumerate(sheet.iter_rows(values_only=True)):
        if number > max_rows:
            raise SpreadsheetError(
                f"La feuille « {sheet.title} » dépasse {max_rows} lignes : découpez-la."
            )
        width = len(row)
        while width and row[width - 1] in (None, ""):
            width -= 1
        if width > max_columns:
            raise SpreadsheetError(f"La feuille « {sheet.title} » dépasse {max_columns} colonnes.")
        yield row[:width]
