"""Theme summaries of one quartier (optionally one segment), as the staff pages and files show them.

Figures are read from :mod:`consult.reports.published` (respondents who mention a theme in their
atouts or their priorités; shares over respondents of the group who answered that question),
so every page, file and the report shows the same suppressed values. The answers frame
(``consult.reports.coded.coded_answers_frame``) only supplies quotes, and only for groups
whose figures are shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis.config import SANS_AVIS
from analysis.normalize import clean_words, fold
from analysis.quotes import representative_quotes
from analysis.suppression import Figure, Hidden, is_hidden, share
from consult.reports.charts import Bar, BarChart
from consult.reports.labels import theme_labels
from consult.reports.published import (
    ALL,
    Published,
    base,
    no_answer,
    no_opinion,
    theme,
    unclassified,
)

ROLES = ("priorites", "atouts")


@dataclass(frozen=True)
class ThemeRow:
    theme: str
    label: str
    counts: dict[str, Figure]  # role -> respondents mentioning the theme
    shares: dict[str, float | Hidden | None]  # role -> % of the group's respondents


@dataclass(frozen=True)
class Quote:
    answer_id: int
    text: str
    published: bool  # staff marked it publishable: only these reach the report


@dataclass(frozen=True)
class TopTheme:
    row: ThemeRow
    role: str
    quotes: list[Quote]  # candidates staff have not rejected, most typical first

    @property
    def published_quotes(self) -> list[str]:
        return [q.text for q in self.quotes if q.published]


@dataclass(frozen=True)
class Summary:
    """The figures of one group (a quartier, or one segment of it)."""

    respondents: Figure
    bases: dict[str, Figure]  # role -> respondents who answered that question
    rows: list[ThemeRow]
    top: dict[str, list[TopTheme]] = field(default_factory=dict)
    unclassified: dict[str, Figure] = field(default_factory=dict)
    no_opinion: dict[str, Figure] = field(default_factory=dict)
    no_answer: dict[str, Figure] = field(default_factory=dict)
    widened: dict[str, bool] = field(default_factory=dict)  # role -> base counts masked ones

    @property
    def too_small(self) -> bool:
        return is_hidden(self.respondents)

    def max_share(self) -> float:
        values = [s for r in self.rows for s in r.shares.values() if isinstance(s, float)]
        return max(values, default=0.0) or 1.0


def select_group(frame: pd.DataFrame, quartier_id: str | None, filters: dict[str, str]):
    """Rows of the quartier (all quartiers when None) and, among them, rows of the segment."""
    whole = frame if quartier_id in (None, ALL) else frame[frame["quartier"] == quartier_id]
    mask = pd.Series(True, index=whole.index)
    for column, value in filters.items():
        mask &= whole[column] == value
    return whole, whole[mask]


def group_of(quartier_id: str, filters: dict[str, str]) -> tuple[str, str | None, str | None]:
    """The published group of a quartier and at most one segment filter."""
    if len(filters) > 1:
        raise ValueError("one segment filter at a time")
    dimension, value = next(iter(filters.items()), (None, None))
    return quartier_id, dimension, value


def summarize(
    published: Published,
    frame: pd.DataFrame,
    quartier_id: str,
    filters: dict[str, str] | None = None,
    top: int = 3,
    quotes: int = 3,
    keep_words: tuple[str, ...] = (),
    decisions: dict[int, bool] | None = None,
) -> Summary:
    """Counts, shares, top themes with quotes, for a quartier and at most one segment filter.

    ``keep_words``: place names that quotes keep (the masking would take them for names);
    ``decisions``: staff decisions on quotes (answer id -> publishable): rejected ones are
    never offered again."""
    filters = filters or {}
    group = group_of(quartier_id, filters)
    bases = {role: published.get(base(role), *group) for role in ROLES}
    labels = theme_labels()
    rows = []
    for theme_id, label in labels.items():
        counts = {role: published.get(theme(role, theme_id), *group) for role in ROLES}
        shares = {role: share(counts[role], bases[role]) for role in ROLES}
        rows.append(ThemeRow(theme_id, label, counts, shares))
    summary = Summary(
        published.size(*group),
        bases,
        rows,
        unclassified={role: published.get(unclassified(role), *group) for role in ROLES},
        no_opinion={role: published.get(no_opinion(role), *group) for role in ROLES},
        no_answer={role: published.get(no_answer(role), *group) for role in ROLES},
        widened={role: published.widened_base(role, *group) for role in ROLES},
    )
    if not summary.too_small and top:
        _, answers = select_group(frame, quartier_id, filters)
        answers = answers[answers["theme"] != SANS_AVIS]
        rejected = [a for a, ok in (decisions or {}).items() if not ok]
        answers = answers[~answers["answer_id"].isin(rejected)]
        k = published.k
        summary.top.update(
            {
                role: _top(answers, rows, role, top, quotes, k, keep_words, decisions or {})
                for role in ROLES
            }
        )
    return summary


def _top(
    group, rows: list[ThemeRow], role: str, top: int, quotes: int, k: int, keep_words, decisions
) -> list[TopTheme]:
    """The most mentioned themes of a role (shown counts only), each with a few quotes."""
    counted = [(count, r) for r in rows if not is_hidden(count := r.counts[role]) and count >= k]
    shown = [r for _, r in sorted(counted, key=lambda pair: (-pair[0], pair[1].label))]
    chosen = [r.theme for r in shown[:top]]
    rows = group[group["theme"].isin(chosen)].assign(_group="all")
    picked = representative_quotes(
        rows, role, by="_group", k=k, per_group=quotes * 4, keep_words=keep_words
    )
    used: list[set[str]] = []
    found = []
    for row in shown[:top]:
        mine = picked[picked["theme"] == row.theme]
        candidates = [
            Quote(int(a), _clean(text), decisions.get(int(a), False))
            for a, text in zip(mine["answer_id"], mine["text"], strict=True)
        ]
        found.append(TopTheme(row, role, _varied(candidates, quotes, used)))
    return found


def _varied(candidates: list[Quote], limit: int, used: list[set[str]]) -> list[Quote]:
    """Up to ``limit`` quotes, none the same or nearly the same as one already chosen (for any
    theme of the page): « plus de respect entre voisins » once, not three times."""
    chosen = []
    for quote in candidates:
        words = {fold(w) for w in clean_words(quote.text) if not w.isdigit()}
        if not words or any(_near(words, other) for other in used):
            continue
        used.append(words)
        chosen.append(quote)
        if len(chosen) == limit:
            break
    return chosen


def _near(a: set[str], b: set[str]) -> bool:
    """Most words of the shorter text are in the other one."""
    return len(a & b) >= 0.8 * min(len(a), len(b))


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def top_chart(summary: Summary, role: str, title: str, limit: int = 5) -> BarChart:
    """The group's most cited themes of ``role`` by share, shown figures only (hidden ones and
    those under k are left out, never charted as zero)."""
    bars = [
        Bar(r.label, percent, count)
        for r in summary.rows
        if isinstance(percent := r.shares[role], float)
        and not is_hidden(count := r.counts[role])
        and count
    ]
    bars.sort(key=lambda bar: (-bar.share, bar.label))
    description = (
        f"Part des répondants qui citent chaque thème dans leurs {ROLE_WORDS[role]}, "
        f"sur {summary.bases[role]} répondants à la question."
    )
    return BarChart(title, description, role, tuple(bars[:limit]))


def rows_by_share(summary: Summary, role: str = "priorites") -> list[ThemeRow]:
    """Theme rows, most cited first (by share of ``role``, then of the other question); hidden
    and empty ones last in codebook order."""
    other = "atouts" if role == "priorites" else "priorites"

    def key(row: ThemeRow):
        main, second = row.shares[role], row.shares[other]
        return (
            -(main if isinstance(main, float) else -1),
            -(second if isinstance(second, float) else -1),
        )

    return sorted(summary.rows, key=key)


ROLE_WORDS = {"priorites": "priorités", "atouts": "atouts"}
ROLE_TITLES = {"priorites": "priorités les plus citées", "atouts": "atouts les plus cités"}


def place_names(quartier) -> tuple[str, ...]:
    """Names a quote may keep: the quartier's, its sectors' and its commune's."""
    return (quartier.name, quartier.commune.name, *(s.name for s in quartier.sectors))
