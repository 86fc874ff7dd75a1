"""Make text cells harmless in spreadsheets: no formula, no character that breaks the file.

Spreadsheet software runs a cell starting with ``=``, ``+``, ``-`` or ``@`` (tab and carriage
return can hide such a start) as a formula, so an anonymous answer could call a URL or a
command on the computer of the staff member who opens an export (OWASP « CSV injection »).
In CSV such a cell gets a leading apostrophe; in XLSX it is written as a string cell that
Excel keeps as text even when edited (``quotePrefix``), its text unchanged.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from consult.questionnaire.characters import strip_forbidden

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """A CSV value: text cleaned and, when it could start a formula, behind an apostrophe."""
    if not isinstance(value, str):
        return value
    text = strip_forbidden(value)
    return f"'{text}" if is_formula_like(text) else text


def xlsx_cell(value: Any) -> Any:
    """An XLSX value before writing: text cleaned (formulas are dealt with on the sheet)."""
    return strip_forbidden(value) if isinstance(value, str) else value


def safe_frame(frame: pd.DataFrame, clean) -> pd.DataFrame:
    """A copy of ``frame`` with ``clean`` applied to every value, column and index label."""
    cleaned = frame.map(clean) if len(frame.columns) else frame.copy()
    return cleaned.rename(index=clean, columns=clean)


def keep_formulas_as_text(sheet: Worksheet) -> None:
    """Turn every cell openpyxl took for a formula back into a plain string cell."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f" or (
                isinstance(cell.value, str) and is_formula_like(cell.value)
            ):
                cell.data_type = "s"
                cell.quotePrefix = True
