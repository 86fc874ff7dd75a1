"""Themes that distinguish a segment from everyone else: lift, Fisher's exact test, BH."""

from __future__ import annotations

import pandas as pd
from scipy.stats import false_discovery_control, fisher_exact

from analysis.config import MIN_GROUP_SIZE

COLUMNS = [
    "theme",
    "in_segment",
    "segment_base",
    "share_segment",
    "in_rest",
    "rest_base",
    "share_rest",
    "lift",
    "p_value",
    "q_value",
    "significant",
]


def respondent_themes(frame: pd.DataFrame, role: str) -> pd.DataFrame:
    """Distinct (respondent, theme) pairs of one role, keeping the other columns of the first."""
    rows = frame[frame["role"] == role]
    return rows.dropna(subset=["theme"]).drop_duplicates(["respondent", "theme"])


def distinctive_themes(
    frame: pd.DataFrame,
    role: str,
    segment: str,
    value: object,
    k: int = MIN_GROUP_SIZE,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Per theme: counts and shares in ``segment == value`` and in the rest, lift (ratio of
    shares), two-sided Fisher p-value and Benjamini–Hochberg q-value, most distinctive first.

    Empty when the segment or the rest has fewer than ``k`` respondents; themes with a count
    about fewer than ``k`` respondents (either side) are left out of the result.
    """
    answered = frame[frame["role"] == role].drop_duplicates("respondent")
    inside = answered[segment] == value
    n_in, n_out = int(inside.sum()), int((~inside).sum())
    if n_in < k or n_out < k:
        return pd.DataFrame(columns=COLUMNS)
    pairs = respondent_themes(frame, role)
    in_counts = pairs[pairs[segment] == value]["theme"].value_counts()
    out_counts = pairs[pairs[segment] != value]["theme"].value_counts()
    rows = [
        _row(t, int(in_counts.get(t, 0)), n_in, int(out_counts.get(t, 0)), n_out)
        for t in sorted(pairs["theme"].unique())
    ]
    result = pd.DataFrame(rows, columns=COLUMNS[:-2])
    if result.empty:
        return pd.DataFrame(columns=COLUMNS)
    result["q_value"] = false_discovery_control(result["p_value"], method="bh")
    result["significant"] = result["q_value"] < alpha
    publishable = ~(_small(result["in_segment"], k) | _small(result["in_rest"], k))
    ordered = result[publishable].sort_values(["q_value", "lift"], ascending=[True, False])
    return ordered.reset_index(drop=True)


def _row(theme: str, a: int, n_in: int, b: int, n_out: int) -> tuple:
    share_in, share_out = a / n_in, b / n_out
    lift = share_in / share_out if share_out else float("inf")
    _, p_value = fisher_exact([[a, n_in - a], [b, n_out - b]])
    return theme, a, n_in, share_in, b, n_out, share_out, lift, float(p_value)


def _small(counts: pd.Series, k: int) -> pd.Series:
    return (counts > 0) & (counts < k)
