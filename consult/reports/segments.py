"""What sets a segment apart, and what meetings said: the comparative parts of a quartier page."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.distinctive import distinctive_themes as analysis_distinctive
from consult.reports.labels import theme_labels
from consult.reports.summaries import ROLES, select_group


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
    frame: pd.DataFrame, quartier_id: str, filters: dict[str, str], k: int, alpha: float = 0.1
) -> list[Distinctive] | None:
    """Themes the segment mentions more than the rest of the quartier (``analysis.distinctive``:
    lift, Fisher's exact test, Benjamini–Hochberg). None when the segment or the rest is
    smaller than k; themes with a count below k on either side are never shown.
    """
    whole, group = select_group(frame, quartier_id, filters)
    rest = whole[~whole.index.isin(group.index)]
    if group["respondent"].nunique() < k or rest["respondent"].nunique() < k:
        return None
    marked = whole.assign(_in=whole.index.isin(group.index))
    labels = theme_labels()
    found = []
    for role in ROLES:
        table = analysis_distinctive(marked, role, "_in", True, k=k, alpha=alpha)
        for row in table[table["significant"] & (table["lift"] > 1)].itertuples():
            found.append(
                Distinctive(row.theme, labels.get(row.theme, row.theme), role,
                            100 * row.share_segment, 100 * row.share_rest, row.lift, row.q_value)
            )  # fmt: skip
    return sorted(found, key=lambda d: d.q_value)


@dataclass(frozen=True)
class MeetingTheme:
    label: str
    kind: str
    contributions: int
    votes: int
    examples: list[str]


def meeting_themes(contributions: pd.DataFrame, quartier_id: str) -> list[MeetingTheme]:
    """Themes of the contributions recorded at the quartier's meetings (collective voices).

    Meetings speak for a group, not for one person: no respondent count, no suppression by k,
    but never added to respondents' figures.
    """
    rows = contributions[
        (contributions["quartier"] == quartier_id) & contributions["theme"].notna()
    ]
    labels = theme_labels()
    found = []
    for (theme, kind), items in rows.groupby(["theme", "kind"]):
        votes = int(pd.to_numeric(items["votes"], errors="coerce").fillna(0).sum())
        examples = list(dict.fromkeys(items["text"]))[:2]
        found.append(
            MeetingTheme(
                labels.get(theme, theme), kind, items["contribution_id"].nunique(), votes, examples
            )  # fmt: skip
        )
    return sorted(found, key=lambda m: (m.kind != "priorite", -m.contributions, m.label))
