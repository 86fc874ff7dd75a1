"""Interval audit of published figures: what an adversary can bound, by linear programming.

The adversary knows every published figure, that hidden ones print « masqué », that a hidden
figure of a published group is at least 1 (zeros are shown there), and the identities that
hold whatever the data:

- a group is the sum of its cuts by any one segment; the consultation the sum of its quartiers;
  « jeunes » the young age bands plus young people of unknown age (« adultes » likewise);
- per group and question: respondents = base + « sans avis » + « sans réponse »; base = « à
  classer » + classified; a theme ≤ its base; every figure ≤ the group's size; a widened base
  bounds the base from above.

For every cell, published or not, :func:`audit` solves two linear programmes (min and max of
the cell) and reports a leak when a cell of 1 … k−1 cannot reach k, or when a cell of a group
of 1 … k−1 respondents is pinned to one value (unless a published zero of a larger group says
it for everyone). Counting measures (respondents, bases, « sans avis », « à classer ») are
solved as one system; each theme with its base and the sizes, so that the audit stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

ROLES = ("priorites", "atouts")
YOUNG = ("moins_15", "15_17", "18_25")
UNKNOWN_AGE = "unknown_age"


class System:
    """Variables (cells), equalities and inequalities ``Σ coef·x ≤ 0``, bounds."""

    def __init__(self) -> None:
        self.index: dict = {}
        self.equalities: list[dict] = []
        self.inequalities: list[dict] = []
        self.low: list[float] = []
        self.high: list[float | None] = []

    def var(self, key) -> int:
        if key not in self.index:
            self.index[key] = len(self.index)
            self.low.append(0)
            self.high.append(None)
        return self.index[key]

    def equal(self, total, parts: Iterable) -> None:
        row = {self.var(total): 1.0}
        for part in parts:
            column = self.var(part)
            row[column] = row.get(column, 0.0) - 1.0
        self.equalities.append(row)

    def at_most(self, small, big) -> None:
        self.inequalities.append({self.var(small): 1.0, self.var(big): -1.0})

    def fix(self, key, low: float, high: float | None) -> None:
        column = self.var(key)
        self.low[column] = max(self.low[column], low)
        if high is not None:
            self.high[column] = high if self.high[column] is None else min(self.high[column], high)

    def range(self, key) -> tuple[float, float]:
        """Min and max of ``key`` over the feasible region."""
        size = len(self.index)
        equalities, inequalities = _matrix(self.equalities, size), _matrix(self.inequalities, size)
        bounds = list(zip(self.low, self.high, strict=True))
        objective = np.zeros(size)
        objective[self.index[key]] = 1.0
        found = []
        for sign in (1.0, -1.0):
            result = linprog(
                sign * objective,
                A_ub=inequalities,
                b_ub=np.zeros(len(self.inequalities)) if self.inequalities else None,
                A_eq=equalities,
                b_eq=np.zeros(len(self.equalities)),
                bounds=bounds,
                method="highs",
            )
            assert result.status in (0, 3), result.message
            found.append(np.inf if result.status == 3 else sign * result.fun)
        return found[0], found[1]


def _matrix(rows: list[dict], size: int):
    if not rows:
        return None
    data = [(r, c, v) for r, row in enumerate(rows) for c, v in row.items()]
    r, c, v = zip(*data, strict=True)
    return coo_matrix((v, (r, c)), shape=(len(rows), size)).tocsr()


def lattice(places: Iterable[str], codes: dict[str, Iterable[str]]) -> list[tuple]:
    """Every group an adversary reasons about: published groups and young or adult people of
    unknown age (never published)."""
    groups = []
    for place in places:
        groups.append((place, None, None))
        groups += [(place, d, c) for d, values in codes.items() for c in values]
        groups += [(place, UNKNOWN_AGE, p) for p in ("jeune", "adulte")]
    return groups


def add_group_lines(system: System, measure: str, quartiers, codes: dict) -> None:
    """Additivity of one measure over the lattice."""
    cell = lambda *group: (measure, group)  # noqa: E731
    for place in (*quartiers, "*"):
        for dimension, values in codes.items():
            system.equal(cell(place, None, None), [cell(place, dimension, c) for c in values])
        ages = codes["age_band"]
        young = [cell(place, "age_band", a) for a in ages if a in YOUNG]
        adult = [
            cell(place, "age_band", a) for a in ages if a not in YOUNG and a != "non_renseigne"
        ]
        system.equal(cell(place, "public", "jeune"), [*young, cell(place, UNKNOWN_AGE, "jeune")])
        system.equal(cell(place, "public", "adulte"), [*adult, cell(place, UNKNOWN_AGE, "adulte")])
        system.equal(
            cell(place, "age_band", "non_renseigne"),
            [cell(place, UNKNOWN_AGE, p) for p in ("jeune", "adulte")],
        )
    for group in lattice(["*"], codes):
        system.equal(cell(*group), [cell(q, *group[1:]) for q in quartiers])


def audit(
    published: dict,
    true: Callable[[str, tuple], int],
    quartiers: list[str],
    codes: dict,
    themes: dict[str, list[str]],
    contains: Callable[[tuple, tuple], bool],
    k: int,
    identities: bool = True,
) -> list[tuple]:
    """Every leak: ``(cell, true value, min, max)``. ``identities``: with the identities
    between measures of a group (respondents = base + « sans avis » + « sans réponse »…), or
    each measure alone, bounded by the group's size. A widened base (``widened_base:…``) is
    an upper bound of the base, which is then hidden."""
    groups = lattice([*quartiers, "*"], codes)
    measures = ("base", "sans_avis", "blank", "unclassified") + (
        ("_classified",) if identities else ()
    )
    counting = ["respondents"] + [f"{m}:{r}" for r in ROLES for m in measures]
    system = System()
    for measure in counting:
        add_group_lines(system, measure, quartiers, codes)
    for group in groups if identities else ():
        for role in ROLES:
            system.equal(
                ("respondents", group),
                [(f"{m}:{role}", group) for m in ("base", "sans_avis", "blank")],
            )
            parts = [(f"{m}:{role}", group) for m in ("unclassified", "_classified")]
            system.equal((f"base:{role}", group), parts)
    for group in groups:
        for measure in counting[1:]:
            system.at_most((measure, group), ("respondents", group))
    _publish(system, published, counting, groups)
    leaks = _leaks(system, published, true, counting, groups, contains, k)
    for role, ids in themes.items():
        for theme_id in ids:
            # each theme with its question's base: a theme is cited only within the base
            measure, base = f"theme:{role}:{theme_id}", f"base:{role}"
            system = System()
            for each in (measure, base, "respondents"):
                add_group_lines(system, each, quartiers, codes)
            for group in groups:
                system.at_most((measure, group), (base, group))
                system.at_most((base, group), ("respondents", group))
            _publish(system, published, [measure, base, "respondents"], groups)
            leaks += _leaks(system, published, true, [measure], groups, contains, k)
    return leaks


def _publish(system: System, published: dict, measures: list[str], groups: list[tuple]) -> None:
    for measure in measures:
        for group in groups:
            shown = isinstance(published.get(("respondents", group)), int)
            if measure.startswith("base:"):
                widened = published.get((f"widened_{measure}", group))
                if isinstance(widened, int):  # at most that; hidden, so at least 1
                    system.fix((measure, group), 1, widened)
            if (measure, group) not in published:
                continue
            value = published[(measure, group)]
            if value is None:  # hidden: at least 1 when its group is published
                system.fix((measure, group), 1 if shown else 0, None)
            else:
                system.fix((measure, group), value, value)


def _leaks(system, published, true, measures, groups, contains, k) -> list[tuple]:
    leaks = []
    for measure in measures:
        for group in groups:
            if isinstance(published.get((measure, group)), int):
                continue
            value, size = true(measure, group), true("respondents", group)
            small_value, small_group = 0 < value < k, 0 < size < k
            if not (small_value or small_group):
                continue
            if small_group and value == 0 and _implied_zero(published, measure, group, contains):
                continue
            low, high = system.range((measure, group))
            if (small_value and high < k - 1e-6) or (small_group and high - low < 1e-6):
                leaks.append(((measure, group), value, round(low, 3), round(high, 3)))
    return leaks


def _implied_zero(published: dict, measure: str, group: tuple, contains) -> bool:
    """A published zero of a larger group says it of everyone in it."""
    return any(m == measure and v == 0 and contains(g, group) for (m, g), v in published.items())
