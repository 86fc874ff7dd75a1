from __future__ import annotations

import pandas as pd
import pytest

from analysis.distinctive import distinctive_themes
from analysis.quotes import representative_quotes
from analysis.summaries import BASE_ROW, TOTAL_COLUMN, theme_counts, theme_table
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
