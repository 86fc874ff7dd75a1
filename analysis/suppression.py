"""The small-group rule: the one suppression engine behind every published count.

Rule (ARCHITECTURE.md): no published figure reveals a group of 1 to k−1 respondents, alone or
subtracted from another published figure. Counts are published as cells linked by *lines*:
``total = part₁ + part₂ + …`` (a quartier is the sum of its age bands, the consultation the
sum of its quartiers…). An adversary who knows the lines recovers, by subtraction, any cell
that is the only unknown of a line, repeatedly, and the *sum* of the unknown parts of any line
whose total is known. :func:`protect` therefore hides:

1. primary: every cell with 0 < n < k, and every cell of a group smaller than k (zeros too);
2. complementary: while some line has a known total (published, or recoverable by subtraction)
   and unknown parts that add up to 1 … k−1, the smallest published non-zero part of that line
   (or, failing that, its total, or a cell that lets the total be recovered) is hidden too.

Every recoverable figure is then 0 or at least k. Cells that are never published (e.g. the
young people among those of unknown age) take part in lines as permanently unknown parts.
A hidden figure is a :class:`Hidden` value, never a string, so callers cannot confuse it with
a number; templates and files print ``str(hidden)``: « < 5 » or « masqué ».
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeVar

if TYPE_CHECKING:  # annotations only: no runtime dependency on typing_extensions
    from typing_extensions import TypeIs

SMALL: Literal["small"] = "small"
PROTECTS: Literal["protects"] = "protects"


@dataclass(frozen=True)
class Hidden:
    """A suppressed figure: ``small`` (about fewer than k respondents) or ``protects`` (hidden
    so that no subtraction reveals a small one)."""

    reason: Literal["small", "protects"]
    k: int

    def __str__(self) -> str:
        return f"< {self.k}" if self.reason == SMALL else "masqué"


Figure = int | Hidden


def is_hidden(value: object) -> TypeIs[Hidden]:
    return isinstance(value, Hidden)


def printable(value: object) -> object:
    """A figure for a file: hidden ones as their label (« < 5 », « masqué »)."""
    return str(value) if is_hidden(value) else value


def is_small(count: int, k: int) -> bool:
    return 0 < count < k


@dataclass(frozen=True)
class Line:
    """``total`` equals the sum of ``parts`` (cell keys)."""

    total: Hashable
    parts: tuple[Hashable, ...]


Key = TypeVar("Key", bound=Hashable)


def protect(
    values: Mapping[Key, int],
    lines: Iterable[Line],
    k: int,
    small_groups: Iterable[Key] = (),
    forced: Mapping[Key, Hidden] | None = None,
    unpublished: Iterable[Key] = (),
    cost: Callable[[Key], int] = lambda key: 0,
) -> dict[Key, Figure]:
    """Every published cell of ``values`` as its count or a :class:`Hidden`.

    ``small_groups``: cells hidden whatever their value (their group is smaller than k);
    ``forced``: cells hidden with a given reason (e.g. a group whose size is hidden);
    ``unpublished``: cells that take part in lines but are never shown;
    ``cost``: which cells to give up first when one must be hidden to protect another (lowest
    cost, then smallest value; e.g. a consultation total before a quartier's figure).
    """
    lines = [line for line in lines if line.parts]
    hidden: dict[Hashable, Hidden] = dict((forced or {}).items())
    for key in small_groups:
        hidden[key] = Hidden(SMALL, k)
    for key, n in values.items():
        if is_small(int(n), k):
            hidden.setdefault(key, Hidden(SMALL, k))
    never = set(unpublished)
    while True:
        line, known = _leaking_line(values, lines, set(hidden) | never, k)
        if line is None:
            break
        cell = _cell_to_hide(values, lines, line, hidden, never, cost, known)
        hidden[cell] = Hidden(PROTECTS, k)
    return {key: hidden.get(key, int(n)) for key, n in values.items() if key not in never}


def _leaking_line(values, lines: list[Line], unknown: set, k: int) -> tuple[Line | None, set]:
    """A line through which subtraction reveals 1 … k−1 respondents, or None.

    The adversary knows the published cells, then any cell that is the only unknown of a line,
    repeatedly. A line leaks when it recovers a cell of 1 … k−1, or when its total is known
    and its unknown parts add up to 1 … k−1. Also returns the cells the adversary knows.
    """
    known = {key for key in values if key not in unknown}
    changed = True
    while changed:
        changed = False
        for line in lines:
            missing = [m for m in (line.total, *line.parts) if m not in known]
            if len(missing) == 1:
                if is_small(int(values[missing[0]]), k):
                    return line, known
                known.add(missing[0])
                changed = True
    for line in lines:
        if line.total in known:
            rest = sum(int(values[p]) for p in line.parts if p not in known)
            if is_small(rest, k):
                return line, known
    return None, known


def _cell_to_hide(values, lines, line: Line, hidden: dict, never: set, cost, known) -> Hashable:
    """The cheapest published non-zero cell that stops the subtraction through ``line``: one of
    its own cells, or one of a line that recovers a hidden cell of it."""

    def candidates(members) -> list:
        return [m for m in members if m not in hidden and m not in never and int(values[m]) > 0]

    def cheapest(members) -> Hashable:
        return min(members, key=lambda m: (cost(m), int(values[m])))

    members = (line.total, *line.parts)
    recovered = [m for m in members if m in known and (m in hidden or m in never)]
    recovering = candidates(
        cell
        for m in recovered
        for other in lines
        if _recovers(other, m, known)
        for cell in (other.total, *other.parts)
        if cell != m
    )
    pool = candidates(members) + recovering
    if pool:
        return cheapest(pool)
    # Nothing left near this line: give up any published non-zero cell (never reached with the
    # tables Consult builds; it keeps the loop finite).
    rest = candidates(values)
    if not rest:
        raise RuntimeError("suppression cannot protect this table")
    return cheapest(rest)


def _recovers(line: Line, cell: Hashable, known: set) -> bool:
    """``line`` gives ``cell`` away: every other cell of it is known."""
    members = (line.total, *line.parts)
    return cell in members and all(m in known for m in members if m != cell)


def share(count: Figure | None, base: Figure | None) -> float | Hidden | None:
    """Share (0–100) of a group's respondents; hidden with its count; None with no base."""
    if is_hidden(count):
        return count
    if count is None or is_hidden(base) or not base:
        return None
    return 100.0 * int(count) / int(base)
