"""Input built to crash the API answers 4xx with a JSON error and stores nothing (issue 9)."""

from __future__ import annotations

import json

import pytest

from consult.services.devices import enrol_device
from tests.factories import current_version_id, load_test_consultation, new_uuid
from tests.web.api.helpers_api import counts, make_payload

SUBMISSIONS = "/api/v1/submissions"
BATCHES = "/api/v1/batches"


def post_raw(client, url: str, body, token: str | None = None):
    """``json.dumps`` writes a lone surrogate as ``\\ud800``, as a hostile client would."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=headers)


@pytest.fixture
def token(session) -> str:
    with session.begin():
        _, token = enrol_device(session, "Tablette Voltaire", ("voltaire",), None)
    return token


def hostile_payloads(session) -> dict[str, dict]:
    def with_answers(**answers):
        return make_payload(session, **answers)

    def changed(**fields):
        return make_payload(session) | fields

    return {
        "version_id": changed(version_id=2**70),
        "negative version_id": changed(version_id=-1),
        "submitted_at": changed(submitted_at="9999-12-31T23:59:59-14:00"),
        "started_at": changed(started_at="0001-01-01T00:00:00+14:00"),
        "lone surrogate": with_answers(atouts="Le parc \ud800"),
        "surrogate in a key": with_answers(**{"atouts\udfff": "Le parc"}),
        "NUL": with_answers(atouts="Le parc\x00"),
        "U+0001": with_answers(atouts="Le « parc\x01 »"),
        "C1 control": with_answers(atouts="Le parc\x85"),
        "NUL in a choice": with_answers(atouts="Le parc", age="18_25\x00"),
        "NUL in language": changed(language="fr\x00"),
        "surrogate in language": changed(language="\ud800"),
        "NUL in quartier": changed(quartier_id="voltaire\x00"),
    }


def test_each_hostile_submission_is_a_json_4xx_and_stores_nothing(client, session):
    for name, payload in hostile_payloads(session).items():
        response = post_raw(client, SUBMISSIONS, payload)
        assert 400 <= response.status_code < 500, name
        assert response.json["error"]["message"], name
        assert counts(session) == (0, 0, 0), name


def test_tab_and_newlines_stay_accepted_in_long_text(client, session):
    payload = make_payload(session, atouts="Le parc\r\n\tet la médiathèque")
    assert post_raw(client, SUBMISSIONS, payload).status_code == 201


def test_a_control_character_is_refused_with_a_french_message_naming_the_question(client, session):
    response = post_raw(client, SUBMISSIONS, make_payload(session, atouts="Le parc\x00"))
    assert response.status_code == 422
    assert response.json["error"]["field"] == "answers.atouts"
    assert "caractère invisible ou de contrôle" in response.json["error"]["message"]


def test_deeply_nested_json_is_a_400_not_a_recursion_error(client, session, token):
    body = "[" * 100_000 + "]" * 100_000
    headers = {"Authorization": f"Bearer {token}"}  # batches come from enrolled tablets only
    for url in (SUBMISSIONS, BATCHES):
        response = client.post(url, data=body, content_type="application/json", headers=headers)
        assert response.status_code == 400
        assert response.json["error"]["code"] == "invalid_json"
    assert counts(session) == (0, 0, 0)


def test_a_hidden_question_cannot_smuggle_a_nul_into_the_conflict_kept_for_review(client, session):
    """« secteur » is not asked in Voltaire: its raw value would go into the stored conflict."""
    payload = make_payload(session)
    assert post_raw(client, SUBMISSIONS, payload).status_code == 201
    resend = payload | {"answers": {"atouts": "Autre chose", "secteur": "x\x00"}}
    assert post_raw(client, SUBMISSIONS, resend).status_code == 422
    assert counts(session) == (1, 2, 0)


def test_hostile_items_are_rejected_one_by_one_and_the_batch_goes_on(client, session, token):
    hostile = hostile_payloads(session)
    good = [make_payload(session, atouts=f"Le parc {n}") for n in range(2)]
    items = [good[0], *hostile.values(), good[1]]
    response = post_raw(client, BATCHES, {"items": items}, token)
    assert response.status_code == 200
    results = response.json["results"]
    assert [r["status"] for r in results] == ["created", *["rejected"] * len(hostile), "created"]
    assert all(400 <= r["http_status"] < 500 for r in results[1:-1])
    assert counts(session) == (2, 2, 0)


def test_a_scale_answer_written_with_a_superscript_digit_is_a_422(client, session, tmp_path):
    """« ² » passes ``str.isdigit`` but ``int("²")`` raises: it used to be a 500."""
    load_test_consultation(session, tmp_path)
    payload = {
        "client_uuid": new_uuid(),
        "version_id": current_version_id(session, "essai", "essai"),
        "quartier_id": "voltaire",
        "answers": {"atouts": "Le marché", "note": "²"},
    }
    session.rollback()
    response = post_raw(client, SUBMISSIONS, payload)
    assert response.status_code == 422
    assert response.json["error"]["field"] == "answers.note"
    assert counts(session) == (0, 0, 0)
