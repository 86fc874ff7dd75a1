"""Staff pages and downloads, and every page served to a logged-in user, are never stored."""

from __future__ import annotations

import pytest

from tests.staff_data import SLUG, fresh_cache, voltaire_data  # noqa: F401

C = f"/equipe/c/{SLUG}"
LOGGED_IN = [
    "/",
    "/equipe/",
    C + "/",
    C + "/q/voltaire",
    C + "/q/voltaire/nuage-priorites.png",
    C + "/classement",
    C + "/exports/reponses.csv",
    C + "/bilan.docx",
    "/equipe/reunions/",
    "/saisie-papier/",
    "/admin/tablettes",
    f"/c/{SLUG}/voltaire/adultes",
]


@pytest.mark.parametrize("path", LOGGED_IN)
def test_every_page_served_to_a_logged_in_user_is_no_store_and_private(client, auth, session, path):
    voltaire_data(session)
    auth.login("admin@example.org", "admin")
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Consult-Private"] == "1"


def test_staff_pages_are_no_store_even_before_login(client):
    response = client.get("/connexion")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Consult-Private"] == "1"


def test_anonymous_pages_stay_cacheable_by_the_offline_app(client, auth):
    assert "X-Consult-Private" not in client.get("/").headers
    assert "X-Consult-Private" not in client.get("/tablette").headers
    auth.login()
    assert "X-Consult-Private" not in client.get("/static/js/app.js").headers
    assert "X-Consult-Private" not in client.get("/sw.js").headers
