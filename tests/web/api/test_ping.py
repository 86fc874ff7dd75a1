"""GET /api/v1/ping: tablets sync only when the server and its database both answer."""

from __future__ import annotations

import pytest

from consult import create_app


def test_ping_answers_ok_when_the_database_answers(client):
    response = client.get("/api/v1/ping")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////nonexistent-folder/consult.db",
        "postgresql://postgres@127.0.0.1:1/consult",  # nothing listens on port 1
    ],
)
def test_ping_answers_503_in_json_when_the_database_is_down(url):
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "test"})
    response = app.test_client().get("/api/v1/ping")
    assert response.status_code == 503
    assert response.json["error"]["code"] == "database_unavailable"
    assert "base de données" in response.json["error"]["message"]
    assert response.headers["Cache-Control"] == "no-store"
    app.extensions["consult.engine"].dispose()
