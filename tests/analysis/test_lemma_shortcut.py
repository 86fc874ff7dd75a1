"""The fast path's lemmas: spaCy's rule lemmatiser mirrored exactly, and answers tagged without
the statistical model only when no part of speech could change their themes."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from analysis.lemmas import RuleLemmas, _parts_of_speech
from analysis.nlp import full_pipeline
from analysis.normalize import clean_words
from analysis.tagging import Tagger
from tests.analysis.test_context_and_salience import LONG
from tests.analysis.test_resident_phrases import PHRASES

CONTEXT_AND_DEMANDS = [
    "les classes moyennes paient trop",
    "des classes de 30 élèves",
    "faire des économies",
    "relancer l'économie du quartier",
    "moins d'impôts",
    "de l'aide pour déclarer ses impôts",
    "les citoyens",
    "que les citoyens participent aux décisions",
    "ma retraite",
    "un dossier de retraite à monter",
    "les retraités isolés",
    "la poste a fermé",
    "des bancs en bois",
    "un bois pour se promener",
    "ils sont en train de tout casser",
    "chacun son propre jardin",
    "on n'a pas le droit de jouer au ballon",
    "travailler sur la parentalité",
    "une prise en charge rapide",
    "les charges en hausse",
    "des classes moins chargées à l'école",
    "Améliorer l'éclairage des rues",
    "il manque des médecins, il faut des bus",
    "pas assez de places en crèche",
    "ça marche pas",
    "le marché du dimanche",
    "des travaux partout",
    "Rénover le gymnase",
    "jsp",
    "😀",
    LONG,
]
TEXTS = CONTEXT_AND_DEMANDS + [text for text, _ in PHRASES]


def test_rule_lemmas_are_spacys_for_every_word_and_part_of_speech():
    nlp = full_pipeline()
    lemmatizer = nlp.get_pipe("lemmatizer")
    rules = RuleLemmas(lemmatizer)
    words = sorted({word for text in TEXTS for word in clean_words(text)})
    words += ["aaa", "x", "qu", "sécuritéé", "marchions", "paris", "élèves"]
    parts = _parts_of_speech(nlp)
    for word in words:
        doc = Doc(nlp.vocab, words=[word] * len(parts))
        for token, pos in zip(doc, parts, strict=True):
            token.pos_ = pos
            assert rules.lemma(word, pos) == lemmatizer.rule_lemmatize(token)[0], (word, pos)


def test_fast_path_agrees_with_the_full_pipeline_and_skips_the_model_where_it_can():
    tagger = Tagger()
    fast = tagger.tag_many(TEXTS)
    assert fast == [tagger.tag_naive(text) for text in TEXTS]
    assert tagger.modelled < len(set(TEXTS)) / 2  # most short answers need no model


@pytest.mark.parametrize("word", ["des", "est", "travaux"])
def test_a_word_whose_part_of_speech_can_matter_keeps_several_lemmas(word):
    assert len(Tagger().shortcut.options(word)) > 1


def test_the_cache_hit_rate_is_counted():
    tagger = Tagger()
    tagger.tag_many(["propreté", "bus", "propreté"])
    tagger.tag_many(["bus"])
    assert (tagger.hits, tagger.lookups) == (2, 4)
