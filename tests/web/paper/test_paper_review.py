"""Second keying as an attack (issue 9, item 6): a collector learns only « concordent / ne
concordent pas » per sheet, once per sheet; staff see both keyings side by side and choose."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from consult.models import Answer, AuditEvent, Response
from tests.conftest import PASSWORD
from tests.web.paper.test_paper import sheet, version_id

SECOND = "/saisie-papier/{vid}/{quartier}/seconde-saisie"


def login(client, auth, email: str, role: str, quartier: str | None = None) -> None:
    client.post("/deconnexion")
    auth.create(email, role, quartier)
    client.post("/connexion", data={"email": email, "password": PASSWORD})


def keyed(client, auth, session, *sheets: tuple[str, str, dict]) -> int:
    """Sheets keyed in by a first collector: (serial, quartier, answers)."""
    login(client, auth, "premier@example.org", "collector")
    vid = version_id(session)
    for serial, quartier, answers in sheets:
        assert client.post(f"/saisie-papier/{vid}/{quartier}", data=sheet(serial, **answers))
    return vid


def main_text(response) -> str:
    """The page's own content, from its title on (flashed messages of earlier steps left out)."""
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", html[html.index("<h1") : html.index("</main>")])


def test_a_collector_learns_only_whether_a_sheet_agrees_never_which_answer_differs(
    client, auth, session
):
    vid = keyed(
        client,
        auth,
        session,
        ("21", "voltaire", {"genre": "femme"}),
        ("22", "voltaire", {"genre": "femme"}),
    )
    login(client, auth, "curieux@example.org", "collector")
    url = SECOND.format(vid=vid, quartier="voltaire")
    # Sheet 21: a wrong gender; sheet 22: a wrong priority. The answers must look the same.
    wrong_gender = client.post(url, data=sheet("21", genre="homme"))
    wrong_priority = client.post(url, data=sheet("22", genre="femme", priorites="Autre chose"))
    assert wrong_gender.status_code == wrong_priority.status_code == 200
    gender_page, priority_page = main_text(wrong_gender), main_text(wrong_priority)
    assert "ne concordent pas" in gender_page
    assert gender_page.replace("21", "22") == priority_page
    for leak in ("Genre", "genre", "femme", "homme", "poubelles", "Priorit", "écart"):
        assert leak not in gender_page
    assert "Examiner" not in gender_page  # no way to the review screen for a collector


def test_a_collector_may_check_a_sheet_only_once_so_values_cannot_be_tried(client, auth, session):
    vid = keyed(client, auth, session, ("31", "voltaire", {"genre": "femme"}))
    login(client, auth, "curieux@example.org", "collector")
    url = SECOND.format(vid=vid, quartier="voltaire")
    assert "ne concordent pas" in main_text(client.post(url, data=sheet("31", genre="homme")))
    retry = client.post(url, data=sheet("31", genre="femme"))
    assert retry.status_code == 409
    assert "déjà contrôlé la feuille n° 31" in retry.get_data(as_text=True)
    assert "concordent" not in main_text(retry)
    events = select(func.count(AuditEvent.id)).filter_by(action="second_keying")
    assert session.scalar(events) == 1


def test_a_collector_learns_nothing_of_the_quartier_of_another_serial(client, auth, session):
    vid = keyed(client, auth, session, ("41", "voltaire", {}), ("42", "concorde", {}))
    login(client, auth, "concorde@example.org", "collector", "concorde")
    url = SECOND.format(vid=vid, quartier="concorde")
    # The same answers as keyed: only the quartier differs for sheet 41, nothing for sheet 42.
    other_quartier = main_text(client.post(url, data=sheet("41")))
    own_quartier = main_text(client.post(url, data=sheet("42")))
    assert "ne concordent pas" in other_quartier and "concordent." in own_quartier
    for leak in ("Voltaire", "voltaire", "Quartier", "quartier"):
        assert leak not in other_quartier
    assert client.get(SECOND.format(vid=vid, quartier="voltaire")).status_code == 403


def test_collectors_cannot_open_the_checks_or_the_review_screen(client, auth, session):
    vid = keyed(client, auth, session, ("51", "voltaire", {"genre": "femme"}))
    login(client, auth, "curieux@example.org", "collector")
    client.post(SECOND.format(vid=vid, quartier="voltaire"), data=sheet("51", genre="homme"))
    event_id = session.scalar(select(AuditEvent.id).filter_by(action="second_keying"))
    consultation_id = session.scalar(select(Response.consultation_id))
    session.commit()
    assert client.get(f"/saisie-papier/verifications/{consultation_id}").status_code == 403
    review = f"/saisie-papier/verifications/ecarts/{event_id}"
    assert client.get(review).status_code == 403
    assert client.post(review, data={"choix-genre": "second"}).status_code == 403
    stored = session.scalar(select(Answer).filter_by(question_key="genre"))
    assert stored.value == "femme"


def test_staff_see_both_keyings_side_by_side_and_choose(client, auth, session):
    vid = keyed(client, auth, session, ("61", "voltaire", {"genre": "femme", "age": "40_59"}))
    login(client, auth, "controle@example.org", "collector")
    url = SECOND.format(vid=vid, quartier="voltaire")
    client.post(url, data=sheet("61", genre="homme", age="26_39"))
    event_id = session.scalar(select(AuditEvent.id).filter_by(action="second_keying"))
    session.commit()
    login(client, auth, "equipe@example.org", "staff")
    review = f"/saisie-papier/verifications/ecarts/{event_id}"
    page = main_text(client.get(review))
    assert "<td>femme</td><td>homme</td>" in page and "<td>40_59</td><td>26_39</td>" in page
    assert page.count('class="disagreement"') == 2
    # A missing choice is refused and changes nothing.
    missing = client.post(review, data={"choix-genre": "second"})
    assert missing.status_code == 422
    assert "Choisissez la saisie à garder" in missing.get_data(as_text=True)
    done = client.post(review, data={"choix-genre": "second", "choix-age": "first"})
    assert done.status_code == 302
    session.expire_all()
    response = session.scalar(select(Response))
    answers = {a.question_key: a.value for a in response.answers}
    assert (answers["genre"], answers["age"], response.gender, response.age_band) == (
        "homme",
        "40_59",
        "homme",
        "40_59",
    )
    resolution = session.scalar(select(AuditEvent).filter_by(action="second_keying_resolved"))
    assert resolution.details["second_kept"] == ["genre"]
    assert resolution.details["before"] == {"genre": "femme"}
    assert session.scalar(select(func.count(Response.id))) == 1
    session.commit()
    again = client.post(review, data={"choix-genre": "first", "choix-age": "first"})
    assert again.status_code == 409
    checks = client.get(f"/saisie-papier/verifications/{response.consultation_id}")
    assert "examinés" in main_text(checks)


def test_staff_can_keep_the_quartier_of_the_second_keying(client, auth, session):
    vid = keyed(client, auth, session, ("71", "voltaire", {}))
    login(client, auth, "controle@example.org", "collector")
    client.post(SECOND.format(vid=vid, quartier="concorde"), data=sheet("71"))
    event_id = session.scalar(select(AuditEvent.id).filter_by(action="second_keying"))
    session.commit()
    login(client, auth, "equipe@example.org", "staff")
    review = f"/saisie-papier/verifications/ecarts/{event_id}"
    assert client.post(review, data={"choix-quartier": "second"}).status_code == 302
    session.expire_all()
    assert session.scalar(select(Response.quartier_id)) == "concorde"
