"""Admin pages: tablets, outbox file import, « à vérifier » list — admins only."""

from __future__ import annotations

import io
import json
import re

import pytest
from sqlalchemy import select

from consult.models import AuditEvent, Device, Response, SubmissionConflict, User
from consult.services.devices import hash_token
from tests.web.api.helpers_api import counts, make_payload, post_json

PAGES = ["/admin/tablettes", "/admin/import", "/admin/a-verifier"]


def outbox_file(items, device=None) -> dict:
    return {
        "format": "consult-outbox",
        "format_version": 1,
        "exported_at": "2025-09-01T18:00:00Z",
        "device": device,
        "items": [{"state": "pending", "submission": item} for item in items],
    }


def upload(client, document, name="reponses.json"):
    raw = document if isinstance(document, bytes) else json.dumps(document).encode()
    return client.post(
        "/admin/import", data={"file": (io.BytesIO(raw), name)}, content_type="multipart/form-data"
    )


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/connexion" in response.headers["Location"]


@pytest.mark.parametrize("role", ["staff", "collector"])
def test_other_roles_get_403(client, auth, role):
    auth.login(f"{role}@example.org", role)
    for url in PAGES:
        assert client.get(url).status_code == 403
    assert (
        client.post("/admin/tablettes", data={"name": "x", "quartiers": "voltaire"}).status_code
        == 403
    )


def test_an_admin_enrols_a_tablet_and_sees_its_token_once(client, auth, session):
    auth.login("admin@example.org", "admin")
    response = client.post(
        "/admin/tablettes",
        data={
            "name": "Tablette Concorde",
            "quartiers": ["concorde", "voltaire"],
            "questionnaire": "jeunes",
        },
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    token = re.search(r'<code id="device-token">([^<]+)</code>', page).group(1)
    assert f"/tablette#jeton={token}" in page
    device = session.scalar(select(Device))
    assert device.token_hash == hash_token(token)
    assert device.created_by_id is not None and device.questionnaire_slug == "jeunes"
    session.rollback()
    listing = client.get("/admin/tablettes").get_data(as_text=True)
    assert "Tablette Concorde" in listing and token not in listing


def test_the_enrolment_form_shows_errors_and_stores_nothing(client, auth, session):
    auth.login("admin@example.org", "admin")
    response = client.post("/admin/tablettes", data={"name": "", "quartiers": []})
    assert response.status_code == 422
    assert "Donnez un nom" in response.get_data(as_text=True)
    assert session.scalar(select(Device)) is None


def test_an_admin_revokes_a_tablet(client, auth, session):
    auth.login("admin@example.org", "admin")
    page = client.post("/admin/tablettes", data={"name": "T1", "quartiers": ["voltaire"]})
    token = re.search(r'<code id="device-token">([^<]+)</code>', page.get_data(as_text=True)).group(
        1
    )
    device_id = session.scalar(select(Device.id))
    session.rollback()
    response = client.post(f"/admin/tablettes/{device_id}/revoquer", follow_redirects=True)
    assert "révoquée" in response.get_data(as_text=True)
    assert (
        post_json(client, "/api/v1/submissions", make_payload(session), token=token).status_code
        == 401
    )
    revoked = session.scalar(select(AuditEvent).filter_by(action="revoke"))
    admin_id = session.scalar(select(User.id).filter_by(email="admin@example.org"))
    assert revoked.user_id == admin_id


def test_importing_an_outbox_file_follows_the_api_rules(client, auth, session):
    already_sent = make_payload(session)
    post_json(client, "/api/v1/submissions", already_sent)
    new = [make_payload(session, atouts=f"hors ligne {n}") for n in range(3)]
    conflicting = already_sent | {"answers": {"atouts": "modifiée"}}
    invalid = make_payload(session, age="centenaire")
    document = outbox_file([already_sent, *new, conflicting, invalid])
    auth.login("admin@example.org", "admin")
    response = upload(client, document)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "3 nouvelle(s)" in page and "1 déjà reçue(s)" in page
    assert "1 en conflit" in page and "1 refusée(s)" in page and "answers.age" in page
    assert counts(session) == (4, 5, 1)
    # Importing the same file again adds nothing.
    upload(client, document)
    assert counts(session) == (4, 5, 1)


def test_an_import_from_an_enrolled_tablet_keeps_channel_and_device(client, auth, session):
    auth.login("admin@example.org", "admin")
    client.post("/admin/tablettes", data={"name": "T1", "quartiers": ["voltaire"]})
    device = session.scalar(select(Device))
    described = {"id": device.id, "name": device.name}
    session.rollback()
    upload(client, outbox_file([make_payload(session)], described))
    stored = session.scalar(select(Response))
    assert stored.channel == "tablette" and stored.device_id == described["id"]


@pytest.mark.parametrize(
    "content",
    [
        b"pas du json",
        json.dumps({"format": "autre", "items": []}).encode(),
        json.dumps({"format": "consult-outbox"}).encode(),
    ],
)
def test_a_file_that_is_not_an_outbox_is_refused_in_french(client, auth, session, content):
    auth.login("admin@example.org", "admin")
    response = upload(client, content)
    assert response.status_code == 422
    assert "fichier" in response.get_data(as_text=True).lower()
    assert counts(session) == (0, 0, 0)


def test_conflicts_are_listed_side_by_side_and_can_be_marked_checked(client, auth, session):
    payload = make_payload(session, atouts="première version")
    post_json(client, "/api/v1/submissions", payload)
    post_json(client, "/api/v1/submissions", payload | {"answers": {"atouts": "seconde version"}})
    auth.login("admin@example.org", "admin")
    page = client.get("/admin/a-verifier").get_data(as_text=True)
    assert payload["client_uuid"] in page
    assert "première version" in page and "seconde version" in page
    conflict_id = session.scalar(select(SubmissionConflict.id))
    session.rollback()
    client.post(f"/admin/a-verifier/{conflict_id}/verifie")
    assert "Rien à vérifier" in client.get("/admin/a-verifier").get_data(as_text=True)
    assert counts(session) == (1, 1, 1)


def test_marking_an_unknown_conflict_is_a_404_and_changes_nothing(client, auth, session):
    auth.login("admin@example.org", "admin")
    assert client.post("/admin/a-verifier/999999/verifie").status_code == 404
    assert session.scalar(select(AuditEvent).filter_by(action="resolve")) is None
