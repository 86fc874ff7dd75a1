"""Respondent pages: answering stores one response; every bad input stores nothing."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from consult.models import Answer, Response
from tests.factories import load_test_consultation, new_uuid

FORM = "/c/concertation-citoyenne/{quartier}/{questionnaire}"


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def hidden(page: bytes, name: str) -> str:
    return (
        re.search(rf'name="{name}" type="hidden" value="([^"]*)"'.encode(), page).group(1).decode()
    )


def test_home_lists_the_open_consultation_and_its_four_quartiers(client):
    page = client.get("/").get_data(as_text=True)
    assert "Concertation citoyenne" in page
    for name in ("Concorde", "Gouraincourt-Remparts", "Voltaire", "Val Saint-Martin"):
        assert name in page


def test_a_quartier_page_lists_both_questionnaires(client):
    page = client.get("/c/concertation-citoyenne/voltaire/").get_data(as_text=True)
    assert "/c/concertation-citoyenne/voltaire/adultes" in page
    assert "/c/concertation-citoyenne/voltaire/jeunes" in page


def test_the_form_shows_the_notice_before_the_questions_with_a_fresh_uuid(client):
    first = client.get(FORM.format(quartier="voltaire", questionnaire="adultes"))
    second = client.get(FORM.format(quartier="voltaire", questionnaire="adultes"))
    page = first.get_data(as_text=True)
    assert page.index("anonyme") < page.index("atouts de votre quartier")
    assert "2030" in page
    assert hidden(first.data, "client_uuid") != hidden(second.data, "client_uuid")
    assert first.headers["Cache-Control"] == "no-store"


def test_the_youth_notice_speaks_to_young_people(client):
    page = client.get(FORM.format(quartier="voltaire", questionnaire="jeunes")).get_data(True)
    assert "Ça prend 3 minutes" in page
    assert "Tu as quel âge" in page


def test_the_sector_question_is_asked_only_in_gouraincourt_remparts(client):
    assert (
        b'name="secteur"'
        in client.get(FORM.format(quartier="gouraincourt_remparts", questionnaire="adultes")).data
    )
    assert (
        b'name="secteur"'
        not in client.get(FORM.format(quartier="voltaire", questionnaire="adultes")).data
    )


def test_answering_stores_one_response_with_quartier_version_channel_and_answers(client, session):
    url = FORM.format(quartier="gouraincourt_remparts", questionnaire="adultes")
    page = client.get(url).data
    response = client.post(
        url,
        data={
            "client_uuid": hidden(page, "client_uuid"),
            "opened_at": hidden(page, "opened_at"),
            "lang": "fr",
            "atouts": "Le parc et le centre social",
            "priorites": "Plus de poubelles",
            "secteur": "remparts",
            "age": "40_59",
            "genre": "femme",
            "anciennete": "plus_10_ans",
        },
    )
    assert response.status_code == 302 and response.location.startswith("/merci")
    stored = session.scalars(select(Response)).one()
    assert (stored.quartier_id, stored.channel, stored.sector_id) == (
        "gouraincourt_remparts",
        "web",
        "remparts",
    )
    assert stored.version.questionnaire.slug == "adultes" and stored.version.number == 1
    assert (stored.age_band, stored.gender, stored.public, stored.residence) == (
        "40_59",
        "femme",
        "adulte",
        "plus_10_ans",
    )
    assert stored.started_at is not None and stored.received_at >= stored.started_at
    assert {a.question_key: a.value for a in stored.answers} == {
        "atouts": "Le parc et le centre social",
        "priorites": "Plus de poubelles",
        "secteur": "remparts",
        "age": "40_59",
        "genre": "femme",
        "anciennete": "plus_10_ans",
    }
    assert {a.question_key: a.role for a in stored.answers}["atouts"] == "atouts"


def test_the_thank_you_page_never_shows_the_answers(client):
    url = FORM.format(quartier="voltaire", questionnaire="jeunes")
    page = client.get(url).data
    data = {"client_uuid": hidden(page, "client_uuid"), "atouts": "Le city stade unique"}
    thanks = client.post(url, data=data, follow_redirects=True).get_data(as_text=True)
    assert "Merci" in thanks and "city stade unique" not in thanks


def test_posting_the_same_form_twice_stores_it_once(client, session):
    url = FORM.format(quartier="voltaire", questionnaire="adultes")
    data = {"client_uuid": new_uuid(), "atouts": "Calme"}
    assert client.post(url, data=data).status_code == 302
    assert client.post(url, data=data).status_code == 302
    assert count(session, Response) == 1


def test_a_young_respondent_without_age_counts_as_jeune(client, session):
    url = FORM.format(quartier="concorde", questionnaire="jeunes")
    client.post(url, data={"client_uuid": new_uuid(), "priorites": "un city stade"})
    assert session.scalars(select(Response.public)).one() == "jeune"


ESSAI = "/c/essai/voltaire/essai"


@pytest.fixture
def essai(session, tmp_path):
    return load_test_consultation(session, tmp_path)


def post_essai(client, **answers):
    return client.post(ESSAI, data={"client_uuid": new_uuid(), "atouts": "Le marché", **answers})


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"atouts": ""}, "atouts", "Cette question est obligatoire."),
        ({"atouts": "x" * 51}, "atouts", "la limite est de 50 caractères"),
        ({"transport": "velo"}, "transport", "ne fait pas partie des réponses proposées"),
        ({"transport": "bus"}, "ligne", "Cette question est obligatoire."),
        ({"loisirs": ["sport", "lecture", "musique"]}, "loisirs", "au plus 2 réponses"),
        ({"loisirs": ["peinture"]}, "loisirs", "ne fait pas partie des réponses proposées"),
        ({"note": "9"}, "note", "entre 1 et 5"),
        ({"ordre-a": "1", "ordre-b": "1"}, "ordre", "qu'une fois"),
    ],
)
def test_bad_input_shows_a_french_message_on_the_field_and_stores_nothing(
    client, session, essai, answers, field, message
):
    response = post_essai(client, **answers)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert f'id="{field}-erreur"' in page and message in page
    assert 'class="error-summary"' in page
    assert count(session, Response) == 0 and count(session, Answer) == 0


def test_every_question_type_is_stored_with_its_value(client, session, essai):
    response = post_essai(
        client,
        surnom="  Le  Val  ",
        transport="bus",
        ligne="Ligne 2",
        loisirs=["musique", "sport"],
        note="4",
        **{"ordre-c": "1", "ordre-a": "2"},
    )
    assert response.status_code == 302
    values = {a.question_key: a.value for a in session.scalars(select(Answer))}
    assert values == {
        "atouts": "Le marché",
        "surnom": "Le Val",
        "transport": "bus",
        "ligne": "Ligne 2",
        "loisirs": ["sport", "musique"],
        "note": 4,
        "ordre": ["c", "a"],
    }


def test_an_answer_to_a_hidden_question_is_dropped(client, session, essai):
    assert post_essai(client, transport="pied", ligne="Ligne 2").status_code == 302
    assert "ligne" not in {a.question_key for a in session.scalars(select(Answer))}


def test_a_bad_client_uuid_is_refused(client, session, essai):
    response = client.post(ESSAI, data={"client_uuid": "not-a-uuid", "atouts": "Le marché"})
    assert response.status_code == 400 and count(session, Response) == 0


@pytest.mark.parametrize(
    "url",
    [
        "/c/concertation-citoyenne/nulle-part/adultes",
        "/c/concertation-citoyenne/voltaire/seniors",
        "/c/inconnue/voltaire/adultes",
        "/c/concertation-citoyenne/nulle-part/",
    ],
)
def test_unknown_quartier_questionnaire_or_consultation_is_a_404(client, session, url):
    assert client.get(url).status_code == 404
    assert client.post(url, data={"client_uuid": new_uuid(), "atouts": "x"}).status_code in (
        404,
        405,
    )
    assert count(session, Response) == 0


def test_a_closed_consultation_says_so_and_stores_nothing(client, session, tmp_path):
    load_test_consultation(session, tmp_path, status="closed")
    page = client.get(ESSAI)
    assert page.status_code == 410 and "terminée" in page.get_data(as_text=True)
    assert post_essai(client).status_code == 410
    assert count(session, Response) == 0


def test_the_form_is_offered_in_other_languages(client):
    page = client.get(FORM.format(quartier="voltaire", questionnaire="adultes") + "?lang=ar")
    text = page.get_data(as_text=True)
    assert 'dir="rtl"' in text and 'lang="ar"' in text and "ما هي نقاط القوة" in text


def test_csrf_protection_refuses_a_post_without_token(app, session):
    app.config["WTF_CSRF_ENABLED"] = True
    response = app.test_client().post(
        FORM.format(quartier="voltaire", questionnaire="adultes"),
        data={"client_uuid": new_uuid(), "atouts": "Calme"},
    )
    assert response.status_code == 400 and count(session, Response) == 0


def test_an_answer_is_tagged_with_themes_soon_after_it_arrives(app, client, session):
    from consult.models import ThemeTag
    from consult.tagging_on_arrival import _executor

    app.config["TAG_ON_ARRIVAL"] = True
    url = FORM.format(quartier="voltaire", questionnaire="adultes")
    data = {"client_uuid": new_uuid(), "priorites": "Trop de poubelles et d'encombrants"}
    assert client.post(url, data=data).status_code == 302
    _executor.submit(lambda: None).result(timeout=120)  # the tagging job queued before it is done
    session.expire_all()
    assert "proprete" in session.scalars(select(ThemeTag.theme)).all()
