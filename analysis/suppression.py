"""The small-group rule: the one suppression engine behind every published count.

Rule (ARCHITECTURE.md): no published figure reveals a group of 1 to k−1 respondents, alone or
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
   make unnecessary is published again, and the linear check runs last.

So the feasible interval of a hidden figure of 1 … k−1 always reaches k: nobody can tell it
is small, and no figure of a small group is ever known exactly. Cells that are never
published (e.g. the young people among those of unknown age) take part in lines as unknowns.
A hidden figure is a :class:`Hidden` value, never a string, so callers cannot confuse it with
a number; templates and files print ``str(hidden)``, always « masqué ».
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeVar

if TYPE_CHECKING:  # annotations only: no runtime dependency on typing_extensions
    from typing_extensions import TypeIs

from analysis.intervals import Table, is_small, linear_leaks, loose_bounds

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


def is_hidden(value: object) -> TypeIs[Hidden]:
    return isinstance(value, Hidden)


def printable(value: object) -> object:
    """A figure for a file: hidden ones as their label (« masqué »)."""
    return str(value) if is_hidden(value) else value


@dataclass(frozen=True)
class Line:
    """``total`` equals the sum of ``parts`` (cell keys)."""

    total: Hashable
    parts: tuple[Hashable, ...]

    @property
    def members(self) -> tuple[Hashable, ...]:
        return (self.total, *self.parts)


Key = TypeVar("Key", bound=Hashable)


def protect(
    values: Mapping[Key, int],
    lines: Iterable[Line],
    k: int,
    small_groups: Iterable[Key] = (),
    forced: Mapping[Key, Hidden] | None = None,
    unpublished: Iterable[Key] = (),
    cost: Callable[[Key], int] = lambda key: 0,
    population: Mapping[Key, int] | None = None,
    ceiling: Mapping[Key, int] | None = None,
) -> dict[Key, Figure]:
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
    """
    lines = [line for line in lines if line.parts]
    table = Table(values, lines, k, population or values, ceiling or {})
    hidden: dict[Hashable, Hidden] = {key: why for key, why in (forced or {}).items()}
    hidden |= {key: Hidden(SMALL, k) for key in small_groups}
    maybe_zero = set(hidden)  # hidden cells the adversary cannot assume to be at least 1
    for key, n in values.items():
        if is_small(int(n), k):
            hidden.setdefault(key, Hidden(SMALL, k))
    never = set(unpublished)
    _complement(table, hidden, never, maybe_zero, cost)
    _restore(table, hidden, never, maybe_zero, cost)
    while leaks := linear_leaks(table, hidden.keys() | never, maybe_zero | never):
        # propagation along single lines is a relaxation: the linear programme, which
        # combines lines, may bound cells further; hide a companion of each (but one per
        # neighbourhood) and check again
        touched: set = set()
        for leak in leaks:
            if touched & table.around(leak):
                continue
            cell = table.cell_to_hide(leak, hidden, never, cost, loose_bounds(table), anywhere=True)
            if cell is None:
                raise RuntimeError(f"suppression cannot protect {leak!r}")
            hidden[cell] = Hidden(PROTECTS, k)
            touched.add(cell)
    return {key: hidden.get(key, int(n)) for key, n in values.items() if key not in never}


def upper_bounds(
    values: Mapping[Key, int],
    lines: Iterable[Line],
    figures: Mapping[Key, Figure],
    k: int,
) -> dict[Key, int]:
    """What the adversary knows of each cell's maximum once ``figures`` (a :func:`protect`
    result; cells of ``values`` missing from it are never published) are out: finite bounds."""
    table = Table(values, [line for line in lines if line.parts], k, values, {})
    unknown = {key for key in values if key not in figures or is_hidden(figures[key])}
    _low, high = table.bounds(unknown, {key for key in unknown if key not in figures})
    return {key: int(h) for key, h in high.items() if h != math.inf}


def _complement(table: Table, hidden: dict, never: set, maybe_zero: set, cost) -> None:
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


def _restore(table: Table, hidden: dict, never: set, maybe_zero: set, cost) -> None:
    """Publish again, dearest first, each companion that the others protect without it: the
    greedy rounds hide more than needed. Each try propagates only from the cell published
    again (:meth:`Table.publish`), so the pass costs little even on large tables."""
    companions = [
        key for key, h in hidden.items() if h.reason == PROTECTS and key not in maybe_zero
    ]
    unknown = hidden.keys() | never
    known = table.bounds(unknown, maybe_zero | never)
    for key in sorted(companions, key=lambda m: (cost(m), table.values[m], str(m)), reverse=True):
        unknown.discard(key)
        trial = table.publish(key, known)
        if table.leaks(unknown, maybe_zero | never, trial)[0]:
            unknown.add(key)
        else:
            del hidden[key]
            known = trial


def share(count: Figure | None, base: Figure | None) -> float | Hidden | None:
    """Share (0–100) of a group's respondents; hidden with its count; None with no base."""
    if is_hidden(count):
        return count
    if count is None or is_hidden(base) or not base:
        return None
    return 100.0 * int(count) / int(base)
