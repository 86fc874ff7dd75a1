"""A staff account restricted to one quartier reads that quartier only (the attack of issue 9.5).

Each route is requested by a Voltaire-only account: 200 on Voltaire, 403 (a French page) on
Concorde; consultation-wide pages, which show every quartier, are 403 for it and 200 for an
unrestricted account.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from consult.models import Answer, Consultation, Response, ThemeTag
from consult.services.meetings import (
    ContributionData,
    MeetingData,
    add_contribution,
    create_meeting,
)
from tests.conftest import PASSWORD
from tests.factories import current_version_id
from tests.staff_data import SLUG, fresh_cache, submit, voltaire_data  # noqa: F401

C = f"/equipe/c/{SLUG}"
PER_QUARTIER = [
    C + "/q/{q}",
    C + "/q/{q}?public=adulte",
    C + "/q/{q}/nuage-priorites.png",
    C + "/classement?quartier={q}",
    "/equipe/reunions/{meeting}",
    "/equipe/reunions/{meeting}/modifier",
    "/equipe/reunions/{meeting}/contributions/{contribution}/modifier",
    "/saisie-papier/{version}/{q}",
    "/saisie-papier/{version}/{q}/seconde-saisie",
]
WHOLE_CONSULTATION = [
    C + "/",
    C + "/themes",
    C + "/exports",
    C + "/exports/reponses.csv",
    C + "/exports/reponses.xlsx",
    C + "/exports/tableaux.xlsx",
    C + "/bilan",
    C + "/bilan.docx",
    "/saisie-papier/verifications/{consultation}",
    "/equipe/imports/",
]


@pytest.fixture
def world(session) -> dict:
    """Voltaire: 11 respondents, Concorde: 7; a meeting with one contribution in each."""
    voltaire_data(session)
    with session.begin():
        for i in range(5):
            submit(session, "concorde", priorites=f"Le parking {i}", age="26_39", genre="femme")
        consultation = session.scalar(select(Consultation).filter_by(slug=SLUG))
        ids = {
            "version": current_version_id(session, SLUG, "adultes"),
            "consultation": consultation.id,
        }
        for quartier in ("voltaire", "concorde"):
            data = MeetingData(quartier, date(2023, 8, 28), "conseil_citoyen", 20)
            meeting = create_meeting(session, consultation.id, data, None)
            contribution = add_contribution(
                session, meeting, ContributionData("priorite", "Un city stade"), None
            )
            ids[quartier] = {"meeting": meeting.id, "contribution": contribution.id}
    return ids


def log_in(client, auth, quartier: str | None) -> None:
    email = f"{quartier or 'tous'}@example.org"
    auth.create(email, "staff", quartier)
    response = client.post("/connexion", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302


def url(template: str, world: dict, quartier: str) -> str:
    return template.format(q=quartier, **world, **world[quartier])


@pytest.mark.parametrize("route", PER_QUARTIER)
def test_a_scoped_account_reads_its_quartier_and_gets_403_elsewhere(client, auth, world, route):
    log_in(client, auth, "voltaire")
    assert client.get(url(route, world, "voltaire")).status_code == 200
    refused = client.get(url(route, world, "concorde"))
    assert refused.status_code == 403
    assert "Accès refusé" in refused.get_data(as_text=True)


@pytest.mark.parametrize("route", WHOLE_CONSULTATION)
def test_consultation_wide_pages_are_refused_to_a_scoped_account(client, auth, world, route):
    log_in(client, auth, "voltaire")
    assert client.get(url(route, world, "voltaire")).status_code == 403
    auth.logout()
    log_in(client, auth, None)
    assert client.get(url(route, world, "voltaire")).status_code == 200


def test_the_coding_screen_lists_only_the_answers_of_the_scope(client, auth, world, session):
    log_in(client, auth, "voltaire")
    unclassified = client.get(C + "/classement").get_data(as_text=True)
    assert "Le parking" not in unclassified  # Concorde's answers are all « à classer »
    assert 'value="concorde"' not in unclassified
    assert "rodéos en bas" in client.get(C + "/classement?theme=securite").get_data(as_text=True)


def test_a_scoped_account_cannot_code_an_answer_of_another_quartier(client, auth, world, session):
    answer_id = session.scalar(
        select(Answer.id)
        .join(Response)
        .where(Response.quartier_id == "concorde", Answer.question_key == "priorites")
    )
    log_in(client, auth, "voltaire")
    response = client.post(
        C + "/classement", data={"answer_id": str(answer_id), "theme": "mobilite", "action": "add"}
    )
    assert response.status_code == 403
    assert session.scalars(select(ThemeTag).filter_by(answer_id=answer_id)).all() == []


def test_a_scoped_account_cannot_add_to_a_meeting_of_another_quartier(client, auth, world):
    log_in(client, auth, "voltaire")
    target = f"/equipe/reunions/{world['concorde']['meeting']}/contributions"
    response = client.post(target, data={"kind": "priorite", "text": "Des bancs"})
    assert response.status_code == 403


def test_the_meeting_list_and_dashboard_show_only_the_scope(client, auth, world):
    log_in(client, auth, "voltaire")
    meetings = client.get("/equipe/reunions/").get_data(as_text=True)
    assert f"/equipe/reunions/{world['voltaire']['meeting']}" in meetings
    assert f"/equipe/reunions/{world['concorde']['meeting']}" not in meetings
    dashboard = client.get("/equipe/").get_data(as_text=True)
    assert "Voltaire" in dashboard
    assert "Concorde" not in dashboard
    assert f"{C}/q/voltaire" in dashboard
    assert f'href="{C}/"' not in dashboard
