"""Paper questionnaires: keyed entry by serial number, second keying, printable sheets."""

from __future__ import annotations

from sqlalchemy import func, select

from consult.models import AuditEvent, Response, User
from tests.factories import current_version_id

SLUG = "concertation-citoyenne"


def version_id(session, slug: str = "adultes") -> int:
    found = current_version_id(session, SLUG, slug)
    session.commit()  # SQLite transactions take the write lock: end ours before the app writes
    return found


def sheet(serial: str, **answers) -> dict:
    return {"serial": serial, "priorites": "Plus de poubelles", "age": "40_59"} | answers


def test_a_collector_keys_in_a_sheet_with_its_serial_and_their_name(client, auth, session):
    auth.login("benevole@example.org", "collector")
    vid = version_id(session)
    response = client.post(f"/saisie-papier/{vid}/voltaire", data=sheet(" 0042 "))
    assert response.status_code == 302
    assert "serial=43" in response.headers["Location"]
    stored = session.scalar(select(Response))
    collector = session.scalar(select(User).filter_by(email="benevole@example.org"))
    assert (stored.channel, stored.serial, stored.collected_by_id) == ("papier", "42", collector.id)
    assert stored.age_band == "40_59"
    assert {a.question_key: a.value for a in stored.answers}["priorites"] == "Plus de poubelles"
    event = session.scalar(select(AuditEvent).filter_by(action="key_in"))
    assert event.user_id == collector.id and event.details["serial"] == "42"
    session.commit()
    next_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="43"' in next_page and "Questionnaire n° 42 enregistré" in next_page


def test_a_serial_keyed_in_twice_is_refused_with_a_clear_message(client, auth, session):
    auth.login("benevole@example.org", "collector")
    vid = version_id(session)
    client.post(f"/saisie-papier/{vid}/voltaire", data=sheet("7"))
    again = client.post(f"/saisie-papier/{vid}/concorde", data=sheet("007", priorites="Autre"))
    assert again.status_code == 409
    assert "le questionnaire papier n° 7 a déjà été saisi" in again.get_data(as_text=True)
    assert session.scalar(select(func.count(Response.id))) == 1


def test_a_serial_is_unique_across_the_questionnaires_of_a_consultation(client, auth, session):
    auth.login()
    client.post(f"/saisie-papier/{version_id(session)}/voltaire", data=sheet("8"))
    youth = client.post(
        f"/saisie-papier/{version_id(session, 'jeunes')}/voltaire",
        data=sheet("8", age="15_17"),
    )
    assert youth.status_code == 409
    assert session.scalar(select(func.count(Response.id))) == 1


def test_invalid_answers_and_a_missing_serial_are_shown_and_nothing_is_stored(
    client, auth, session
):
    auth.login("benevole@example.org", "collector")
    vid = version_id(session)
    response = client.post(f"/saisie-papier/{vid}/voltaire", data=sheet("", age="999"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Saisissez le numéro imprimé sur la feuille" in html
    bad_answer = client.post(f"/saisie-papier/{vid}/voltaire", data=sheet("3", age="999"))
    assert "Ce choix ne fait pas partie des réponses proposées." in bad_answer.get_data(
        as_text=True
    )
    assert session.scalar(select(func.count(Response.id))) == 0


def test_a_second_keying_lists_disagreements_and_adds_no_respondent(client, auth, session):
    auth.login("benevole@example.org", "collector")
    vid = version_id(session)
    client.post(f"/saisie-papier/{vid}/voltaire", data=sheet("12", genre="femme"))
    auth.logout()
    session.commit()
    auth.login("controle@example.org", "staff")
    result = client.post(
        f"/saisie-papier/{vid}/voltaire/seconde-saisie",
        data=sheet("12", genre="homme", priorites="plus de  POUBELLES"),
    )
    html = result.get_data(as_text=True)
    assert result.status_code == 200
    assert "Les deux saisies ne concordent pas" in html
    assert "Examiner les écarts" in html  # staff go on to the review screen
    assert session.scalar(select(func.count(Response.id))) == 1
    event = session.scalar(select(AuditEvent).filter_by(action="second_keying"))
    assert event.details["disagreements"] == [{"key": "genre", "first": "femme", "second": "homme"}]
    assert event.details["same_person"] is False
    session.commit()
    consultation_id = session.scalar(select(Response.consultation_id))
    session.commit()
    checks = client.get(f"/saisie-papier/verifications/{consultation_id}").get_data(as_text=True)
    assert "1 seconde saisie, 1 avec des écarts" in checks


def test_a_second_keying_of_an_unknown_sheet_is_refused(client, auth, session):
    auth.login()
    vid = version_id(session)
    response = client.post(f"/saisie-papier/{vid}/voltaire/seconde-saisie", data=sheet("99"))
    assert response.status_code == 404
    assert "aucun questionnaire papier n° 99" in response.get_data(as_text=True)
    assert session.scalar(select(AuditEvent).filter_by(action="second_keying")) is None


def test_printable_sheets_carry_one_serial_each(client, auth, session):
    auth.login("benevole@example.org", "collector")
    vid = version_id(session)
    page = client.get(f"/saisie-papier/imprimer/{vid}?sheets=3&first=120&quartier=voltaire")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.count('class="sheet"') == 3
    for serial in ("120", "121", "122"):
        assert f"N° <strong>{serial}</strong>" in html
    assert "css/print.css" in html
    # The sector question is asked only in Gouraincourt-Remparts.
    assert "Dans quel secteur" not in html
    form = client.get(f"/saisie-papier/imprimer/{vid}")
    assert "Nombre de feuilles" in form.get_data(as_text=True)
    too_many = client.get(f"/saisie-papier/imprimer/{vid}?sheets=900&first=1")
    assert "Entre 1 et 500 feuilles" in too_many.get_data(as_text=True)


def test_a_collector_of_one_quartier_cannot_key_in_another(client, auth, session):
    auth.create("voltaire@example.org", "collector", "voltaire")
    login = {"email": "voltaire@example.org", "password": "correct horse battery"}
    client.post("/connexion", data=login)
    vid = version_id(session)
    assert client.get(f"/saisie-papier/{vid}/concorde").status_code == 403
    assert client.get(f"/saisie-papier/{vid}/voltaire").status_code == 200
