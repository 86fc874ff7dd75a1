"""POST /api/v1/batches: one result per item, each item stored once or not at all.

Batches come from tablets: every request here carries a device token.
"""

from __future__ import annotations

import pytest

from tests.web.api.helpers_api import counts, make_payload, post_json
from tests.web.api.test_devices import enrol

URL = "/api/v1/batches"


@pytest.fixture
def token(session) -> str:
    return enrol(session, "voltaire")[1]


def test_a_batch_stores_every_valid_item_and_reports_each(client, session, token):
    items = [make_payload(session, atouts=f"réponse {n}") for n in range(5)]
    response = post_json(client, URL, {"items": items}, token=token)
    assert response.status_code == 200
    results = response.json["results"]
    assert [r["status"] for r in results] == ["created"] * 5
    assert [r["client_uuid"] for r in results] == [i["client_uuid"] for i in items]
    assert response.json["summary"]["created"] == 5
    assert counts(session) == (5, 5, 0)


def test_a_resent_batch_stores_nothing_new(client, session, token):
    items = [make_payload(session) for _ in range(3)]
    post_json(client, URL, {"items": items}, token=token)
    again = post_json(client, URL, {"items": items}, token=token)
    assert [r["status"] for r in again.json["results"]] == ["duplicate"] * 3
    assert [r["http_status"] for r in again.json["results"]] == [200] * 3
    assert counts(session) == (3, 6, 0)


def test_bad_items_are_refused_alone_with_their_field(client, session, token):
    good = make_payload(session)
    bad_choice = make_payload(session, age="centenaire")
    not_an_object = "texte"
    conflict_source = make_payload(session)
    post_json(client, "/api/v1/submissions", conflict_source)
    conflicting = conflict_source | {"answers": {"atouts": "changé"}}
    items = [good, bad_choice, not_an_object, conflicting, good]
    results = post_json(client, URL, {"items": items}, token=token).json["results"]
    assert [r["status"] for r in results] == [
        "created",
        "rejected",
        "rejected",
        "conflict",
        "duplicate",
    ]
    assert results[1]["http_status"] == 422
    assert results[1]["error"]["field"] == "answers.age"
    assert results[2]["http_status"] == 400
    assert results[3]["http_status"] == 409
    assert counts(session) == (2, 4, 1)


def test_a_batch_over_500_items_is_refused_whole(client, session, token):
    items = [make_payload(session) for _ in range(501)]
    response = post_json(client, URL, {"items": items}, token=token)
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_many_items"
    assert counts(session) == (0, 0, 0)


def test_500_items_are_accepted(client, session, token):
    items = [make_payload(session, atouts=f"r{n}") for n in range(500)]
    response = post_json(client, URL, {"items": items}, token=token)
    assert response.json["summary"]["created"] == 500
    assert counts(session)[0] == 500


def test_a_batch_must_be_an_object_with_items(client, session, token):
    for body in ([make_payload(session)], {"elements": []}, {"items": "x"}):
        response = post_json(client, URL, body, token=token)
        assert response.status_code == 400
        assert response.json["error"]["field"] == "items"
    assert counts(session) == (0, 0, 0)
