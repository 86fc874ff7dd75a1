"""What sets a segment apart from the rest of its quartier, from published figures only."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.config import SANS_AVIS
from analysis.distinctive import distinctive_themes as analysis_distinctive
from analysis.suppression import is_hidden
from consult.reports.labels import theme_labels
from consult.reports.published import Published, base
from consult.reports.published import theme as theme_measure
from consult.reports.summaries import ROLES, group_of, select_group


@dataclass(frozen=True)
class Distinctive:
    theme: str
    label: str
    role: str
    segment_share: float
    rest_share: float
    lift: float
    q_value: float


def distinctive_themes(
    published: Published,
    frame: pd.DataFrame,
    quartier_id: str,
    filters: dict[str, str],
    alpha: float = 0.1,
) -> list[Distinctive] | None:
    """Themes the segment mentions more than the rest of the quartier (``analysis.distinctive``:
    lift, Fisher's exact test, Benjamini–Hochberg). None when the segment or the rest is
    smaller than k. A theme is compared only when its count and base are published for both the
    quartier and the segment: the rest's share is then nothing that a subtraction of published
    figures would not give, so it can reveal no hidden cell.
    """
    k = published.k
    group = group_of(quartier_id, filters)
    whole, segment = select_group(frame, quartier_id, filters)
    whole = whole[whole["theme"] != SANS_AVIS]
    segment_ids = set(segment["respondent"])
    rest = whole[~whole["respondent"].isin(segment_ids)]
    if not published.shown(*group) or not published.shown(quartier_id):
        return None
    if rest["respondent"].nunique() < k:
        return None
    marked = whole.assign(_in=whole["respondent"].isin(segment_ids))
    labels = theme_labels()
    found = []
    for role in ROLES:
        table = analysis_distinctive(marked, role, "_in", True, k=k, alpha=alpha)
        for row in table[table["significant"] & (table["lift"] > 1)].itertuples():
            if not _published_on_both_sides(published, group, role, row.theme):
                continue
            found.append(
                Distinctive(
                    row.theme,
                    labels.get(row.theme, row.theme),
                    role,
                    100 * row.share_segment,
                    100 * row.share_rest,
                    row.lift,
                    row.q_value,
                )
            )
    return sorted(found, key=lambda d: d.q_value)


def _published_on_both_sides(published: Published, group, role: str, theme_id: str) -> bool:
    figures = [
        published.get(measure, *where)
        for measure in (theme_measure(role, theme_id), base(role))
        for where in (group, (group[0], None, None))
    ]
    # shares here are over exact bases: a widened one would be revealed by its share
    exact = not any(
        published.widened_base(role, *where) for where in (group, (group[0], None, None))
    )
    return exact and not any(is_hidden(f) for f in figures)
