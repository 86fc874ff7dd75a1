"""Ballot stuffing (issue 9, item 8): anonymous batches are refused; anonymous single answers are
rate-limited per client address (kept in memory under a keyed hash, never stored); refusals
show on the staff dashboard, without any address."""

from __future__ import annotations

import uuid
from html import unescape

import pytest
from sqlalchemy import func, select

from consult import create_app
from consult.models import RefusedSubmissions
from consult.models.base import Base
from consult.throttle import SubmissionLimit, network
from tests.web.api.helpers_api import counts, make_payload, post_json
from tests.web.api.test_devices import enrol

FORM = "/c/concertation-citoyenne/voltaire/adultes"
ADDRESS = "203.0.113.7"


def limit_to(app, spec: str) -> None:
    """The same limiter as in production, with a smaller setting for the test."""
    app.extensions["consult.submission_limit"] = SubmissionLimit(spec, app.config["SECRET_KEY"])


def from_address(client, address: str = ADDRESS):
    client.environ_base["REMOTE_ADDR"] = address
    return client


def stored(session) -> int:
    return counts(session)[0]


def test_an_anonymous_batch_of_200_items_is_refused_and_nothing_is_stored(client, session):
    items = [make_payload(session, atouts=f"bourrage {n}") for n in range(200)]
    response = post_json(client, "/api/v1/batches", {"items": items})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert "jeton de tablette" in response.json["error"]["message"]
    assert stored(session) == 0


def test_a_meeting_on_one_wifi_stays_under_the_default_limit_but_a_stuffer_does_not(
    client, session
):
    # Default: 40 new answers per 10 minutes per address — a full Conseil Citoyen meeting.
    from_address(client)
    statuses = [
        post_json(client, "/api/v1/submissions", make_payload(session)).status_code
        for _ in range(40)
    ]
    assert statuses == [201] * 40
    refused = post_json(client, "/api/v1/submissions", make_payload(session))
    assert refused.status_code == 429
    assert refused.json["error"]["code"] == "too_many_requests"
    assert int(refused.headers["Retry-After"]) > 0
    assert stored(session) == 40


def test_resends_and_invalid_answers_do_not_use_the_allowance(app, client, session):
    limit_to(app, "2/hour")
    from_address(client)
    payload = make_payload(session)
    for _ in range(4):  # a phone resending after a lost acknowledgement
        assert post_json(client, "/api/v1/submissions", payload).status_code in (200, 201)
    for _ in range(3):
        invalid = make_payload(session, age="centenaire")
        assert post_json(client, "/api/v1/submissions", invalid).status_code == 422
    assert post_json(client, "/api/v1/submissions", make_payload(session)).status_code == 201
    assert post_json(client, "/api/v1/submissions", make_payload(session)).status_code == 429
    assert stored(session) == 2


def test_tablets_with_a_token_are_not_limited(app, client, session):
    limit_to(app, "2/hour")
    _, token = enrol(session, "voltaire")
    from_address(client)
    for _ in range(5):
        payload = make_payload(session)
        assert post_json(client, "/api/v1/submissions", payload, token=token).status_code == 201
    batch = {"items": [make_payload(session) for _ in range(5)]}
    assert post_json(client, "/api/v1/batches", batch, token=token).json["summary"]["created"] == 5
    assert stored(session) == 10


def test_the_web_form_answers_429_with_a_french_page_and_stores_nothing(app, client, session):
    limit_to(app, "1/hour")
    from_address(client)
    form = {"client_uuid": str(uuid.uuid4()), "lang": "fr", "atouts": "Le parc"}
    assert client.post(FORM, data=form).status_code == 302
    again = client.post(FORM, data=form | {"client_uuid": str(uuid.uuid4())})
    html = unescape(again.get_data(as_text=True))
    assert again.status_code == 429
    assert "Trop d'envois" in html and "n'ont pas été enregistrées" in html
    assert int(again.headers["Retry-After"]) > 0
    assert stored(session) == 1


def test_each_address_has_its_own_window_and_ipv6_counts_per_64(app, client, session):
    limit_to(app, "1/hour")
    for address in ("198.51.100.1", "198.51.100.2", "2001:db8:1:2::10"):
        from_address(client, address)
        assert post_json(client, "/api/v1/submissions", make_payload(session)).status_code == 201
    from_address(client, "2001:db8:1:2::99")  # same /64: the same phone or home
    assert post_json(client, "/api/v1/submissions", make_payload(session)).status_code == 429
    assert network("2001:db8:1:2::99") == network("2001:db8:1:2:ffff::1") == "2001:db8:1:2::/64"
    assert network("::ffff:198.51.100.1") == "198.51.100.1"


def test_behind_a_trusted_proxy_the_forwarded_address_counts(app, database_url, session):
    config = {"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test"}
    proxied = create_app(config | {"TRUSTED_PROXIES": 1, "SUBMISSION_RATE_LIMIT": "1/hour"})
    client = from_address(proxied.test_client(), "127.0.0.1")  # every request via the proxy

    def post(forwarded_for: str) -> int:
        payload = make_payload(session)
        headers = {"X-Forwarded-For": forwarded_for}
        return post_json(client, "/api/v1/submissions", payload, **headers).status_code

    assert [post(ADDRESS), post("198.51.100.1"), post(ADDRESS)] == [201, 201, 429]
    proxied.extensions["consult.engine"].dispose()


def test_bursts_and_refusals_show_on_the_dashboard_and_no_address_is_stored_anywhere(
    app, client, auth, session
):
    limit_to(app, "4/hour")
    from_address(client)
    for _ in range(4):  # the 3rd and 4th are past half of the allowance: « en rafale »
        assert post_json(client, "/api/v1/submissions", make_payload(session)).status_code == 201
    for _ in range(3):
        assert post_json(client, "/api/v1/submissions", make_payload(session)).status_code == 429
    assert session.scalar(select(func.sum(RefusedSubmissions.refused))) == 3
    assert session.scalar(select(func.sum(RefusedSubmissions.in_burst))) == 2
    key = app.extensions["consult.submission_limit"].key(ADDRESS)
    for table in Base.metadata.sorted_tables:
        for row in session.execute(select(table)):
            dumped = repr(tuple(row))
            assert ADDRESS not in dumped and key not in dumped, table.name
    assert ADDRESS not in key
    session.rollback()
    auth.login()
    dashboard = unescape(client.get("/equipe/").get_data(as_text=True))
    assert "5 envois anonymes refusés ou en rafale dans la dernière heure" in dashboard
    assert "(3 refusés, 2 acceptés en rafale)" in dashboard
    assert ADDRESS not in dashboard


def test_a_quiet_hour_says_so_on_the_dashboard(client, auth, session):
    post_json(client, "/api/v1/submissions", make_payload(session))
    auth.login()
    dashboard = unescape(client.get("/equipe/").get_data(as_text=True))
    assert "Aucun envoi anonyme refusé ou en rafale dans la dernière heure" in dashboard
    assert "40 questionnaires en 10 minutes" in dashboard


def test_a_bad_rate_limit_setting_is_refused_with_a_french_message(database_url):
    with pytest.raises(ValueError, match="CONSULT_SUBMISSION_RATE_LIMIT"):
        create_app({"DATABASE_URL": database_url, "SUBMISSION_RATE_LIMIT": "beaucoup"})
