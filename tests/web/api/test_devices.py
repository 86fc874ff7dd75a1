"""Tablets: a token shown once, submissions tagged ``tablette``, revocation answers 401."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from consult.models import AuditEvent, Device, Response
from consult.services.devices import DeviceError, enrol_device, hash_token, revoke_device
from tests.web.api.helpers_api import counts, make_payload, post_json


def enrol(session, *quartiers: str, questionnaire: str | None = None) -> tuple[Device, str]:
    with session.begin():
        device, token = enrol_device(
            session, "Tablette Voltaire", quartiers or ("voltaire",), questionnaire
        )
    return device, token


def test_only_the_hash_of_the_token_is_stored(session):
    device, token = enrol(session)
    assert len(token) >= 40
    assert device.token_hash == hash_token(token) != token
    assert [q.id for q in device.quartiers] == ["voltaire"]
    assert session.scalar(select(AuditEvent).filter_by(entity="device")).action == "enrol"


@pytest.mark.parametrize(
    ("name", "quartiers", "questionnaire", "message"),
    [
        ("", ["voltaire"], None, "nom"),
        ("Tablette", [], None, "quartier"),
        ("Tablette", ["atlantide"], None, "atlantide"),
        ("Tablette", ["voltaire"], "inexistant", "inexistant"),
    ],
)
def test_enrolment_refuses_bad_input_in_french(session, name, quartiers, questionnaire, message):
    with pytest.raises(DeviceError, match=message), session.begin():
        enrol_device(session, name, quartiers, questionnaire)
    assert session.scalar(select(Device)) is None


def test_a_tablet_submission_carries_channel_tablette_and_the_device(client, session):
    device, token = enrol(session)
    payload = make_payload(session)
    response = post_json(client, "/api/v1/submissions", payload, token=token)
    assert response.status_code == 201
    stored = session.scalar(select(Response))
    assert stored.channel == "tablette" and stored.device_id == device.id
    session.refresh(device)
    assert device.last_seen_at is not None
    session.rollback()


def test_a_tablet_cannot_submit_for_another_quartier_or_questionnaire(client, session):
    _, token = enrol(session, "voltaire", questionnaire="jeunes")
    other_quartier = make_payload(session, "jeunes", "concorde")
    response = post_json(client, "/api/v1/submissions", other_quartier, token=token)
    assert response.status_code == 403
    assert response.json["error"]["field"] == "quartier_id"
    other_questionnaire = make_payload(session, "adultes", "voltaire")
    response = post_json(client, "/api/v1/submissions", other_questionnaire, token=token)
    assert response.status_code == 403
    assert response.json["error"]["field"] == "version_id"
    assert counts(session) == (0, 0, 0)


def test_a_revoked_or_unknown_token_gets_401_and_nothing_is_stored(client, session):
    device, token = enrol(session)
    with session.begin():
        revoke_device(session, device.id)
    payload = make_payload(session)
    for url, body in (("/api/v1/submissions", payload), ("/api/v1/batches", {"items": [payload]})):
        response = post_json(client, url, body, token=token)
        assert response.status_code == 401
        assert response.json["error"]["code"] == "device_revoked"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    response = post_json(client, "/api/v1/submissions", payload, token="inconnu")
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    response = client.post(
        "/api/v1/submissions", json=payload, headers={"Authorization": "Basic eDp5"}
    )
    assert response.status_code == 401
    assert counts(session) == (0, 0, 0)


def test_the_device_status_lists_its_questionnaire_pages(client, session):
    _, token = enrol(session, "voltaire", "gouraincourt_remparts", questionnaire="jeunes")
    response = client.get("/api/v1/device", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    device = response.json["device"]
    assert device["name"] == "Tablette Voltaire"
    assert sorted(q["id"] for q in device["quartiers"]) == ["gouraincourt_remparts", "voltaire"]
    assert sorted(p["path"] for p in device["pages"]) == [
        "/c/concertation-citoyenne/gouraincourt_remparts/jeunes",
        "/c/concertation-citoyenne/voltaire/jeunes",
    ]
    for page in device["pages"]:
        assert client.get(page["path"]).status_code == 200
    assert client.get("/api/v1/device").status_code == 401


def test_cli_add_prints_the_token_once_and_it_works(runner, client, session):
    result = runner.invoke(
        args=[
            "devices",
            "add",
            "Tablette jeunes",
            "--quartier",
            "voltaire",
            "--quartier",
            "concorde",
            "--questionnaire",
            "jeunes",
        ]
    )
    assert result.exit_code == 0, result.output
    token = re.search(r"Jeton \(il ne sera plus affiché\) : (\S+)", result.output).group(1)
    device = session.scalar(select(Device))
    assert device.token_hash == hash_token(token)
    assert device.questionnaire_slug == "jeunes"
    session.rollback()
    listed = runner.invoke(args=["devices", "list"])
    assert "Tablette jeunes" in listed.output and "active" in listed.output
    assert token not in listed.output
    payload = make_payload(session, "jeunes", "concorde")
    assert post_json(client, "/api/v1/submissions", payload, token=token).status_code == 201


def test_cli_revoke_makes_the_token_useless(runner, client, session):
    _, token = enrol(session)
    device_id = session.scalar(select(Device.id))
    session.rollback()
    result = runner.invoke(args=["devices", "revoke", str(device_id)])
    assert result.exit_code == 0, result.output
    assert "révoquée" in runner.invoke(args=["devices", "list"]).output
    assert (
        client.get("/api/v1/device", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )


def test_cli_errors_are_one_french_line_and_exit_2(runner, session):
    result = runner.invoke(args=["devices", "add", "T", "--quartier", "atlantide"])
    assert result.exit_code == 2
    assert "Quartier inconnu" in result.output
    assert runner.invoke(args=["devices", "revoke", "999"]).exit_code == 2
    assert session.scalar(select(Device)) is None
