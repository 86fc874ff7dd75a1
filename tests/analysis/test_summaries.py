from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from analysis.distinctive import distinctive_themes
from analysis.quotes import representative_quotes
from analysis.summaries import published_theme_table, shares, theme_counts, theme_table
from analysis.suppression import BASE_ROW, TOTAL_COLUMN, suppress_small_cells
from analysis.wordclouds import lemma_frequencies, wordcloud_png


def answers(quartier: str, public: str, themes_per_answer: list[tuple[str, ...]], start: int):
    """Rows of the tidy frame: one respondent per entry, one row per theme (None if none)."""
    rows = []
    for offset, themes in enumerate(themes_per_answer):
        respondent = start + offset
        for theme in themes or (None,):
            rows.append({"answer_id": respondent, "respondent": respondent, "quartier": quartier,
                         "public": public, "role": "priorites", "theme": theme,
                         "text": f"réponse {respondent} sur {theme}"})  # fmt: skip
    return rows


@pytest.fixture
def frame() -> pd.DataFrame:
    rows = (
        answers("voltaire", "jeune", [("securite", "proprete")] * 6 + [("securite",)] * 2, 0)
        + answers("voltaire", "adulte", [("proprete",)] * 3 + [()] * 2, 100)
        + answers("concorde", "adulte", [("securite",)] * 3 + [("mobilite",)] * 6, 200)
        + answers("val", "adulte", [("mobilite",)] * 3, 300)
    )
    return pd.DataFrame(rows)


def test_a_respondent_counts_once_per_theme_and_may_count_for_several(frame):
    doubled = pd.concat([frame, frame[frame["respondent"] == 0]])  # two answers, same themes
    table = theme_table(doubled, "priorites")
    assert table.to_dict() == {
        "concorde": {"mobilite": 6, "proprete": 0, "securite": 3, BASE_ROW: 9},
        "val": {"mobilite": 3, "proprete": 0, "securite": 0, BASE_ROW: 3},
        "voltaire": {"mobilite": 0, "proprete": 9, "securite": 8, BASE_ROW: 13},
        TOTAL_COLUMN: {"mobilite": 9, "proprete": 9, "securite": 11, BASE_ROW: 25},
    }


def test_counts_and_shares_by_any_segment(frame):
    counts = theme_counts(frame, "priorites", by="public").set_index(["public", "theme"])
    assert counts.loc[("jeune", "securite"), "respondents"] == 8
    assert counts.loc[("adulte", "proprete"), ["respondents", "base"]].tolist() == [3, 17]
    assert counts.loc[("adulte", "mobilite"), "share"] == pytest.approx(9 / 17)


def test_small_cells_and_small_groups_are_hidden_with_their_complements(frame):
    published = published_theme_table(frame, "priorites")
    assert published["val"].isna().all()  # 3 respondents: the whole group is hidden
    assert published.loc["securite", "concorde"] is pd.NA  # 3 < 5
    # concorde's 3 alone would follow from securite's total: another cell of the row is hidden.
    assert published.loc["securite"].isna().sum() >= 2
    assert published.loc["mobilite", "concorde"] == 6
    assert published.loc["proprete", "voltaire"] == 9
    assert shares(published).loc["proprete", "voltaire"] == pytest.approx(9 / 13)


def test_the_input_table_is_not_modified(frame):
    table = theme_table(frame, "priorites")
    before = table.copy()
    suppress_small_cells(table, 5)
    pd.testing.assert_frame_equal(table, before)


