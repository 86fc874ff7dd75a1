"""Input built to crash the pages answers 4xx with a French message and stores nothing."""

from __future__ import annotations

import html
import io

import pytest
from sqlalchemy import func, select

from consult.models import Answer, AuditEvent, Response, ThemeTag
from consult.services.imports import UnreadableFile, import_table, read_table
from consult.services.paper import normalise_serial
from consult.services.submissions import SubmissionRejected
from tests.factories import current_version_id, load_test_consultation, new_uuid
from tests.staff_data import fresh_cache, voltaire_data  # noqa: F401

ESSAI = "/c/essai/voltaire/essai"
CODING = "/equipe/c/concertation-citoyenne/classement"


def count(session, model) -> int:
    session.expire_all()
    found = session.scalar(select(func.count()).select_from(model))
    session.rollback()
    return found


@pytest.fixture
def essai(session, tmp_path):
    return load_test_consultation(session, tmp_path)


def post_essai(client, **fields):
    data = {"client_uuid": new_uuid(), "atouts": "Le marché"} | fields
    return client.post(ESSAI, data=data)


@pytest.mark.parametrize("opened_at", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"])
def test_an_opened_at_past_the_calendar_is_a_400_page(client, session, essai, opened_at):
    response = post_essai(client, opened_at=opened_at)
    assert response.status_code == 400
    assert "Requête invalide" in response.get_data(as_text=True)
    assert count(session, Response) == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"atouts": "Le marché\x00"}, "atouts"),
        ({"surnom": "Le \x01Val"}, "surnom"),
        ({"note": "²"}, "note"),
    ],
)
def test_control_characters_and_odd_digits_get_a_french_message(
    client, session, essai, fields, field
):
    response = post_essai(client, **fields)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert f'id="{field}-erreur"' in page
    assert count(session, Response) == 0 and count(session, Answer) == 0


@pytest.mark.parametrize("answer_id", ["9" * 30, "²", "-1", "1e3"])
def test_the_coding_screen_refuses_an_answer_id_no_database_can_hold(
    client, auth, session, answer_id
):
    voltaire_data(session)
    auth.login()
    response = client.post(
        CODING, data={"answer_id": answer_id, "theme": "mobilite", "action": "add"}
    )
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "Décision incomplète" in html.unescape(page)
    assert count(session, ThemeTag) == 22  # the tags voltaire_data stored, no more
    coding_events = select(func.count()).where(AuditEvent.action.like("theme.%"))
    assert session.scalar(coding_events) == 0


def test_a_paper_serial_written_with_a_superscript_digit_is_refused():
    with pytest.raises(SubmissionRejected, match="numéro imprimé"):
        normalise_serial("²")


def test_a_csv_in_no_known_encoding_is_refused_with_a_french_message():
    with pytest.raises(UnreadableFile, match="Encodage du fichier non reconnu"):
        read_table("a.csv", b"atouts\n\x81\x8d\n")


def test_a_csv_cell_over_the_csv_module_limit_is_refused():
    with pytest.raises(UnreadableFile, match="mal formé"):
        read_table("a.csv", b"atouts;quartier\n" + b"x" * 200_000 + b";voltaire\n")


def test_the_upload_page_answers_422_in_french_for_such_files(client, auth, session, app, tmp_path):
    app.config["IMPORT_UPLOAD_DIR"] = str(tmp_path)
    auth.login()
    vid = current_version_id(session, "concertation-citoyenne", "adultes")
    session.rollback()
    for data in (b"atouts\n\x81\x8d\n", b"atouts\n" + b"x" * 200_000 + b"\n"):
        response = client.post(
            "/equipe/imports/",
            data={"file": (io.BytesIO(data), "export.csv"), "version_id": str(vid)},
            content_type="multipart/form-data",
        )
        assert response.status_code == 422
        assert "Le fichier" in html.unescape(response.get_data(as_text=True))
    assert list(tmp_path.iterdir()) == []


def test_an_imported_row_with_a_control_character_or_an_impossible_date_is_rejected_alone(
    session,
):
    vid = current_version_id(session, "concertation-citoyenne", "adultes")
    session.rollback()
    table = read_table(
        "a.csv",
        "ID;Quartier;atouts;Date\n"
        "1;Voltaire;Le parc\x00;\n"
        "2;Voltaire;Le parc;9999-12-31T23:59:59-14:00\n"
        "3;Voltaire;Le marché;2025-09-01\n".encode(),
    )
    mapping = {"ID": "id", "Quartier": "quartier", "atouts": "atouts", "Date": "date"}
    with session.begin():
        report = import_table(session, vid, table, mapping)
    assert [row.status for row in report.rows] == ["rejected", "rejected", "created"]
    assert "caractère invisible" in report.rows[0].message
    assert "date illisible" in report.rows[1].message
    assert count(session, Response) == 1
