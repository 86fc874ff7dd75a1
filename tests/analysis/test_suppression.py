"""The one suppression engine: primary, complementary, and the subtraction attacks it stops."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.suppression import PROTECTS, SMALL, Hidden, Line, is_hidden, protect, share


def table_lines(rows: int, columns: int) -> list[Line]:
    """A rows × columns table with row totals ``(r, "T")``, column totals ``("T", c)`` and a
    grand total ``("T", "T")``."""
    lines = [Line((r, "T"), tuple((r, c) for c in range(columns))) for r in range(rows)]
    lines += [Line(("T", c), tuple((r, c) for r in range(rows))) for c in range(columns)]
    lines.append(Line(("T", "T"), tuple((r, "T") for r in range(rows))))
    return lines


def with_totals(cells: np.ndarray) -> dict:
    rows, columns = cells.shape
    values = {(r, c): int(cells[r, c]) for r in range(rows) for c in range(columns)}
    values |= {(r, "T"): int(cells[r].sum()) for r in range(rows)}
    values |= {("T", c): int(cells[:, c].sum()) for c in range(columns)}
    values[("T", "T")] = int(cells.sum())
    return values


def leaks(values: dict, lines: list[Line], published: dict, k: int) -> list:
    """What a subtraction reveals: every line whose total is known (published, or recovered
    as the only unknown of another line, repeatedly) and whose unknown parts add up to 1…k−1;
    and every recovered cell of 1…k−1."""
    known = {key for key, v in published.items() if not is_hidden(v)}
    changed = True
    while changed:
        changed = False
        for line in lines:
            missing = [m for m in (line.total, *line.parts) if m not in known]
            if len(missing) == 1:
                known.add(missing[0])
                changed = True
    found = [key for key in known if 0 < values[key] < k]
    for line in lines:
        if line.total in known:
            rest = sum(values[p] for p in line.parts if p not in known)
            if 0 < rest < k:
                found.append(line)
    return found


def test_a_small_count_is_hidden_as_small_and_every_hidden_figure_prints_one_label():
    published = protect({"a": 3, "b": 0, "c": 12}, [], 5)
    assert published == {"a": Hidden(SMALL, 5), "b": 0, "c": 12}
    # « < 5 » beside « masqué » told the adversary which hidden cells are small
    assert str(published["a"]) == str(Hidden(PROTECTS, 5)) == "masqué"


def test_a_lone_hidden_cell_gets_a_companion_so_that_the_total_does_not_give_it_away():
    values = {"all": 20, "f": 17, "h": 3, "x": 0}
    published = protect(values, [Line("all", ("f", "h", "x"))], 5)
    assert published["h"] == Hidden(SMALL, 5)
    assert published["f"] == Hidden(PROTECTS, 5)
    assert published["all"] == 20


def test_hidden_cells_must_not_add_up_to_a_small_group_either():
    # 2 + 2 hidden: alone each is safe from recovery, but together they reveal a group of 4.
    values = {"all": 30, "a": 2, "b": 2, "c": 6, "d": 20}
    published = protect(values, [Line("all", ("a", "b", "c", "d"))], 5)
    assert published["c"] == Hidden(PROTECTS, 5)
    assert published["d"] == 20


def test_cells_of_small_groups_are_hidden_even_when_zero():
    published = protect({"g": 0, "h": 9}, [], 5, small_groups=["g"])
    assert published["g"] == Hidden(SMALL, 5) and published["h"] == 9


def test_unpublished_cells_take_part_in_lines_but_are_never_returned():
    values = {"young": 12, "15_17": 10, "young_unknown_age": 2}
    published = protect(
        values,
        [Line("young", ("15_17", "young_unknown_age"))],
        5,
        unpublished=["young_unknown_age"],
    )
    assert "young_unknown_age" not in published
    assert is_hidden(published["15_17"])  # else 12 − 10 = 2 young people of unknown age


def random_tables(count: int):
    generator = np.random.default_rng(7)
    for _ in range(count):
        rows, columns = generator.integers(2, 6), generator.integers(2, 6)
        yield generator.choice([0, 0, 1, 2, 3, 4, 6, 9, 15], size=(rows, columns))


@pytest.mark.parametrize("k", [3, 5])
def test_no_subtraction_reveals_a_small_group_in_any_table_with_margins(k):
    for cells in random_tables(150):
        lines = table_lines(*cells.shape)
        values = with_totals(cells)
        published = protect(values, lines, k)
        shown = [v for v in published.values() if not is_hidden(v)]
        assert all(v == 0 or v >= k for v in shown)
        assert leaks(values, lines, published, k) == []


def test_the_attack_works_with_primary_suppression_alone():
    """The adversary is real: hiding small cells without their companions leaks."""
    cells = np.array([[3, 12], [6, 9]])
    values, lines = with_totals(cells), table_lines(2, 2)
    only_primary = {key: Hidden(SMALL, 5) if 0 < v < 5 else v for key, v in values.items()}
    assert leaks(values, lines, only_primary, 5) != []
    assert leaks(values, lines, protect(values, lines, 5), 5) == []


def test_a_share_is_hidden_with_its_count_and_needs_a_shown_base():
    assert share(3, 12) == 25.0
    assert share(Hidden(SMALL, 5), 12) == Hidden(SMALL, 5)
    assert share(6, Hidden(PROTECTS, 5)) is None and share(0, 0) is None


def test_hidden_parts_that_must_each_be_small_get_a_companion():
    # 10 = 2 + 3 + 5 published as 10, masqué, masqué, 5: each hidden part is at least 1, so
    # each is at most 4 — both known to be small although their sum is 5.
    values = {"all": 10, "a": 2, "b": 3, "c": 5}
    published = protect(values, [Line("all", ("a", "b", "c"))], 5)
    assert is_hidden(published["c"]) or is_hidden(published["all"])


def test_a_cell_of_a_small_group_is_never_pinned_not_even_to_zero():
    # A group of 2 (« autre ») is hidden, zeros too; but 7 = 7 + masqué + 0 still says that
    # neither of them cited the theme. Its zero is protected like a small count.
    values = {"q": 7, "femme": 7, "autre": 0, "nr": 0}
    sizes = {"q": 20, "femme": 18, "autre": 2, "nr": 0}
    published = protect(
        values, [Line("q", ("femme", "autre", "nr"))], 5, small_groups=["autre"], population=sizes
    )
    assert is_hidden(published["autre"])
    assert is_hidden(published["femme"]) or is_hidden(published["q"])


def test_a_published_zero_says_nothing_particular_about_a_small_group_inside_it():
    values = {"q": 0, "femme": 0, "autre": 0}
    sizes = {"q": 20, "femme": 18, "autre": 2}
    published = protect(
        values, [Line("q", ("femme", "autre"))], 5, small_groups=["autre"], population=sizes
    )
    assert published == {"q": 0, "femme": 0, "autre": Hidden(SMALL, 5)}


def test_identities_between_measures_are_protected_like_any_line():
    # respondents = answered + no opinion + blank: 30 − 28 would give away 2 people.
    values = {"respondents": 30, "base": 28, "sans_avis": 2, "blank": 0}
    line = Line("respondents", ("base", "sans_avis", "blank"))
    published = protect(values, [line], 5, unpublished=["blank"])
    assert is_hidden(published["sans_avis"])
    assert is_hidden(published["base"]) or is_hidden(published["respondents"])


def test_no_hidden_small_cell_of_a_random_table_can_be_bounded_below_k():
    """The interval audit of the attack test (linear programming), on random tables: every
    hidden cell of 1 … k−1 can still be k or more given all that is published."""
    from tests.disclosure_audit import System

    for cells in random_tables(60):
        lines, values = table_lines(*cells.shape), with_totals(cells)
        published = protect(values, lines, 5)
        system = System()
        for line in lines:
            system.equal(line.total, line.parts)
        for key, figure in published.items():
            system.fix(key, 1, None) if is_hidden(figure) else system.fix(key, figure, figure)
        for key, figure in published.items():
            if is_hidden(figure) and 0 < values[key] < 5:
                assert system.range(key)[1] >= 5 - 1e-6, (cells, key)
