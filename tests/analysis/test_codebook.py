from __future__ import annotations

import textwrap

import pytest

from analysis.codebook import CodebookError, default_codebook, parse_codebook

DESIGN_THEME_IDS = (
    "emploi",
    "commerces",
    "securite",
    "proprete",
    "amenagement",
    "mobilite",
    "environnement",
    "habitat",
    "sante",
    "lien_social",
    "citoyennete",
    "education",
    "parentalite",
    "jeunesse",
    "sport_culture",
    "services_publics",
    "solidarite",
)

VALID = """
slug: essai
version: "1"
themes:
  - id: proprete
    label: Propreté
    axis: II
    definition: Déchets.
    terms: [poubelle, dépôt sauvage]
"""


def test_default_codebook_has_the_17_design_themes_with_rich_term_lists():
    codebook = default_codebook()
    assert codebook.theme_ids == DESIGN_THEME_IDS
    for theme in codebook.themes:
        assert theme.label and theme.axis and theme.definition
        assert len(theme.terms) >= 40, theme.id


def test_default_codebook_knows_the_words_residents_use():
    terms = {term for theme in default_codebook().themes for term in theme.terms}
    expected = {
        "rodéo urbain",
        "aire de jeux",
        "dépôt sauvage",
        "centre social",
        "deal",
        "soutien scolaire",
        "city stade",
        "la dalle",
        "bailleur",
        "encombrant",
    }
    assert set(expected) <= terms


def test_a_valid_file_gives_its_themes_and_a_stable_hash():
    first, second = parse_codebook(VALID), parse_codebook(VALID + "\n# commentaire\n")
    assert first.theme_ids == ("proprete",)
    assert first.content_hash == second.content_hash
    assert first.content_hash != parse_codebook(VALID.replace('"1"', '"2"')).content_hash


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("    terms: [poubelle, dépôt sauvage]\n", "    terms: []\n"),
            "themes[0].terms : au moins 1 élément(s) attendu(s)",
        ),
        (("  - id: proprete", "  - id: Propreté"), "themes[0].id : « Propreté » n'a pas la forme"),
        (("    axis: II\n", ""), "themes[0] : champ obligatoire manquant : « axis »"),
        (("slug: essai", "slug: essai\ncouleur: bleu"), "racine : champ inconnu : « couleur »"),
        (('version: "1"', "version: [1]"), "version : type attendu : texte"),
    ],
)
def test_an_invalid_codebook_is_rejected_with_place_and_reason(change, message):
    with pytest.raises(CodebookError) as error:
        parse_codebook(VALID.replace(*change), "mon_codebook.yaml")
    assert f"mon_codebook.yaml : {message}" in str(error.value)


def test_duplicate_theme_ids_and_bad_yaml_are_rejected():
    twice = VALID + textwrap.indent(VALID.split("themes:\n")[1], "")
    with pytest.raises(CodebookError, match=r"themes\[1\].id : identifiant « proprete » en double"):
        parse_codebook(twice)
    with pytest.raises(CodebookError, match="ligne 4 : YAML invalide"):
        parse_codebook("slug: a\nversion: '1'\nthemes: [\n  - : :")
