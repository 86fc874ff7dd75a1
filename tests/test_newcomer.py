"""A newcomer's first minutes: a way to the staff login, a first screen saying what to do, and
the one-time administrator password of ``make run`` that works until it is used."""

from __future__ import annotations

from consult.services.accounts import authenticate, first_admin_credentials
from tests.factories import new_uuid


def test_public_pages_link_discreetly_to_the_staff_login(client, auth):
    page = client.get("/").get_data(as_text=True)
    footer = page.split('<footer class="site-footer">')[1]
    assert '<a class="staff-link" href="/connexion">Espace équipe</a>' in footer
    assert client.get("/connexion").status_code == 200
    auth.login()
    assert "Espace équipe" not in client.get("/").get_data(as_text=True)


def test_an_admin_with_no_answer_yet_is_told_what_to_do_next(client, auth):
    auth.login("admin@example.org", "admin")
    page = client.get("/equipe/").get_data(as_text=True)
    steps = page.split('id="premiers-pas"')[1].split("</section>")[0]
    for expected in (
        "Aucune réponse n'est encore arrivée",
        "consult questionnaires load",
        'href="/admin/tablettes"',
        "consult devices add",
        "consult users create",
        "make demo",
        "consult demo remove",
    ):
        assert expected in steps


def test_the_first_steps_go_once_answers_arrive_and_are_for_admins_only(client, auth):
    auth.login("agent@example.org", "staff")
    assert "Premiers pas" not in client.get("/equipe/").get_data(as_text=True)
    auth.logout()
    auth.login("admin@example.org", "admin")
    client.post(
        "/c/concertation-citoyenne/voltaire/adultes",
        data={"client_uuid": new_uuid(), "atouts": "Calme"},
    )
    assert "Premiers pas" not in client.get("/equipe/").get_data(as_text=True)


def test_the_one_time_password_is_renewed_until_the_admin_logs_in(session):
    with session.begin():
        admin, first = first_admin_credentials(session)
    with session.begin():
        again, second = first_admin_credentials(session)
    assert again.id == admin.id and first and second and first != second
    with session.begin():
        assert authenticate(session, admin.email, first) is None  # the lost one is dead
        assert authenticate(session, admin.email, second) is not None
    with session.begin():
        assert first_admin_credentials(session)[1] is None  # used: never shown again