def recoverable(published: pd.DataFrame, original: pd.DataFrame) -> list[tuple[str, str]]:
    """Hidden cells an attacker can compute exactly from what is published.

    Every row adds up to its total: with the published values moved to the right-hand side,
    the hidden cells satisfy a linear system. A hidden cell is exactly recoverable when its unit
    vector lies in the row space of that system.
    """
    hidden = [(r, c) for r in published.index for c in published.columns
              if published.loc[r, c] is pd.NA]  # fmt: skip
    if not hidden:
        return []
    position = {cell: i for i, cell in enumerate(hidden)}
    equations = []
    for row in published.index:
        coefficients = np.zeros(len(hidden))
        for column in published.columns:
            if (row, column) in position:
                coefficients[position[(row, column)]] = -1 if column == TOTAL_COLUMN else 1
        if coefficients.any():
            equations.append(coefficients)
    system = np.array(equations) if equations else np.zeros((0, len(hidden)))
    rank = np.linalg.matrix_rank(system) if len(system) else 0
    found = []
    for cell, i in position.items():
        unit = np.zeros(len(hidden))
        unit[i] = 1
        if np.linalg.matrix_rank(np.vstack([system, unit])) == rank:
            found.append(cell)
    return found


def random_tables(count: int):
    generator = np.random.default_rng(7)
    for _ in range(count):
        rows, columns = generator.integers(2, 6), generator.integers(2, 6)
        cells = generator.choice([0, 1, 2, 3, 4, 6, 9, 15], size=(rows, columns))
        table = pd.DataFrame(cells, index=[f"t{i}" for i in range(rows)],
                             columns=[f"q{j}" for j in range(columns)])  # fmt: skip
        table.loc[BASE_ROW] = table.max(axis=0) + generator.integers(0, 8, size=columns)
        table[TOTAL_COLUMN] = table.sum(axis=1)
        yield table


def test_no_hidden_cell_can_be_recovered_from_any_published_table(frame):
    tables = [theme_table(frame, "priorites", by) for by in ("quartier", "public")]
    for table in itertools.chain(tables, random_tables(300)):
        published = suppress_small_cells(table, 5)
        visible = published.stack(future_stack=True).dropna()
        assert ((visible == 0) | (visible >= 5)).all()
        assert recoverable(published, table) == []


def test_the_recovery_attack_works_without_complementary_suppression(frame):
    """The adversary is real: primary suppression alone leaks."""
    table = theme_table(frame, "priorites")
    only_primary = table.astype("Int64").mask((table > 0) & (table < 5))
    assert recoverable(only_primary, table) != []


def test_distinctive_themes_of_a_segment_against_the_rest(frame):
    published = distinctive_themes(frame, "priorites", "public", "jeune", k=5)
    assert published["theme"].tolist() == ["mobilite"]  # securite: 3 adults only, < k
    assert published.iloc[0]["lift"] == 0 and published.iloc[0]["in_rest"] == 9
    result = distinctive_themes(frame, "priorites", "public", "jeune", k=3)
    row = result.set_index("theme").loc["securite"]
    assert (row["in_segment"], row["segment_base"], row["in_rest"], row["rest_base"]) == (
        8,
        8,
        3,
        17,
    )
    assert row["lift"] == pytest.approx(1 / (3 / 17))
    assert row["p_value"] < 0.001 and row["significant"]
    assert result.iloc[0]["theme"] == "securite"
    assert distinctive_themes(frame, "priorites", "quartier", "val", k=5).empty  # 3 < k


def test_quotes_come_only_from_groups_of_at_least_k(frame):
    quotes = representative_quotes(frame, "priorites", k=5, per_group=2)
    groups = set(zip(quotes["quartier"], quotes["theme"], strict=True))
    assert groups == {("voltaire", "securite"), ("voltaire", "proprete"), ("concorde", "mobilite")}
    assert quotes.groupby(["quartier", "theme"]).size().max() == 2


def test_word_cloud_from_french_lemmas_without_stop_words():
    frequencies = lemma_frequencies(["Les poubelles débordent", "La poubelle et les rodéos"])
    assert frequencies["poubelle"] == 2
    assert "le" not in frequencies and "et" not in frequencies
    png = wordcloud_png(frequencies, width=200, height=100)
    assert png.startswith(b"\x89PNG") and png == wordcloud_png(frequencies, 200, 100)
