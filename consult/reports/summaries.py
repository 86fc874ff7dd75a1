"""Theme summaries of one quartier (optionally one segment), as the staff pages and files show them.

Input: the long frame of ``consult.services.coding.coded_answers_frame`` (one row per answer and
effective theme). Counts are numbers of *respondents* who mention a theme in their atouts or
their priorités; shares are over respondents of the group who answered that question.
Every count goes through the small-group rule; quotes only come from groups of at least k.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis.config import UNCLASSIFIED
from analysis.quotes import representative_quotes
from analysis.summaries import theme_table
from analysis.suppression import BASE_ROW, TOTAL_COLUMN, suppress_small_cells
from consult.reports.labels import theme_labels
from consult.reports.privacy import MASKED, is_hidden, is_small, share, small_label

ROLES = ("priorites", "atouts")


@dataclass(frozen=True)
class ThemeRow:
    theme: str
    label: str
    counts: dict[str, int | str]  # role -> respondents mentioning the theme (or hidden label)
    shares: dict[str, float | str | None]  # role -> % of the group's respondents


@dataclass(frozen=True)
class TopTheme:
    row: ThemeRow
    role: str
    quotes: list[str]


@dataclass(frozen=True)
class Summary:
    """The figures of one group (a quartier, or a segment of it)."""

    respondents: int | str
    bases: dict[str, int | str]  # role -> respondents who answered that question
    rows: list[ThemeRow]
    top: dict[str, list[TopTheme]] = field(default_factory=dict)
    unclassified: dict[str, int | str] = field(default_factory=dict)

    @property
    def too_small(self) -> bool:
        return is_hidden(self.respondents)

    def max_share(self) -> float:
        values = [s for r in self.rows for s in r.shares.values() if isinstance(s, float)]
        return max(values, default=0.0) or 1.0


def select_group(frame: pd.DataFrame, quartier_id: str | None, filters: dict[str, str]):
    """Rows of the quartier (all quartiers when None) and, among them, rows of the segment."""
    whole = frame if quartier_id is None else frame[frame["quartier"] == quartier_id]
    mask = pd.Series(True, index=whole.index)
    for column, value in filters.items():
        mask &= whole[column] == value
    return whole, whole[mask]


def theme_counts(rows: pd.DataFrame) -> pd.DataFrame:
    """Respondents per theme (rows) and role (columns); every codebook theme is present,
    then ``UNCLASSIFIED`` for respondents with an answer that has no theme."""
    themed = rows.assign(theme=rows["theme"].fillna(UNCLASSIFIED))
    counts = themed.groupby(["theme", "role"])["respondent"].nunique().unstack(fill_value=0)
    return counts.reindex(index=theme_index(), columns=list(ROLES), fill_value=0)


def theme_index() -> list[str]:
    return [*theme_labels(), UNCLASSIFIED]


def bases(rows: pd.DataFrame) -> pd.Series:
    """Respondents who answered each question (role)."""
    return rows.groupby("role")["respondent"].nunique().reindex(list(ROLES), fill_value=0)


def summarize(
    frame: pd.DataFrame,
    quartier_id: str | None,
    k: int,
    filters: dict[str, str] | None = None,
    top: int = 3,
    quotes: int = 3,
) -> Summary:
    """Counts, shares, top themes with quotes, for a quartier and optional segment filters."""
    filters = filters or {}
    whole, group = select_group(frame, quartier_id, filters)
    if filters:
        rows, chosen, by = _with_segment(whole, filters), "|".join(filters.values()), "_segment"
    else:
        # A quartier's figures stand alone: no total across quartiers is ever published.
        rows, chosen, by = whole.assign(_segment="all"), "all", "_segment"
    figures = {role: _published_column(rows, role, by, chosen, k) for role in ROLES}
    n_hidden = _group_size(rows, by, chosen, k)
    labels = theme_labels()
    theme_rows = [
        ThemeRow(
            theme,
            labels[theme],
            {role: figures[role].loc[theme] for role in ROLES},
            {role: share(figures[role].loc[theme], figures[role].loc[BASE_ROW]) for role in ROLES},
        )
        for theme in labels
    ]
    summary = Summary(
        n_hidden,
        {role: figures[role].loc[BASE_ROW] for role in ROLES},
        theme_rows,
        unclassified={role: figures[role].loc[UNCLASSIFIED] for role in ROLES},
    )
    if not summary.too_small and top:
        summary.top.update({role: _top(group, theme_rows, role, top, quotes, k) for role in ROLES})
    return summary


def _with_segment(whole: pd.DataFrame, filters: dict[str, str]) -> pd.DataFrame:
    """The quartier's rows with ``_segment``: the combination of the filtered columns.

    Segments of one kind (e.g. every age band × gender combination) are then suppressed
    together, in one theme × segment table whose totals are the quartier's: every page
    filtered on the same dimensions hides the same cells, and no subtraction reveals one.
    """
    columns = list(filters)
    combo = whole[columns[0]].astype(str)
    for column in columns[1:]:
        combo = combo + "|" + whole[column].astype(str)
    return whole.assign(_segment=combo)


def _published_column(rows: pd.DataFrame, role: str, by: str, chosen: str, k: int) -> pd.Series:
    """One group's column of the suppressed theme table (``analysis.summaries``).

    Hidden cells read « < k » when the count (or the group) is small, « masqué » when they are
    hidden only to protect another cell.
    """
    filled = rows.assign(theme=rows["theme"].fillna(UNCLASSIFIED))
    table = theme_table(filled, role, by, theme_index())
    if chosen not in table.columns:
        return pd.Series(0, index=[*theme_index(), BASE_ROW], dtype=object)
    published = suppress_small_cells(table, k)
    counts, hidden = table[chosen], published[chosen].isna()
    group_small = is_small(int(counts.loc[BASE_ROW]), k)
    label = small_label(k)
    return pd.Series(
        [
            (label if group_small or is_small(int(n), k) else MASKED) if h else int(n)
            for n, h in zip(counts, hidden, strict=True)
        ],
        index=counts.index,
        dtype=object,
    )


def _group_size(rows: pd.DataFrame, by: str, chosen: str, k: int) -> int | str:
    """Respondents of the group, suppressed with the other groups of its kind."""
    sizes = rows.groupby(by)["respondent"].nunique()
    table = sizes.to_frame().T.rename(index={"respondent": BASE_ROW})
    table[TOTAL_COLUMN] = table.sum(axis=1)
    if chosen not in table.columns:
        return 0
    n = int(table.loc[BASE_ROW, chosen])
    if pd.isna(suppress_small_cells(table, k).loc[BASE_ROW, chosen]):
        return small_label(k) if is_small(n, k) else MASKED
    return n


def _top(group, rows: list[ThemeRow], role: str, top: int, quotes: int, k: int) -> list[TopTheme]:
    """The most mentioned themes of a role (shown counts only), each with a few quotes."""
    shown = [r for r in rows if not is_hidden(r.counts[role]) and r.counts[role] >= k]
    shown.sort(key=lambda r: (-r.counts[role], r.label))
    chosen = [r.theme for r in shown[:top]]
    rows = group[group["theme"].isin(chosen)].assign(_group="all")
    picked = representative_quotes(rows, role, by="_group", k=k, per_group=quotes)
    return [
        TopTheme(row, role, picked[picked["theme"] == row.theme]["text"].map(_clean).tolist())
        for row in shown[:top]
    ]


def _clean(text: str) -> str:
    return " ".join(str(text).split())
