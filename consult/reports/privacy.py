"""Small-group rule applied to every table the staff pages, exports and report show.

A count of 1 to k−1 respondents is replaced by « < k ». When the totals of a table are shown,
a lone hidden cell could be recovered by subtraction, so a second cell of the same row or
column is hidden as well (« masqué »): complementary suppression.

The tables here hold counts as ``int`` and hidden cells as the strings below; templates and
exports print them as they are, so screen and files cannot diverge.
"""

from __future__ import annotations

import pandas as pd

MASKED = "masqué"


def small_label(k: int) -> str:
    return f"< {k}"


def is_hidden(value: object) -> bool:
    return isinstance(value, str)


def is_small(count: int, k: int) -> bool:
    return 0 < count < k


def hide_small(counts: pd.DataFrame | pd.Series, k: int):
    """Primary suppression only: 0 < count < k becomes « < k »."""
    label = small_label(k)
    return counts.astype(object).map(lambda v: label if is_small(int(v), k) else int(v))


def hide_with_margins(
    counts: pd.DataFrame, k: int, rows: bool = True, columns: bool = True
) -> pd.DataFrame:
    """Primary then complementary suppression, for a table shown with row and/or column totals.

    A row (column) whose total is shown must not have exactly one hidden cell: the smallest
    other non-zero cell is hidden too, and this repeats until no line has a lone hidden cell.
    """
    values = counts.astype(int)
    hidden = values.map(lambda v: is_small(v, k))
    extra = pd.DataFrame(False, index=values.index, columns=values.columns)
    changed = True
    while changed:
        changed = False
        for axis_used, on in ((rows, 1), (columns, 0)):
            if axis_used and _hide_lone_cells(values, hidden, extra, on):
                changed = True
    result = hide_small(values, k)
    result = result.mask(extra & ~values.map(lambda v: is_small(v, k)), MASKED)
    return result


def _hide_lone_cells(
    values: pd.DataFrame, hidden: pd.DataFrame, extra: pd.DataFrame, axis: int
) -> bool:
    changed = False
    lines = values.index if axis == 1 else values.columns
    for line in lines:
        line_hidden = hidden.loc[line] if axis == 1 else hidden[line]
        if int(line_hidden.sum()) != 1:
            continue
        line_values = values.loc[line] if axis == 1 else values[line]
        candidates = line_values[(~line_hidden) & (line_values > 0)]
        if candidates.empty:
            continue
        other = candidates.idxmin()
        cell = (line, other) if axis == 1 else (other, line)
        hidden.loc[cell] = True
        extra.loc[cell] = True
        changed = True
    return changed


def hide_total(total: int, k: int) -> int | str:
    """A group size, hidden when the group is smaller than k."""
    return small_label(k) if is_small(int(total), k) else int(total)


def share(count: int | str, base: int | str) -> float | str | None:
    """Share of respondents (0–100), hidden with its count; None when there is no base."""
    if is_hidden(count):
        return count
    if is_hidden(base) or not base:
        return None
    return 100.0 * int(count) / int(base)
