"""The files in questionnaires/ are valid, and broken files are rejected with place and reason."""

from __future__ import annotations

import textwrap

import pytest

from consult.cli import cli
from consult.questionnaire.validation import check_paths, read_yaml, validate_document
from tests.factories import EVERY_TYPE

ATOUTS = "Quels sont les atouts de votre quartier ?"
PRIORITES = "Quelles sont les priorités à améliorer sur votre quartier ?"


def test_every_file_in_questionnaires_is_valid(questionnaires_dir):
    assert check_paths([questionnaires_dir]) == []


@pytest.mark.parametrize(
    ("slug", "atouts", "priorites"),
    [
        ("adultes", ATOUTS, PRIORITES),
        # Young people are spoken to with « tu » everywhere.
        (
            "jeunes",
            "Quels sont les atouts de ton quartier ?",
            "Quelles sont les priorités à améliorer dans ton quartier ?",
        ),
    ],
)
def test_both_questionnaires_ask_the_two_questions_with_their_roles(
    questionnaires_dir, slug, atouts, priorites
):
    document, _ = read_yaml(questionnaires_dir / "concertation-citoyenne" / f"{slug}.yaml")
    by_role = {q.get("role"): q for q in document["questions"]}
    assert by_role["atouts"]["label"]["fr"] == atouts
    assert by_role["priorites"]["label"]["fr"] == priorites
    assert by_role["atouts"]["type"] == by_role["priorites"]["type"] == "long_text"
    assert {"age_band", "gender", "residence", "sector"} <= set(by_role)
    assert by_role["sector"]["show_if"] == {"quartier": ["gouraincourt_remparts"]}


def test_the_territory_file_holds_the_four_quartiers_with_their_2018_figures(questionnaires_dir):
    document, _ = read_yaml(questionnaires_dir / "territories" / "grand-longwy.yaml")
    quartiers = {q["id"]: q for c in document["communes"] for q in c["quartiers"]}
    assert {k: (v["population"], v["median_income"]) for k, v in quartiers.items()} == {
        "concorde": (1344, 14290),
        "gouraincourt_remparts": (1404, 13290),
        "voltaire": (1348, 13280),
        "val_saint_martin": (3203, 13070),
    }
    assert [s["id"] for s in quartiers["gouraincourt_remparts"]["sectors"]] == [
        "gouraincourt",
        "remparts",
    ]


BROKEN = [
    ("type: long_text", "type: texte", "questions[0].type", "« texte » n'est pas une valeur"),
    ("key: atouts", "key: Atouts Quartier", "questions[0].key", "n'a pas la forme attendue"),
    ('    label: {fr: "Quels sont', '    label: {en: "Quels sont', "questions[0].label", "« fr »"),
    ("role: atouts", "role: atouts\n    colour: red", "questions[0]", "champ inconnu"),
    ("max: 5", "max: 50", "questions[5].max", "0 ≤ min < max ≤ 10"),
    ("equals: bus", "equals: velo", "questions[3].show_if", "choix inconnus"),
    ("key: surnom", "key: atouts", "questions[1].key", "déjà utilisée"),
    ("max_choices: 2", "max_choices: 9", "questions[4].max_choices", "dépasse"),
]


@pytest.mark.parametrize(("before", "after", "place", "reason"), BROKEN)
def test_a_broken_questionnaire_is_rejected_with_its_place_and_reason(
    tmp_path, before, after, place, reason
):
    text = textwrap.dedent(EVERY_TYPE)
    assert before in text
    path = tmp_path / "broken.yaml"
    path.write_text(text.replace(before, after, 1), encoding="utf-8")
    document, errors = read_yaml(path)
    errors = errors or validate_document(document, str(path))
    assert any(e.place == place and reason in e.reason for e in errors), errors
    assert all(e.path == str(path) for e in errors)


def test_yaml_syntax_errors_give_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("kind: questionnaire\nslug: [oops\n", encoding="utf-8")
    _, errors = read_yaml(path)
    assert errors and errors[0].place.startswith("ligne ")


def test_a_control_character_gives_its_line_not_a_crash(tmp_path):
    path = tmp_path / "bell.yaml"
    path.write_text("kind: questionnaire\ntitle: a\x07b\n", encoding="utf-8")
    document, errors = read_yaml(path)
    assert document is None
    assert [(e.place, e.reason) for e in errors] == [
        ("ligne 2", "YAML invalide (caractère invisible ou de contrôle non accepté)")
    ]


def test_check_command_exits_0_when_all_files_are_valid(questionnaires_dir):
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["questionnaires", "check", str(questionnaires_dir)])
    assert result.exit_code == 0, result.output
    assert "valides" in result.output


def test_check_command_exits_1_and_names_file_place_and_reason(tmp_path):
    from click.testing import CliRunner

    good = tmp_path / "good.yaml"
    good.write_text(textwrap.dedent(EVERY_TYPE), encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(textwrap.dedent(EVERY_TYPE).replace("type: scale", "type: slider"))
    result = CliRunner().invoke(cli, ["questionnaires", "check", str(good), str(bad)])
    assert result.exit_code == 1
    assert f"{bad} : questions[5].type : « slider » n'est pas une valeur permise" in result.output


def test_check_command_reports_a_missing_file(tmp_path):
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["questionnaires", "check", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert "introuvable" in result.output
