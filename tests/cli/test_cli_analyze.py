"""``consult analyze themes`` on real files, and ``consult analyze tag`` on a real database."""

from __future__ import annotations

import csv
import uuid

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from consult.cli.analyze import analyze
from consult.models import Questionnaire, ThemeTag
from consult.services.submissions import Submission, record_submission


def run_themes(*args: str):
    return CliRunner().invoke(analyze, ["themes", *args])


def read_rows(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_themes_writes_one_row_per_input_row(tmp_path):
    source = tmp_path / "reponses.csv"
    source.write_text(
        "numero;priorite\nA1;Plus de sécurité, les rodéos le soir\nA2;bof\n"
        'A3;"poubelles; encombrants et le bus"\n',
        encoding="utf-8",
    )
    output = tmp_path / "themes.csv"
    result = run_themes(
        str(source), "--text-column", "priorite", "--id-column", "numero", "--output", str(output)
    )
    assert result.exit_code == 0, result.output
    assert read_rows(output) == [
        {
            "id": "A1",
            "themes": "securite",
            "evidence": "securite: sécurité (demande : plus de), rodéos (demande : plus de)",
        },
        {"id": "A2", "themes": "", "evidence": ""},
        {
            "id": "A3",
            "themes": "proprete;mobilite",
            "evidence": "proprete: poubelles, encombrants | mobilite: bus",
        },
    ]


def test_without_id_column_rows_are_numbered_even_blank_ones_and_a_bom_is_accepted(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("\ufefftexte\nle centre social\n\nles bus\n", encoding="utf-8")
    output = tmp_path / "out.csv"
    assert run_themes(str(source), "--text-column", "texte", "--output", str(output)).exit_code == 0
    assert [(r["id"], r["themes"]) for r in read_rows(output)] == [
        ("1", "lien_social"),
        ("2", ""),
        ("3", "mobilite"),
    ]


@pytest.mark.parametrize(
    ("content", "column", "message"),
    [
        (b"texte\nbonjour\n", "priorite", "colonne « priorite » absente"),
        ("texte\nsécurité\n".encode("latin-1"), "texte", "encodage invalide"),
        (None, "texte", "fichier illisible"),
    ],
)
def test_bad_input_is_one_line_and_exit_status_2(tmp_path, content, column, message):
    source = tmp_path / "in.csv"
    if content is not None:
        source.write_bytes(content)
    output = tmp_path / "out.csv"
    result = run_themes(str(source), "--text-column", column, "--output", str(output))
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert message in result.output
    assert not output.exists()


def test_an_invalid_codebook_is_refused(tmp_path):
    source, codebook = tmp_path / "in.csv", tmp_path / "cb.yaml"
    source.write_text("texte\nvélo\n", encoding="utf-8")
    codebook.write_text("slug: x\nversion: '1'\nthemes: []\n", encoding="utf-8")
    result = run_themes(
        str(source),
        "--text-column",
        "texte",
        "--codebook",
        str(codebook),
        "--output",
        str(tmp_path / "out.csv"),
    )
    assert result.exit_code == 2
    assert "themes : au moins 1 élément(s) attendu(s)" in result.output


def store_one_answer(session) -> None:
    """One web answer in Voltaire, not yet tagged."""
    with session.begin():
        version_id = session.scalar(
            select(Questionnaire).filter_by(slug="adultes")
        ).current_version_id
        record_submission(
            session,
            Submission(
                client_uuid=str(uuid.uuid4()),
                version_id=version_id,
                quartier_id="voltaire",
                answers={"atouts": "le parc", "priorites": "les rodéos"},
                channel="web",
            ),
        )


def test_tag_command_tags_stored_answers_once(app, session, runner):
    store_one_answer(session)
    first = runner.invoke(args=["analyze", "tag"])
    assert first.exit_code == 0, first.output
    assert "2 réponses et 0 contributions analysées" in first.output
    with session.begin():
        assert session.scalar(select(func.count()).select_from(ThemeTag)) == 2
    again = runner.invoke(args=["analyze", "tag"])
    assert "0 réponses et 0 contributions analysées" in again.output


def test_workers_write_exactly_what_one_process_writes(tmp_path):
    source = tmp_path / "reponses.csv"
    rows = [
        "Plus de sécurité, les rodéos le soir",
        "bof",
        "les classes moyennes paient trop",
        "des classes de 30 élèves",
        "Améliorer l'éclairage des rues. Plus de bus.",
    ] * 3
    source.write_text("texte\n" + "\n".join(f'"{row}"' for row in rows) + "\n", encoding="utf-8")
    outputs = []
    for workers in ("1", "2"):
        output = tmp_path / f"themes-{workers}.csv"
        result = run_themes(
            str(source), "--text-column", "texte", "--output", str(output), "--workers", workers
        )
        assert result.exit_code == 0, result.output
        outputs.append(read_rows(output))
    assert outputs[0] == outputs[1] and len(outputs[0]) == len(rows)


@pytest.mark.parametrize("workers", ["0", "abc", "²", "99"])
def test_a_bad_worker_count_is_one_french_line_and_nothing_is_written(tmp_path, workers):
    source = tmp_path / "in.csv"
    source.write_text("texte\nbus\n", encoding="utf-8")
    output = tmp_path / "out.csv"
    result = run_themes(
        str(source), "--text-column", "texte", "--output", str(output), "--workers", workers
    )
    assert result.exit_code == 2
    assert result.output == (
        f"Erreur : --workers : un nombre entier de 1 à 16 est attendu (reçu « {workers} »)\n"
    )
    assert not output.exists()


def test_tag_command_with_two_workers_stores_the_same_tags(app, session, runner):
    store_one_answer(session)
    result = runner.invoke(args=["analyze", "tag", "--workers", "2"])
    assert result.exit_code == 0, result.output
    with session.begin():
        stored = set(session.execute(select(ThemeTag.theme, ThemeTag.evidence)).all())
    assert stored == {("environnement", "parc"), ("securite", "rodéos")}
