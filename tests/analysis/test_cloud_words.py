"""Word-cloud words: lemmas used by at least k distinct respondents, masked, no filler words."""

import pandas as pd

from analysis.wordclouds import cloud_stop_words, cloud_word_counts, wordcloud_png


def counts(answers: list[tuple[int, str]], k: int = 5):
    respondents, texts = zip(*answers, strict=True)
    return cloud_word_counts(pd.Series(texts), pd.Series(respondents), k)


def test_a_word_counts_distinct_respondents_and_needs_k_of_them():
    answers = [(1, "poubelle poubelle poubelle"), (1, "les poubelles débordent")]
    answers += [(r, f"Les poubelles débordent {r}") for r in range(2, 5)]
    four = counts(answers)
    assert "poubelle" not in four  # 4 respondents, 8 mentions: below k
    five = counts([*answers, (5, "une Poubelle cassée")])
    assert five["poubelle"] == 5
    assert counts([*answers, (5, "une Poubelle cassée")], k=4)["déborder"] == 4


def test_names_and_addresses_of_one_answer_never_appear():
    answers = [(r, "la propreté du parc") for r in range(5)]
    answers.append((9, "Mme Dupont au 8 rue Voltaire aide la famille Benali"))
    words = counts(answers, k=1)
    assert words["propreté"] == 5
    assert not {"dupont", "voltaire", "benali", "mme", "famille", "nom", "adresse"} & set(words)


def test_filler_and_sms_words_are_left_out():
    fillers = [
        "jsp",
        "cest nul",
        "jai rien",
        "lol",
        "bof",
        "mdr",
        "svp",
        "il faut aider",
        "trouver un truc",
        "faire quelque chose",
    ]
    answers = [(r, f"{filler} sécurité") for r, filler in enumerate(fillers)]
    assert set(counts(answers)) == {"sécurité"}
    assert {"aider", "trouver", "jsp", "cest", "jai", "lol", "bof", "mdr", "svp", "le"} <= (
        cloud_stop_words()
    )


def test_spellings_of_one_word_count_together_and_show_accented():
    answers = [(1, "securite"), (2, "sécurité"), (3, "la sécurité"), (4, "securite svp")]
    answers.append((5, "Sécurité !"))
    assert counts(answers) == {"sécurité": 5}


def test_the_counts_draw_a_cloud():
    answers = [(r, "plus de bancs au parc") for r in range(5)]
    png = wordcloud_png(counts(answers), width=200, height=100)
    assert png.startswith(b"\x89PNG")
