"""Ambiguous cues need their context, long answers keep their main themes, no-opinion answers
are recognised; all of it comes from codebook data."""

from __future__ import annotations

import textwrap

import pytest

from analysis.clauses import clean_segments, joined
from analysis.codebook import CodebookError, parse_codebook
from analysis.normalize import clean_words
from analysis.tagging import Tagger


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("les classes moyennes paient trop", "education"),
        ("faire des économies", "commerces"),
        ("moins d'impôts", "services_publics"),
        ("les citoyens", "citoyennete"),
        ("ma retraite", "services_publics"),
        ("ma retraite", "solidarite"),
        ("des bancs en bois", "environnement"),
        ("ils sont en train de tout casser", "mobilite"),
        ("chacun son propre jardin", "proprete"),
        ("on n'a pas le droit de jouer au ballon", "services_publics"),
        ("travailler sur la parentalité", "emploi"),
        ("une prise en charge rapide", "habitat"),
    ],
)
def test_an_ambiguous_cue_without_its_context_fires_nothing(tagger, text, absent):
    assert absent not in tagger.tag(text).themes


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("des classes de 30 élèves", "education"),
        ("relancer l'économie du quartier", "commerces"),
        ("de l'aide pour déclarer ses impôts", "services_publics"),
        ("que les citoyens participent aux décisions", "citoyennete"),
        ("un dossier de retraite à monter", "services_publics"),
        ("les retraités isolés", "solidarite"),
        ("la poste a fermé", "services_publics"),
        ("un bois pour se promener", "environnement"),
        ("plus de nature en ville", "environnement"),  # « en » after the word: allowed
        ("les charges en hausse", "habitat"),
    ],
)
def test_the_same_cue_in_its_context_fires_its_theme(tagger, text, theme):
    assert theme in tagger.tag(text).themes


def test_the_evidence_says_which_neighbour_allowed_a_context_cue(tagger):
    assert tagger.tag("des classes moins chargées à l'école").evidence["education"] == (
        "classes (avec : école)",
        "école",
    )


@pytest.mark.parametrize(
    ("text", "themes"),
    [
        ("rénover le gymnase", ("sport_culture",)),
        ("des travaux à l'école", ("education",)),
        ("refaire les trottoirs et rénover l'éclairage", ("amenagement",)),
        ("aménager la dalle, planter des arbres", ("amenagement", "environnement")),
    ],
)
def test_a_generic_work_word_gives_way_to_the_theme_of_its_object(tagger, text, themes):
    assert tagger.tag(text).themes == themes


def test_a_word_as_written_beats_a_lemma_only_match(tagger):
    # « travaux » is lemmatised « travail » (emploi) but is written as the term « travaux ».
    assert tagger.tag("les travaux").themes == ("amenagement",)
    assert tagger.tag("trouver du travail").themes == ("emploi",)


LONG = (
    "Il faut plus de sécurité dans le quartier : les rodéos et le deal nous empêchent de "
    "dormir, on a peur de sortir le soir avec les enfants. Je passe à la boulangerie le matin "
    "et je prends le bus pour aller travailler."
)


def test_a_long_answer_keeps_what_it_asks_for_and_dwells_on(tagger):
    tags = tagger.tag(LONG)
    assert tags.themes == ("securite",)
    assert tags.evidence["securite"][0] == "sécurité (demande : il faut)"
    assert "rodéos (demande : il faut)" in tags.evidence["securite"]


def test_a_short_list_keeps_every_theme(tagger):
    tags = tagger.tag("sécurité, propreté, plus de bus, des médecins")
    assert tags.themes == ("securite", "proprete", "mobilite", "sante")
    assert tags.evidence["mobilite"] == ("bus (demande : plus de)",)


def test_a_sentence_opening_on_a_demand_verb_is_a_demand(tagger):
    tags = tagger.tag("Améliorer l'éclairage des rues")
    assert tags.evidence["amenagement"][0] == "éclairage (demande : améliorer)"


