"""What an adversary can tell of hidden cells: bounds from published cells and lines.

The arithmetic behind :mod:`analysis.suppression`. Cells are linked by lines (``total`` =
sum of ``parts``); the adversary knows the published cells, that counts are never negative,
that a hidden cell of a published group is at least 1, and any ``ceiling`` (a count never
exceeds its group's published size). :meth:`Table.bounds` propagates bounds along single
lines (fast, a relaxation); :func:`linear_leaks` checks by linear programming over all lines
at once.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Hashable


def is_small(count: int, k: int) -> bool:
    return 0 < count < k


class Table:
    """Cells, lines and what an adversary can bound."""

    def __init__(self, values, lines: list, k: int, population, ceiling) -> None:
        self.values = {key: int(n) for key, n in values.items()}
        self.lines = lines
        self.k = k
        self.population = population
        self.ceiling = ceiling
        self.through: dict[Hashable, list[int]] = {}
        for index, line in enumerate(lines):
            for member in line.members:
                self.through.setdefault(member, []).append(index)

    def leaks(
        self, unknown: set, maybe_zero: set, known: tuple[dict, dict] | None = None
    ) -> tuple[list, tuple[dict, dict]]:
        """The hidden or unpublished cells the adversary bounds too tightly, and the bounds
        (``known``: bounds already propagated for ``unknown``, see :meth:`publish`)."""
        low, high = known or self.bounds(unknown, maybe_zero)
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
        low = {
            key: (0 if key in maybe_zero else 1) if key in unknown else n
            for key, n in self.values.items()
        }
        high = {
            key: self.ceiling.get(key, math.inf) if key in unknown else n
            for key, n in self.values.items()
        }
        # a line of published cells only teaches nothing: start from the others
        self._propagate(low, high, unknown)
        return low, high

    def publish(self, key, bounds: tuple[dict, dict]) -> tuple[dict, dict]:
        """The bounds once ``key`` is published too, from ``bounds`` (valid before, so still
        valid after: only the lines through ``key`` need propagating again)."""
        low, high = dict(bounds[0]), dict(bounds[1])
        low[key] = high[key] = self.values[key]
        self._propagate(low, high, {key})
        return low, high

    def _propagate(self, low: dict, high: dict, starts: set) -> None:
        """Apply the lines through ``starts``, and every line a change reaches, until stable."""
        queue = deque({i for key in starts for i in self.through.get(key, ())})
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
            members: set = set()
            for cell in frontier:
                tight = [
                    self.lines[i]
                    for i in self.through.get(cell, ())
                    if _binds(self.lines[i], cell, *bounds)
                ]
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


def _binds(line, key, low: dict, high: dict) -> bool:
    """``line`` alone gives ``key`` its upper or (when pinned) its lower bound."""
    if key == line.total:
        top = sum(high[p] for p in line.parts)
        bottom = sum(low[p] for p in line.parts)
    else:
        rest = [p for p in line.parts if p != key]
        top = high[line.total] - sum(low[p] for p in rest)
        bottom = low[line.total] - sum(high[p] for p in rest)
    return top <= high[key] or (low[key] == high[key] and bottom >= low[key])


def _tighten(line, low: dict, high: dict) -> list:
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


def linear_leaks(table: Table, unknown: set, maybe_zero: set) -> list:
    """The hidden or unpublished cells of 1 … k−1 whose maximum, by linear programming over
    every line at once, is below k."""
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix

    low, high = table.bounds(unknown, maybe_zero)
    suspects = [key for key in sorted(unknown, key=str) if is_small(table.values[key], table.k)]
    if not suspects:
        return []
    keys = sorted(table.values, key=str)
    column = {key: i for i, key in enumerate(keys)}
    rows, cols, data = [], [], []
    for r, line in enumerate(table.lines):
        for key, sign in ((line.total, 1.0), *((p, -1.0) for p in line.parts)):
            rows.append(r)
            cols.append(column[key])
            data.append(sign)
    matrix = coo_matrix((data, (rows, cols)), shape=(len(table.lines), len(keys))).tocsr()
    bounds = [(low[key], None if high[key] == math.inf else high[key]) for key in keys]

    def lift(cells: list) -> list:
        """A feasible point maximising the sum of ``cells``: the cells it takes to k or more."""
        objective = [0.0] * len(keys)
        for key in cells:
            objective[column[key]] = -1.0
        result = linprog(
            objective, A_eq=matrix, b_eq=[0.0] * len(table.lines), bounds=bounds, method="highs"
        )
        if result.status == 3:  # unbounded: some cell has no maximum (which one, if many?)
            return list(cells) if len(cells) == 1 else []
        return [key for key in cells if result.x[column[key]] >= table.k - 1e-6]

    # one programme for many cells at a time; each point that reaches k clears a cell
    remaining = suspects
    while remaining and (cleared := lift(remaining)):
        remaining = [key for key in remaining if key not in cleared]
    return [key for key in remaining if not lift([key])]


def loose_bounds(table: Table) -> tuple[dict, dict]:
    """Bounds under which every line binds (to look for companions on all of them)."""
    return {key: 0 for key in table.values}, {key: math.inf for key in table.values}
