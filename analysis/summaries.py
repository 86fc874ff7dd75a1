"""Counts and shares of respondents mentioning each theme, by quartier or any segment.

Input: the tidy frame of :func:`consult.services.coding.coded_answers_frame` (or any frame with
``respondent``, ``role``, ``theme`` and segment columns): one row per (answer, theme), ``theme``
None when the answer has none. A respondent counts once per theme however many words fired.
Functions return new frames and never modify their input.
"""

from __future__ import annotations

import pandas as pd

from analysis.config import MIN_GROUP_SIZE
from analysis.suppression import BASE_ROW, TOTAL_COLUMN, suppress_small_cells


def respondent_themes(frame: pd.DataFrame, role: str) -> pd.DataFrame:
    """Distinct (respondent, theme) pairs of one role, keeping the other columns of the first."""
    rows = frame[frame["role"] == role]
    return rows.dropna(subset=["theme"]).drop_duplicates(["respondent", "theme"])


def theme_counts(frame: pd.DataFrame, role: str, by: str = "quartier") -> pd.DataFrame:
    """Long table: ``by``, ``theme``, ``respondents``, ``base`` (respondents who answered
    ``role`` in the group) and ``share`` — unsuppressed, for internal use and tests."""
    base = frame[frame["role"] == role].groupby(by)["respondent"].nunique().rename("base")
    counts = respondent_themes(frame, role).groupby([by, "theme"])["respondent"].nunique()
    counts = counts.rename("respondents").reset_index().merge(base.reset_index(), on=by)
    return counts.assign(share=counts["respondents"] / counts["base"])


def theme_table(
    frame: pd.DataFrame, role: str, by: str = "quartier", themes: list[str] | None = None
) -> pd.DataFrame:
    """Wide table of respondent counts: one row per theme plus the :data:`BASE_ROW` row
    (respondents who answered), one column per group plus :data:`TOTAL_COLUMN`."""
    answered = frame[frame["role"] == role]
    pairs = respondent_themes(frame, role)
    table = pd.crosstab(pairs["theme"], pairs[by]) if len(pairs) else pd.DataFrame()
    groups = sorted(answered[by].dropna().unique())
    table = table.reindex(index=themes or sorted(table.index), columns=groups, fill_value=0)
    base = answered.groupby(by)["respondent"].nunique().reindex(groups, fill_value=0)
    table.loc[BASE_ROW] = base
    table[TOTAL_COLUMN] = table.sum(axis=1)
    table.columns.name, table.index.name = by, "theme"
    return table.astype("int64")


def published_theme_table(
    frame: pd.DataFrame,
    role: str,
    by: str = "quartier",
    k: int = MIN_GROUP_SIZE,
    themes: list[str] | None = None,
) -> pd.DataFrame:
    """:func:`theme_table` with small cells suppressed (``<NA>``): safe to show or export."""
    return suppress_small_cells(theme_table(frame, role, by, themes), k)


def shares(table: pd.DataFrame) -> pd.DataFrame:
    """Share of each group's respondents mentioning each theme; ``<NA>`` where hidden."""
    counts = table.drop(index=BASE_ROW).astype("Float64")
    return counts.div(table.loc[BASE_ROW].astype("Float64"), axis=1)


def atouts_priorites(
    frame: pd.DataFrame, by: str = "quartier", k: int = MIN_GROUP_SIZE
) -> dict[str, pd.DataFrame]:
    """The published tables of atouts and priorités side by side, same theme rows."""
    themes = sorted(frame["theme"].dropna().unique())
    return {
        role: published_theme_table(frame, role, by, k, themes) for role in ("atouts", "priorites")
    }