@pytest.mark.parametrize(
    "text",
    [
        "jsp",
        "rien",
        "bof",
        "je sais pas",
        "Je ne sais pas.",
        "ras",
        "RAS",
        "aucune idée",
        "rien à signaler",
        "😀😀😀",
        "???",
        "...",
        "lol",
        "euh... bof",
        "sans avis",
    ],
)
def test_no_opinion_answers_are_recognised(tagger, text):
    tags = tagger.tag(text)
    assert tags.no_opinion and tags.themes == ()
    assert tagger.tag_naive(text) == tags


@pytest.mark.parametrize("text", ["", "   ", "rien pour les jeunes", "jsp, la sécurité", "tout"])
def test_an_answer_with_a_theme_or_no_text_is_not_no_opinion(tagger, text):
    assert not tagger.tag(text).no_opinion


def test_segments_cut_sentences_and_lists_without_changing_the_words():
    text = "Il faut plus de bus. - les city-stade\n* rien ; sécuritéééé !!! propreté…fin"
    segments = clean_segments(text)
    assert segments == [
        ["il", "faut", "plus", "de", "bus"],
        ["les", "city", "stade"],
        ["rien"],
        ["sécurité"],
        ["propreté"],
        ["fin"],
    ]
    assert joined(segments) == clean_words(text)


def test_fast_and_naive_paths_agree_on_long_answers_and_context_rules(tagger):
    sample = [
        LONG,
        "les classes moyennes paient trop",
        "des classes de 30 élèves",
        "jsp",
        "😀",
        "Améliorer l'éclairage des rues. Plus de bus. Il manque des médecins.",
    ]
    assert tagger.tag_many(sample * 2) == [tagger.tag_naive(text) for text in sample * 2]


CODEBOOK = """
slug: essai
version: "1"
no_opinion: [bof]
salience: {demand: [il faut], demand_verbs: [créer], long_answer_words: 6, keep_ratio: 0.6,
           demand_weight: 2, max_themes: 1}
themes:
  - id: education
    label: Éducation
    axis: III
    definition: École.
    terms: [école, classe]
    context:
      classe: {require: [école, élève]}
  - id: mobilite
    label: Mobilité
    axis: II
    definition: Bus.
    terms: [bus, car]
    context:
      car: {forbid: [parce], window: 1, side: after}
      bus: {yields: true}
"""


def test_context_salience_and_no_opinion_are_codebook_data():
    tagger = Tagger(parse_codebook(CODEBOOK))
    assert tagger.tag("une classe").themes == ()
    assert tagger.tag("une classe de l'école").themes == ("education",)
    assert tagger.tag("car parce que").themes == ()
    assert tagger.tag("le car").themes == ("mobilite",)
    assert tagger.tag("bof").no_opinion
    long = "il faut une école, une école ouverte, et quelques bus du matin au soir"
    assert tagger.tag(long).themes == ("education",)
    assert tagger.tag("une école. des bus").themes == ("education", "mobilite")
    assert tagger.tag("des bus pour l'école").themes == ("education",)  # « bus » yields


def test_a_context_rule_must_name_a_term_of_its_theme():
    bad = CODEBOOK.replace("      classe: {require", "      collège: {require")
    with pytest.raises(
        CodebookError, match=r"themes\[0\].context : « collège » n'est pas un terme"
    ):
        parse_codebook(bad)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("side: after", "side: partout"), "« partout » n'est pas une valeur permise"),
        (("keep_ratio: 0.6", "keep_ratio: 2"), "salience.keep_ratio : au plus 1 attendu"),
        (("  - id: mobilite", "  - id: sans_avis"), "« sans_avis » est réservé"),
    ],
)
def test_bad_context_or_salience_data_is_rejected_with_place_and_reason(change, message):
    with pytest.raises(CodebookError, match=message):
        parse_codebook(textwrap.dedent(CODEBOOK).replace(*change))
