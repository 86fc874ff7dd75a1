"""The small-group rule: the one suppression engine behind every published count.

Rule (DESIGN.md §5): no published figure reveals a group of 1 to k−1 respondents, alone or
combined with other published figures. Counts are published as cells linked by *lines*:
``total = part₁ + part₂ + …`` (a quartier is the sum of its age bands, the consultation the
sum of its quartiers…). An adversary who knows the lines, the published cells, that counts
are never negative and never exceed their group's published size bounds every hidden cell
from below and above. Every hidden cell prints the same label, « masqué », but a hidden cell
of a published group is known to be at least 1 (zeros are shown there): it starts from
[1, ∞). Bounds are propagated along the lines (fast, a relaxation), then the small hidden
cells are checked by linear programming over all lines at once (``scipy.optimize.linprog``).

:func:`protect` hides:

1. primary: every cell with 0 < n < k, and every cell of a group smaller than k (zeros too);
2. complementary: while some hidden or never-published cell of 1 … k−1 can be bounded below
   k, or a cell of a group of 1 … k−1 respondents can be pinned to one value (even 0: « none
   of these 3 people cited the theme » is about a small group), the cheapest published
   non-zero cell of a line that binds it is hidden too; then each companion that the others
   make unnecessary is published again (small tables), and the linear check runs last.

So the feasible interval of a hidden figure of 1 … k−1 always reaches k: nobody can tell it
is small, and no figure of a small group is ever known exactly. Cells that are never
published (e.g. the young people among those of unknown age) take part in lines as unknowns.
A hidden figure is a :class:`Hidden` value, never a string, so callers cannot confuse it with
a number; templates and files print ``str(hidden)``, always « masqué ».
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

SMALL: Literal["small"] = "small"
PROTECTS: Literal["protects"] = "protects"
LABEL = "masqué"


@dataclass(frozen=True)
class Hidden:
    """A suppressed figure: ``small`` (about fewer than k respondents) or ``protects`` (hidden
    so that no subtraction reveals a small one). Both print « masqué »: distinct labels would
    tell the adversary which hidden cells are below k."""

    reason: Literal["small", "protects"]
    k: int

    def __str__(self) -> str:
        return LABEL


Figure = int | Hidden


def is_hidden(value: object) -> bool:
    return isinstance(value, Hidden)


def printable(value: object) -> object:
    """A figure for a file: hidden ones as their label (« masqué »)."""
    return str(value) if is_hidden(value) else value


def is_small(count: int, k: int) -> bool:
    return 0 < count < k


@dataclass(frozen=True)
class Line:
    """``total`` equals the sum of ``parts`` (cell keys)."""

    total: Hashable
    parts: tuple[Hashable, ...]

    @property
    def members(self) -> tuple[Hashable, ...]:
        return (self.total, *self.parts)


def protect(
    values: Mapping[Hashable, int],
    lines: Iterable[Line],
    k: int,
    small_groups: Iterable[Hashable] = (),
    forced: Mapping[Hashable, Hidden] | None = None,
    unpublished: Iterable[Hashable] = (),
    cost: Callable[[Hashable], int] = lambda key: 0,
    population: Mapping[Hashable, int] | None = None,
    ceiling: Mapping[Hashable, int] | None = None,
    restore_up_to: int = 400,
) -> dict[Hashable, Figure]:
    """Every published cell of ``values`` as its count or a :class:`Hidden`.

    ``small_groups``: cells hidden whatever their value (their group is smaller than k);
    ``forced``: cells hidden with a given reason (e.g. a group whose size is hidden);
    ``unpublished``: cells that take part in lines but are never shown;
    ``cost``: which cells to give up first when one must be hidden to protect another (lowest
    cost, then nearest the leak, then smallest value; e.g. a consultation total before a
    quartier's figure);
    ``population``: respondents of each cell's group (default: the cell's own value), so that
    no figure of a group of 1 … k−1 is pinned, not even a zero;
    ``ceiling``: upper bounds the adversary knows anyway (a count never exceeds the published
    size of its group);
    ``restore_up_to``: tables of at most that many cells get a second pass that publishes again
    the companions not needed after all (one bounds computation per companion).
    """
    lines = [line for line in lines if line.parts]
    table = _Table(values, lines, k, population or values, ceiling or {})
    hidden: dict[Hashable, Hidden] = dict(forced or {})
    hidden |= {key: Hidden(SMALL, k) for key in small_groups}
    maybe_zero = set(hidden)  # hidden cells the adversary cannot assume to be at least 1
    for key, n in values.items():
        if is_small(int(n), k):
            hidden.setdefault(key, Hidden(SMALL, k))
    never = set(unpublished)
    _complement(table, hidden, never, maybe_zero, cost)
    if len(values) <= restore_up_to:
        _restore(table, hidden, never, maybe_zero, cost)
    while leak := _linear_leak(table, hidden.keys() | never, maybe_zero | never):
        # propagation along single lines is a relaxation: the linear programme, which
        # combines lines, may bound a cell further; hide a companion and check again
        cell = table.cell_to_hide(leak, hidden, never, cost, _loose(table), anywhere=True)
        if cell is None:
            raise RuntimeError(f"suppression cannot protect {leak!r}")
        hidden[cell] = Hidden(PROTECTS, k)
    return {key: hidden.get(key, int(n)) for key, n in values.items() if key not in never}


def upper_bounds(
    values: Mapping[Hashable, int],
    lines: Iterable[Line],
    figures: Mapping[Hashable, Figure],
    k: int,
) -> dict[Hashable, int]:
    """What the adversary knows of each cell's maximum once ``figures`` (a :func:`protect`
    result; cells of ``values`` missing from it are never published) are out: finite bounds."""
    table = _Table(values, [line for line in lines if line.parts], k, values, {})
    unknown = {key for key in values if key not in figures or is_hidden(figures[key])}
    low, high = table.bounds(unknown, {key for key in unknown if key not in figures})
    return {key: int(h) for key, h in high.items() if h != math.inf}


def _complement(table: _Table, hidden: dict, never: set, maybe_zero: set, cost) -> None:
    """Hide companions until the adversary bounds no cell too tightly."""
    k = table.k
    while True:
        leaks, bounds = table.leaks(hidden.keys() | never, maybe_zero | never)
        if not leaks:
            break
        # One companion per leak, in one round, unless a companion chosen this round already
        # sits within two lines of it (bounds are recomputed from scratch each round).
        touched: set = set()
        for leak in leaks:
            if touched & table.around(leak):
                continue
            cell = table.cell_to_hide(leak, hidden, never, cost, bounds)
            if cell is not None:
                hidden[cell] = Hidden(PROTECTS, k)
                touched.add(cell)
        if not touched:  # nothing near any leak: give up the cheapest cell anywhere
            cell = table.cell_to_hide(leaks[0], hidden, never, cost, bounds, anywhere=True)
            if cell is None:
                raise RuntimeError(f"suppression cannot protect {leaks[0]!r}")
            hidden[cell] = Hidden(PROTECTS, k)


def _linear_leak(table: _Table, unknown: set, maybe_zero: set) -> Hashable | None:
    """A hidden or unpublished cell of 1 … k−1 whose maximum, by linear programming over
    every line at once, is below k; None when there is none."""
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix

    low, high = table.bounds(unknown, maybe_zero)
    suspects = [key for key in sorted(unknown, key=str) if is_small(table.values[key], table.k)]
    if not suspects:
        return None
    keys = sorted(table.values, key=str)
    column = {key: i for i, key in enumerate(keys)}
    rows, cols, data = [], [], []
    for r, line in enumerate(table.lines):
        for key, sign in ((line.total, 1.0), *((p, -1.0) for p in line.parts)):
            rows.append(r), cols.append(column[key]), data.append(sign)
    matrix = coo_matrix((data, (rows, cols)), shape=(len(table.lines), len(keys))).tocsr()
    bounds = [(low[key], None if high[key] == math.inf else high[key]) for key in keys]

    def lift(cells: list) -> list:
        """A feasible point maximising the sum of ``cells``: the cells it takes to k or more."""
        objective = [0.0] * len(keys)
        for key in cells:
            objective[column[key]] = -1.0
        result = linprog(objective, A_eq=matrix, b_eq=[0.0] * len(table.lines),
                         bounds=bounds, method="highs")  # fmt: skip
        if result.status == 3:  # unbounded: some cell has no maximum (which one, if many?)
            return list(cells) if len(cells) == 1 else []
        return [key for key in cells if result.x[column[key]] >= table.k - 1e-6]

    # one programme for many cells at a time; each point that reaches k clears a cell
    remaining = suspects
    while remaining and (cleared := lift(remaining)):
        remaining = [key for key in remaining if key not in cleared]
    return next((key for key in remaining if not lift([key])), None)


def _loose(table: _Table) -> tuple[dict, dict]:
    """Bounds under which every line binds (to look for companions on all of them)."""
    return {key: 0 for key in table.values}, {key: math.inf for key in table.values}


def _restore(table: _Table, hidden: dict, never: set, maybe_zero: set, cost) -> None:
    """Publish again, dearest first, each companion that the others protect without it: the
    greedy rounds hide more than needed."""
    companions = [
        key for key, h in hidden.items() if h.reason == PROTECTS and key not in maybe_zero
    ]
    for key in sorted(companions, key=lambda m: (cost(m), table.values[m], str(m)), reverse=True):
        reason = hidden.pop(key)
        if table.leaks(hidden.keys() | never, maybe_zero | never)[0]:
            hidden[key] = reason


class _Table:
    """Cells, lines and what an adversary can bound."""

    def __init__(self, values, lines: list[Line], k: int, population, ceiling) -> None:
        self.values = {key: int(n) for key, n in values.items()}
        self.lines = lines
        self.k = k
        self.population = population
        self.ceiling = ceiling
        self.through: dict[Hashable, list[int]] = {}
        for index, line in enumerate(lines):
            for member in line.members:
                self.through.setdefault(member, []).append(index)

    def leaks(self, unknown: set, maybe_zero: set) -> tuple[list, tuple[dict, dict]]:
        """The hidden or unpublished cells the adversary bounds too tightly, and the bounds."""
        low, high = self.bounds(unknown, maybe_zero)
        zeros = self.implied_zeros(unknown)
        found = []
        for key in sorted(unknown, key=str):
            value = self.values[key]
            pinned = low[key] == high[key] and key not in zeros
            if (is_small(value, self.k) and high[key] < self.k) or (
                pinned and is_small(int(self.population.get(key, value)), self.k)
            ):
                found.append(key)
        return found, (low, high)

    def around(self, key) -> set:
        """The cells within two lines of ``key``."""
        near = self.near(key)
        return near.union(*(self.near(m) for m in near))

    def near(self, key) -> set:
        """The cells on a line through ``key``."""
        return {m for i in self.through.get(key, ()) for m in self.lines[i].members}

    def implied_zeros(self, unknown: set) -> set:
        """Cells inside a published zero (« nobody in the quartier cited it » says nothing
        about its small groups that it does not say about everyone), and totals of such."""
        zeros: set = set()
        changed = True
        while changed:
            changed = False
            for line in self.lines:
                known = [m for m in line.members if m in zeros or m not in unknown]
                if self.values[line.total] != 0 or not known:
                    continue
                # a zero total makes its parts zero; parts all zero make their total zero
                if line.total in known or len(known) == len(line.parts):
                    fresh = [m for m in line.members if m not in zeros]
                    zeros.update(fresh)
                    changed = changed or bool(fresh)
        return zeros

    def bounds(self, unknown: set, maybe_zero: set) -> tuple[dict, dict]:
        """Lower and upper bounds of every cell given the published ones and the lines."""
        low = {key: (0 if key in maybe_zero else 1) if key in unknown else n
               for key, n in self.values.items()}  # fmt: skip
        high = {key: self.ceiling.get(key, math.inf) if key in unknown else n
                for key, n in self.values.items()}  # fmt: skip
        # a line of published cells only teaches nothing: start from the others
        queue = deque({i for key in unknown for i in self.through.get(key, ())})
        queued = set(queue)
        budget = 50 * len(self.lines) + 100  # bounds creep by 1 in rare cycles: stop early
        while queue and budget:
            budget -= 1
            index = queue.popleft()
            queued.discard(index)
            for key in _tighten(self.lines[index], low, high):
                for other in self.through[key]:
                    if other not in queued:
                        queue.append(other)
                        queued.add(other)
        return low, high

    def cell_to_hide(
        self, leak, hidden: dict, never: set, cost, bounds, anywhere: bool = False
    ) -> Hashable | None:
        """A published non-zero cell that bounds ``leak``: on a line that bounds it as tightly
        as the adversary does (one hop), or on such a line of a hidden cell of those lines
        (two hops), and so on; with ``anywhere``, anywhere. By cost, then hops, then value.
        None: nothing to hide."""

        def published(m) -> bool:
            return m not in hidden and m not in never and self.values[m] > 0

        hops: dict = {}
        frontier, seen = [leak], {leak}
        for hop in range(1, 6):
            members = set()
            for cell in frontier:
                tight = [self.lines[i] for i in self.through.get(cell, ())
                         if _binds(self.lines[i], cell, *bounds)]  # fmt: skip
                members.update(m for line in tight for m in line.members)
            for m in members:
                if published(m):
                    hops.setdefault(m, hop)
            frontier = [m for m in members if m not in seen and not published(m)]
            seen.update(frontier)
            if not frontier:
                break
        if not hops and anywhere:
            hops = {m: 6 for m in self.values if published(m)}
        if not hops:
            return None
        return min(hops, key=lambda m: (cost(m), hops[m], self.values[m], str(m)))


def _binds(line: Line, key, low: dict, high: dict) -> bool:
    """``line`` alone gives ``key`` its upper or (when pinned) its lower bound."""
    if key == line.total:
        top = sum(high[p] for p in line.parts)
        bottom = sum(low[p] for p in line.parts)
    else:
        rest = [p for p in line.parts if p != key]
        top = high[line.total] - sum(low[p] for p in rest)
        bottom = low[line.total] - sum(high[p] for p in rest)
    return top <= high[key] or (low[key] == high[key] and bottom >= low[key])


def _tighten(line: Line, low: dict, high: dict) -> list:
    """Apply ``total = Σ parts`` to the bounds; return the cells whose bounds changed."""
    parts_low = sum(low[p] for p in line.parts)
    infinite = sum(1 for p in line.parts if high[p] == math.inf)
    finite_high = sum(high[p] for p in line.parts if high[p] != math.inf)
    changed = []
    total = line.total
    new_low = max(low[total], parts_low)
    new_high = high[total] if infinite else min(high[total], finite_high)
    if (new_low, new_high) != (low[total], high[total]):
        low[total], high[total] = new_low, new_high
        changed.append(total)
    for part in line.parts:
        others_low = parts_low - low[part]
        own_infinite = high[part] == math.inf
        others_high = (
            math.inf
            if infinite - own_infinite
            else finite_high - (0 if own_infinite else high[part])
        )
        part_high = min(high[part], high[total] - others_low)
        part_low = max(low[part], low[total] - others_high)
        if (part_low, part_high) != (low[part], high[part]):
            low[part], high[part] = part_low, part_high
            changed.append(part)
    return changed


def share(count: Figure | None, base: Figure | None) -> float | Hidden | None:
    """Share (0–100) of a group's respondents; hidden with its count; None with no base."""
    if is_hidden(count):
        return count
    if count is None or is_hidden(base) or not base:
        return None
    return 100.0 * int(count) / int(base)
