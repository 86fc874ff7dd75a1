"""XLSForm (ODK / KoboToolbox) workbooks converted to our questionnaire files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import Workbook

from consult.cli.questionnaires import questionnaires
from consult.questionnaire.validation import validate_document
from consult.questionnaire.xlsform import XLSFormError, convert_xlsform

SURVEY_HEADER = [
    "type",
    "name",
    "label::Français (fr)",
    "label::English (en)",
    "hint::Français (fr)",
    "required",
    "relevant",
    "appearance",
    "constraint",
]
SURVEY = [
    ["start", "start", "", "", "", "", "", "", ""],
    ["begin_group", "g1", "Votre quartier", "", "", "", "", "", ""],
    [
        "text",
        "atouts",
        "Quels sont les atouts de votre quartier ?",
        "Strengths?",
        "Ce que vous aimez",
        "yes",
        "",
        "multiline",
        "",
    ],
    ["text", "surnom", "Un mot pour le quartier", "", "", "", "", "", ""],
    ["select_one transport", "transport", "Comment venez-vous ?", "How?", "", "no", "", "", ""],
    ["text", "ligne", "Quelle ligne ?", "", "", "", "${transport} = 'bus'", "", ""],
    ["select_multiple loisirs", "loisirs", "Vos loisirs", "", "", "", "", "", ""],
    [
        "text",
        "pourquoi",
        "Pourquoi ?",
        "",
        "",
        "",
        "selected(${loisirs}, 'sport') or selected(${loisirs}, 'musique')",
        "",
        "",
    ],
    ["integer", "note", "Votre note", "", "", "", "", "", ". >= 1 and . <= 5"],
    ["rank transport", "ordre", "Classez", "", "", "", "", "", ""],
    ["end_group", "", "", "", "", "", "", "", ""],
]
CHOICES_HEADER = ["list_name", "name", "label::Français (fr)", "label::English (en)"]
CHOICES = [
    ["transport", "bus", "En bus", "By bus"],
    ["transport", "pied", "À pied", "On foot"],
    ["loisirs", "sport", "Sport", ""],
    ["loisirs", "lecture", "Lecture", ""],
    ["loisirs", "musique", "Musique", ""],
]


def workbook(path: Path, survey=SURVEY, choices=CHOICES, settings=None) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(SURVEY_HEADER)
    for row in survey:
        sheet.append(row)
    sheet = book.create_sheet("choices")
    sheet.append(CHOICES_HEADER)
    for row in choices:
        sheet.append(row)
    sheet = book.create_sheet("settings")
    sheet.append(["form_title", "form_id", "default_language"])
    sheet.append(settings or ["Enquête quartier", "Enquete-Quartier", "Français (fr)"])
    book.save(path)
    return path


def test_a_kobo_form_becomes_a_valid_questionnaire(tmp_path):
    document = convert_xlsform(workbook(tmp_path / "form.xlsx"))
    assert validate_document(document, "form", "questionnaire") == []
    assert document["slug"] == "enquete_quartier"
    assert document["title"] == {"fr": "Enquête quartier"}
    questions = {q["key"]: q for q in document["questions"]}
    assert list(questions) == [
        "atouts",
        "surnom",
        "transport",
        "ligne",
        "loisirs",
        "pourquoi",
        "note",
        "ordre",
    ]
    atouts = questions["atouts"]
    assert atouts["type"] == "long_text" and atouts["required"] is True
    assert atouts["role"] == "atouts"
    assert atouts["label"] == {
        "fr": "Quels sont les atouts de votre quartier ?",
        "en": "Strengths?",
    }
    assert atouts["hint"] == {"fr": "Ce que vous aimez"}
    assert questions["surnom"]["type"] == "short_text"
    assert questions["transport"]["choices"][1] == {
        "code": "pied",
        "label": {"fr": "À pied", "en": "On foot"},
    }
    assert questions["ligne"]["show_if"] == {"question": "transport", "equals": "bus"}
    assert questions["pourquoi"]["show_if"] == {
        "question": "loisirs",
        "any_of": ["sport", "musique"],
    }
    assert questions["note"] | {} == {
        "key": "note",
        "type": "scale",
        "min": 1,
        "max": 5,
        "label": {"fr": "Votre note"},
    }
    assert questions["ordre"]["type"] == "ranking"


def test_the_command_writes_a_file_that_check_accepts(tmp_path):
    output = tmp_path / "enquete.yaml"
    runner = CliRunner()
    result = runner.invoke(
        questionnaires,
        [
            "import-xlsform",
            str(workbook(tmp_path / "f.xlsx")),
            "--output",
            str(output),
            "--audience",
            "adultes",
        ],
    )
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(output.read_text(encoding="utf-8"))["audience"] == "adultes"
    checked = runner.invoke(questionnaires, ["check", str(output)])
    assert checked.exit_code == 0, checked.output
    assert "Tous les fichiers sont valides." in checked.output


def test_what_cannot_be_expressed_is_refused_row_by_row(tmp_path):
    survey = [
        ["geopoint", "lieu", "Où êtes-vous ?", "", "", "", "", "", ""],
        ["integer", "age_exact", "Votre âge", "", "", "", "", "", ""],
        ["text", "a", "Texte", "", "", "", "${note} > 3", "", ""],
        ["begin_repeat", "enfants", "Vos enfants", "", "", "", "", "", ""],
        ["text", "Nom-Complet", "Nom", "", "", "", "", "", ""],
    ]
    with pytest.raises(XLSFormError) as refused:
        convert_xlsform(workbook(tmp_path / "bad.xlsx", survey=survey))
    problems = refused.value.problems
    assert problems == [
        "survey, ligne 2 : le type « geopoint » ne peut pas être repris dans nos questionnaires",
        "survey, ligne 3 : un « integer » n'est repris que comme échelle, "
        "avec une contrainte « . >= 1 and . <= 5 »",
        "survey, ligne 4 : condition « ${note} > 3 » non reprise (seules « ${q} = 'x' » et "
        "« selected(${q}, 'x') » reliées par « or » sur une même question le sont)",
        "survey, ligne 5 : le type « begin_repeat » ne peut pas être repris "
        "dans nos questionnaires",
        "survey, ligne 6 : nom de question « Nom-Complet » invalide (minuscules, chiffres, _)",
    ]


def test_the_command_reports_refusals_and_writes_nothing(tmp_path):
    source = workbook(tmp_path / "f.xlsx", survey=[["date", "quand", "Quand ?"] + [""] * 6])
    output = tmp_path / "out.yaml"
    result = CliRunner().invoke(
        questionnaires, ["import-xlsform", str(source), "--output", str(output)]
    )
    assert result.exit_code == 1
    assert "le type « date » ne peut pas être repris" in result.output
    assert not output.exists()


def test_a_form_without_french_labels_is_refused(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(["type", "name", "label::English (en)"])
    sheet.append(["text", "q1", "Question"])
    book.save(tmp_path / "en.xlsx")
    with pytest.raises(XLSFormError, match="libellé en français manquant"):
        convert_xlsform(tmp_path / "en.xlsx")


def test_a_workbook_without_survey_sheet_is_refused(tmp_path):
    Workbook().save(tmp_path / "empty.xlsx")
    with pytest.raises(XLSFormError, match="feuille « survey » est introuvable"):
        convert_xlsform(tmp_path / "empty.xlsx")
