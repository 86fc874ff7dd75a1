from __future__ import annotations

import pytest

from analysis.codebook import parse_codebook
from analysis.tagging import Tagger


@pytest.mark.parametrize(
    ("text", "themes"),
    [
        ("plus de sécurité, les rodéos le soir", ("securite",)),
        ("manque de poubelles, encombrants partout", ("proprete",)),
        ("rien pour les jeunes", ("jeunesse",)),
        ("le centre social est top", ("lien_social",)),
        ("les bus passent pas assez", ("mobilite",)),
        ("le deal en bas de l'immeuble", ("securite", "habitat")),
        ("l'aire de jeux et le city stade", ("amenagement", "sport_culture")),
        ("le bailleur ne répare pas l'ascenseur", ("habitat",)),
        ("soutien scolaire pour les enfants", ("education",)),
        ("des médecins, on attend des mois", ("sante",)),
        ("la sécurité sociale ferme son antenne", ("services_publics",)),
    ],
)
def test_answers_get_the_themes_residents_mean(tagger, text, themes):
    assert tagger.tag(text).themes == themes


@pytest.mark.parametrize(
    "text",
    [
        "SECURITE, PROPRETE",
        "securite proprete",
        "sécurité, propreté",
        "secu et propreter",
        "sécuritéééé !!! propreté",
    ],
)
def test_no_accents_capitals_sms_and_slips_give_the_same_themes(tagger, text):
    assert tagger.tag(text).themes == ("securite", "proprete")


def test_jeunes_who_hang_about_is_tranquillity_not_youth(tagger):
    assert tagger.tag("les jeunes qui traînent le soir").themes == ("securite",)


@pytest.mark.parametrize("text", ["", "bof", "rien à dire", "je ne sais pas", "ok"])
def test_vague_answers_stay_untagged(tagger, text):
    assert tagger.tag(text).themes == ()


def test_evidence_names_the_words_that_fired(tagger):
    tags = tagger.tag("Poubelles qui débordent, encombrants et rodéos")
    assert tags.evidence == {
        "securite": ("rodéos",),
        "proprete": ("poubelles qui débordent", "encombrants"),
    }
    assert tags.evidence_text() == (
        "securite: rodéos | proprete: poubelles qui débordent, encombrants"
    )


def test_spelling_slips_are_forgiven_only_in_long_unknown_words(tagger):
    assert tagger.tag("trop de dépos sauvages").themes == ("proprete",)
    assert tagger.tag("le bos").themes == ()  # short: no guess


def test_fast_path_gives_the_same_themes_as_the_full_pipeline_one_by_one(tagger):
    sample = [
        "plus de sécurité, les rodéos le soir",
        "manque de poubelles, encombrants partout",
        "rien pour les jeunes",
        "le centre social est top",
        "les bus passent pas assez",
        "Les dealers dans les halls, les motos la nuit",
        "Le marché du dimanche et les commerces",
        "pas assez de places en crèche pour les mamans",
        "l'école et le collège sont bien",
        "Aménager la dalle, planter des arbres",
        "ya rien pr les ados a part le city",
        "On se sent en sécurité",
        "Les loyers sont trop chers et les charges augmentent",
        "Créer une maison de santé avec des médecins",
        "Du travail pour les jeunes du quartier",
        "Sécuriser les passages piétons devant l'école",
        "Favoriser la mixité sociale",
    ]
    fast = [tags for tags in tagger.tag_many(sample * 3)]
    naive = [tagger.tag_naive(text) for text in sample * 3]
    assert fast == naive


def test_the_cache_never_changes_results():
    small = Tagger(cache_size=2)
    texts = ["propreté", "sécurité", "bus", "propreté", "bof", "sécurité"]
    first = small.tag_many(texts)
    assert [t.themes for t in first] == [
        ("proprete",),
        ("securite",),
        ("mobilite",),
        ("proprete",),
        (),
        ("securite",),
    ]
    assert small.tag_many(texts) == first


def test_another_codebook_can_be_supplied():
    codebook = parse_codebook(
        "slug: velo\nversion: '1'\nthemes:\n  - id: velo\n    label: Vélo\n    axis: II\n"
        "    definition: Vélo.\n    terms: [piste cyclable, vélo]\n"
    )
    tagger = Tagger(codebook)
    assert tagger.tag("Des pistes cyclables !").themes == ("velo",)
    assert tagger.tag("les bus").themes == ()
