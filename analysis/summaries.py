"""Counts and shares of respondents mentioning each theme, by quartier or any segment.

Input: the tidy frame of :func:`consult.services.coding.coded_answers_frame` (or any frame with
``respondent``, ``role``, ``theme`` and segment columns): one row per (answer, theme), ``theme``
None when the answer has none. A respondent counts once per theme however many words fired.
Functions return new frames and never modify their input.
"""

from __future__ import annotations

import pandas as pd

BASE_ROW = "ensemble"  # respondents who answered the question, per group
TOTAL_COLUMN = "total"


def respondent_themes(frame: pd.DataFrame, role: str) -> pd.DataFrame:
    """Distinct (respondent, theme) pairs of one role, keeping the other columns of the first."""
    rows = frame[frame["role"] == role]
    return rows.dropna(subset=["theme"]).drop_duplicates(["respondent", "theme"])


def theme_counts(frame: pd.DataFrame, role: str, by: str = "quartier") -> pd.DataFrame:
    """Long table: ``by``, ``theme``, ``respondents``, ``base`` (respondents who answered
    ``role`` in the group) and ``share``; unsuppressed (published figures come from
    ``consult.reports.published``)."""
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
