"""Staff accounts: login, logout, roles; the first staff page counts responses."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from consult.models import AuditEvent, User
from consult.services.accounts import AccountError, authenticate, create_user
from tests.conftest import PASSWORD
from tests.factories import new_uuid


def test_passwords_are_stored_as_argon2id_hashes(session):
    with session.begin():
        user = create_user(session, "Agent@Example.org", "un mot de passe long", "staff")
    assert user.email == "agent@example.org"
    assert user.password_hash.startswith("$argon2id$")
    assert "un mot de passe long" not in user.password_hash
    assert session.scalars(select(AuditEvent.action)).all() == ["user.create"]


@pytest.mark.parametrize(
    ("email", "password", "role", "message"),
    [
        ("pas-une-adresse", "assez long mot", "staff", "adresse e-mail invalide"),
        ("a@b.fr", "court", "staff", "trop court"),
        ("a@b.fr", "assez long mot", "chef", "rôle inconnu"),
    ],
)
def test_bad_account_input_is_refused_in_french(session, email, password, role, message):
    with pytest.raises(AccountError, match=message), session.begin():
        create_user(session, email, password, role)
    assert session.scalars(select(User)).all() == []


def test_authenticate_accepts_the_right_password_only(session):
    with session.begin():
        create_user(session, "a@b.fr", PASSWORD, "staff")
    with session.begin():
        assert authenticate(session, "A@B.fr", PASSWORD) is not None
        assert authenticate(session, "a@b.fr", "wrong password") is None
        assert authenticate(session, "nobody@b.fr", PASSWORD) is None


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/equipe/")
    assert response.status_code == 302
    assert response.location.startswith("/connexion?next=")


def test_a_collector_gets_403_on_staff_pages(client, auth):
    auth.login("collecte@example.org", "collector")
    assert client.get("/equipe/").status_code == 403


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_staff_and_admin_see_the_dashboard(client, auth, role):
    assert auth.login(f"{role}@example.org", role).status_code == 302
    assert client.get("/equipe/").status_code == 200


def test_a_wrong_password_shows_a_french_message(client, auth):
    auth.create("staff@example.org", "staff")
    response = client.post("/connexion", data={"email": "staff@example.org", "password": "nope"})
    assert response.status_code == 401
    assert "Adresse e-mail ou mot de passe incorrect." in response.get_data(as_text=True)
    assert client.get("/equipe/").status_code == 302


def test_logout_ends_the_session(client, auth):
    auth.login()
    auth.logout()
    assert client.get("/equipe/").status_code == 302


def test_login_never_redirects_to_another_host(client, auth):
    auth.create("staff@example.org", "staff")
    response = client.post(
        "/connexion?next=//evil.example/",
        data={"email": "staff@example.org", "password": PASSWORD},
    )
    assert response.location == "/equipe/"


def test_the_dashboard_shows_the_overviews_suppressed_counts(client, auth):
    url = "/c/concertation-citoyenne/{}/{}"
    answers = [("voltaire", "adultes")] * 6 + [("voltaire", "jeunes")] * 5
    for quartier, slug in [*answers, ("concorde", "jeunes")]:
        client.post(url.format(quartier, slug), data={"client_uuid": new_uuid(), "atouts": "Calme"})
    auth.login()
    page = client.get("/equipe/").get_data(as_text=True)
    rows = {
        name: page.split(f'<th scope="row">{name}</th>')[1].split("</tr>")[0]
        for name in ("Voltaire", "Concorde", "Total")
    }
    cells = {
        k: [
            re.sub(r"<[^>]+>", "", c.split("</td>")[0]).replace("&lt;", "<")
            for c in v.split('<td class="num">')[1:]
        ]
        for k, v in rows.items()
    }
    # Concorde's single answer is masked; the consultation's totals would reveal it: masked too.
    assert cells["Voltaire"] == ["5", "6", "11"]  # jeunes, adultes, total
    assert cells["Concorde"] == ["masqué", "0", "masqué"]
    assert "1" not in cells["Total"] and "12" not in cells["Total"]
