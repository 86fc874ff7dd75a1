"""Small-cell suppression of respondent-count tables, with complementary suppression.

Rule: a published count about fewer than *k* respondents is hidden. That covers every cell
with 0 < n < k and, for a group (column) of fewer than *k* respondents, every cell of that
group including its zeros and its base. Then, since each row adds up to its total, a row with
exactly one hidden entry would give it away by subtraction: the smallest other entry of the row
is hidden as well, until no row has exactly one hidden entry. Columns are not sums (a
respondent may mention several themes), so they give nothing away, except the base row, which
is treated like any other row.
"""

from __future__ import annotations

import pandas as pd

from analysis.config import MIN_GROUP_SIZE

BASE_ROW = "ensemble"
TOTAL_COLUMN = "total"


def suppress_small_cells(table: pd.DataFrame, k: int = MIN_GROUP_SIZE) -> pd.DataFrame:
    """A copy of a count table (rows add up to :data:`TOTAL_COLUMN`) with cells hidden as NA."""
    hidden = primary_suppression(table, k)
    hidden = complementary_suppression(table, hidden)
    return table.astype("Int64").mask(hidden)


def primary_suppression(table: pd.DataFrame, k: int) -> pd.DataFrame:
    """Cells about fewer than ``k`` respondents, and whole groups smaller than ``k``."""
    hidden = (table > 0) & (table < k)
    if BASE_ROW in table.index:
        small_groups = table.loc[BASE_ROW] < k
        small_groups[TOTAL_COLUMN] = bool(table.loc[BASE_ROW, TOTAL_COLUMN] < k)
        hidden.loc[:, small_groups] = True
    return hidden


def complementary_suppression(table: pd.DataFrame, hidden: pd.DataFrame) -> pd.DataFrame:
    """Hide more cells until no row has exactly one hidden entry."""
    hidden = hidden.copy()
    changed = True
    while changed:
        changed = False
        for row in table.index:
            if hidden.loc[row].sum() == 1:
                hidden.loc[row, _next_to_hide(table.loc[row], hidden.loc[row])] = True
                changed = True
    return hidden


def _next_to_hide(values: pd.Series, hidden: pd.Series) -> str:
    """The smallest visible group cell of the row, else its total."""
    candidates = values[~hidden].drop(TOTAL_COLUMN, errors="ignore")
    if candidates.empty:
        return TOTAL_COLUMN
    return candidates.sort_values(kind="stable").index[0]
