"""Count tables with their totals, the small-group rule applied, ready to show or export."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from consult.reports.privacy import (
    MASKED,
    hide_small,
    hide_total,
    hide_with_margins,
    is_hidden,
    is_small,
)

TOTAL = "Total"


@dataclass(frozen=True)
class Table:
    """A suppressed table: ``cells`` holds ints or hidden labels, totals included.

    ``row_labels`` and ``column_labels`` map the codes of the index and columns to French.
    """

    title: str
    cells: pd.DataFrame
    row_labels: dict[str, str] = field(default_factory=dict)
    column_labels: dict[str, str] = field(default_factory=dict)
    row_header: str = ""

    def rows(self) -> list[tuple[str, list]]:
        return [
            (self.row_labels.get(index, index), list(values))
            for index, values in self.cells.iterrows()
        ]

    def headers(self) -> list[str]:
        return [self.column_labels.get(c, c) for c in self.cells.columns]

    def as_frame(self) -> pd.DataFrame:
        """Labelled copy, for CSV and XLSX exports."""
        frame = self.cells.rename(index=self.row_labels, columns=self.column_labels)
        frame.index.name = self.row_header or None
        return frame


def counts_table(
    counts: pd.DataFrame,
    k: int,
    title: str,
    row_labels: dict[str, str] | None = None,
    column_labels: dict[str, str] | None = None,
    row_header: str = "",
) -> Table:
    """Cells, row totals and column totals of a quartier × category table, safe from subtraction.

    Rows are quartiers, whose totals are published elsewhere (quartier pages, rates): a small
    quartier total is hidden, and when it is the only one, the grand total is hidden instead of
    another quartier's (:func:`grand_total_hidden`). Cells and column totals get primary and
    complementary suppression.
    """
    counts = counts.fillna(0).astype(int)
    inner = hide_with_margins(counts, k)
    row_totals = counts.sum(axis=1)
    grand = int(counts.values.sum())
    hide_grand = grand_total_hidden(row_totals, k)
    column_totals = hide_with_margins(
        counts.sum(axis=0).to_frame(TOTAL), k, rows=False, columns=not hide_grand
    )
    cells = inner.astype(object)
    cells[TOTAL] = hide_small(row_totals, k)
    cells.loc[TOTAL] = list(column_totals[TOTAL]) + [MASKED if hide_grand else hide_total(grand, k)]
    return Table(
        title=title,
        cells=cells,
        row_labels={**(row_labels or {}), TOTAL: TOTAL},
        column_labels={**(column_labels or {}), TOTAL: TOTAL},
        row_header=row_header,
    )


def grand_total_hidden(quartier_totals: pd.Series, k: int) -> bool:
    """A lone small quartier would be the grand total minus the others: hide the grand total."""
    return sum(1 for n in quartier_totals if is_small(int(n), k)) == 1


def shares_of_row(table: Table, row: str) -> dict[str, float | None]:
    """Share (0–100) of each column in one row of ``table``; None where a cell is hidden."""
    values = table.cells.loc[row].drop(TOTAL)
    total = table.cells.loc[row, TOTAL]
    if is_hidden(total) or not total:
        return {c: None for c in values.index}
    return {c: (None if is_hidden(v) else 100.0 * v / total) for c, v in values.items()}
