"""Count tables with their totals, read from the published figures, ready to show or export."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis.suppression import Figure, printable
from consult.reports.published import ALL, RESPONDENTS, Published

TOTAL = "Total"


@dataclass(frozen=True)
class Table:
    """A suppressed table: ``cells`` holds ints or :class:`Hidden` figures, totals included.

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

    def only_rows(self, rows: list[str]) -> Table:
        """The same published figures for some rows only (no total row)."""
        return Table(
            self.title, self.cells.loc[rows], self.row_labels, self.column_labels, self.row_header
        )

    def as_frame(self) -> pd.DataFrame:
        """Labelled copy, for CSV and XLSX exports."""
        frame = self.cells.map(printable).rename(index=self.row_labels, columns=self.column_labels)
        frame.index.name = self.row_header or None
        return frame


def segment_table(
    published: Published,
    dimension: str,
    codes: list[str],
    title: str,
    row_labels: dict[str, str],
    column_labels: dict[str, str],
    row_header: str = "Quartier",
) -> Table:
    """Respondents per quartier (rows) and segment value (columns), with both totals: every
    cell, total and grand total is the published figure of its group (same suppression as the
    quartier pages, which are these groups)."""
    rows = {}
    for quartier in (*published.quartiers, ALL):
        cells: list[Figure] = [published.get(RESPONDENTS, quartier, dimension, c) for c in codes]
        rows[TOTAL if quartier == ALL else quartier] = [*cells, published.size(quartier)]
    cells = pd.DataFrame.from_dict(rows, orient="index", columns=[*codes, TOTAL], dtype=object)
    return Table(
        title=title,
        cells=cells,
        row_labels={**row_labels, TOTAL: TOTAL},
        column_labels={**column_labels, TOTAL: TOTAL},
        row_header=row_header,
    )
