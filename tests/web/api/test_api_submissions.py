"""POST /api/v1/submissions: stored once, resends are harmless, bad input stores nothing."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from consult.models import Response
from tests.web.api.helpers_api import counts, make_payload, post_json

URL = "/api/v1/submissions"


def test_a_submission_is_stored_with_its_answers_and_channel_web(client, session):
    payload = make_payload(session, atouts="Le parc", age="18_25", genre="femme")
    response = post_json(client, URL, payload)
    assert response.status_code == 201
    assert response.json["status"] == "created"
    stored = session.scalar(select(Response).filter_by(client_uuid=payload["client_uuid"]))
    assert stored.channel == "web" and stored.device_id is None
    assert stored.quartier_id == "voltaire" and stored.version_id == payload["version_id"]
    assert {a.question_key: a.value for a in stored.answers} == {
        "atouts": "Le parc",
        "age": "18_25",
        "genre": "femme",
    }
    assert stored.age_band == "18_25" and stored.public == "jeune"
    assert counts(session) == (1, 3, 0)


def test_the_same_uuid_and_content_again_is_a_success_that_stores_nothing(client, session):
    payload = make_payload(session)
    assert post_json(client, URL, payload).status_code == 201
    again = post_json(client, URL, payload)
    assert again.status_code == 200
    assert again.json["status"] == "duplicate"
    assert counts(session) == (1, 2, 0)


def test_the_same_uuid_with_other_content_is_a_409_kept_for_review(client, session):
    payload = make_payload(session)
    post_json(client, URL, payload)
    changed = payload | {"answers": {"atouts": "Autre chose"}}
    response = post_json(client, URL, changed)
    assert response.status_code == 409
    assert response.json["error"]["code"] == "conflict"
    assert response.json["error"]["field"] == "client_uuid"
    assert counts(session) == (1, 2, 1)
    # Sending the same conflicting content again keeps one copy for review, not two.
    assert post_json(client, URL, changed).status_code == 409
    assert counts(session) == (1, 2, 1)


def test_the_uuid_is_compared_in_canonical_form(client, session):
    payload = make_payload(session)
    post_json(client, URL, payload)
    upper = payload | {"client_uuid": payload["client_uuid"].upper()}
    assert post_json(client, URL, upper).json["status"] == "duplicate"
    assert counts(session)[0] == 1


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"client_uuid": "pas-un-uuid"}, 400, "client_uuid"),
        ({"client_uuid": 12}, 400, "client_uuid"),
        ({"version_id": "3"}, 400, "version_id"),
        ({"version_id": True}, 400, "version_id"),
        ({"version_id": 999999}, 404, "version"),
        ({"quartier_id": "inconnu"}, 404, "quartier"),
        ({"quartier_id": None}, 400, "quartier_id"),
        ({"answers": ["atouts"]}, 400, "answers"),
        ({"answers": {"atouts": {"texte": "x"}}}, 400, "answers.atouts"),
        ({"answers": {"age": "centenaire"}}, 422, "answers.age"),
        ({"answers": {"question_inconnue": "x"}}, 422, "answers.question_inconnue"),
        ({"answers": {"atouts": "x" * 2001}}, 422, "answers.atouts"),
        ({"submitted_at": "hier"}, 400, "submitted_at"),
        ({"language": ""}, 400, "language"),
        ({"ip": "10.0.0.1"}, 400, "ip"),
    ],
)
def test_bad_input_is_a_json_error_naming_the_field_and_stores_nothing(
    client, session, change, status, field
):
    payload = make_payload(session) | change
    response = post_json(client, URL, payload)
    assert response.status_code == status
    assert response.is_json
    error = response.json["error"]
    assert error["field"] == field
    assert field in error["message"] or error["fields"][field]
    assert counts(session) == (0, 0, 0)


def test_a_missing_field_is_named(client, session):
    payload = make_payload(session)
    del payload["version_id"]
    response = post_json(client, URL, payload)
    assert response.status_code == 400
    assert response.json["error"]["field"] == "version_id"


def test_the_sector_question_only_exists_in_gouraincourt_remparts(client, session):
    elsewhere = make_payload(session, atouts="x", secteur="remparts")
    response = post_json(client, URL, elsewhere)
    assert response.status_code == 422
    assert response.json["error"]["field"] == "answers.secteur"
    there = make_payload(session, quartier="gouraincourt_remparts", atouts="x", secteur="remparts")
    assert post_json(client, URL, there).status_code == 201
    assert counts(session)[0] == 1


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        (b'{"client_uuid": ', "application/json", 400, "invalid_json"),
        (b"\xff\xfe garbage", "application/json", 400, "invalid_json"),
        (b'{"a": NaN}', "application/json", 400, "invalid_json"),
        (b"[]", "application/json", 400, "invalid_field"),
        (b"null", "application/json", 400, "invalid_field"),
        (b"client_uuid=x", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        (b"{}", "text/plain", 415, "unsupported_media_type"),
    ],
)
def test_malformed_bodies_get_a_json_error(client, session, body, content_type, status, code):
    response = client.post(URL, data=body, content_type=content_type)
    assert response.status_code == status
    assert response.json["error"]["code"] == code
    assert counts(session) == (0, 0, 0)


def test_a_body_over_one_megabyte_is_a_413(client, session):
    payload = make_payload(session, atouts="x" * (1024 * 1024))
    response = client.post(URL, data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 413
    assert response.json["error"]["code"] == "payload_too_large"
    assert counts(session) == (0, 0, 0)


def test_a_closed_consultation_refuses_submissions(client, session):
    from consult.models import Consultation

    payload = make_payload(session)
    with session.begin():
        session.scalar(select(Consultation)).status = "closed"
    response = post_json(client, URL, payload)
    assert response.status_code == 403
    assert response.json["error"]["field"] == "consultation"
    assert counts(session) == (0, 0, 0)


def test_a_request_from_another_site_is_refused(client, session):
    payload = make_payload(session)
    response = post_json(client, URL, payload, Origin="https://evil.example")
    assert response.status_code == 403
    assert response.json["error"]["code"] == "cross_origin"
    response = post_json(client, URL, payload, **{"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    same = post_json(client, URL, payload, Origin="http://localhost")
    assert same.status_code == 201
    assert counts(session)[0] == 1


def test_the_api_needs_no_csrf_token_even_when_csrf_is_on(app, session):
    app.config["WTF_CSRF_ENABLED"] = True
    response = post_json(app.test_client(), URL, make_payload(session))
    assert response.status_code == 201


def test_wrong_methods_and_unknown_routes_answer_json(client):
    # Routing errors are answered by the app-wide handler (consult/errors.py), in JSON too.
    assert client.get(URL).status_code == 405
    assert "message" in client.get(URL).json["error"]
    assert client.get("/api/v1/inconnu").json["error"]["message"]


def test_ping_answers_without_cache(client):
    response = client.get("/api/v1/ping")
    assert response.json["status"] == "ok"
    assert response.headers["Cache-Control"] == "no-store"


def test_the_openapi_document_describes_every_route_and_the_error_shape(app, client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    documented = {"/api/v1" + path for path in document["paths"]}
    routes = {rule.rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1")}
    assert routes == documented
    assert {"code", "message"} <= set(
        document["components"]["schemas"]["Error"]["properties"]["error"]["properties"]
    )
    responses = document["paths"]["/submissions"]["post"]["responses"]
    assert {"200", "201", "400", "401", "404", "409", "413", "422"} <= set(responses)
