"""No attribute is rendered with the value « None » or « False » (screen readers read them)."""

from __future__ import annotations

import re
import uuid

import pytest

BAD_VALUE = re.compile(r'\s[\w-]+="(?:None|False)"')
FORM = "/c/concertation-citoyenne/voltaire"


@pytest.mark.parametrize(
    "path", [f"{FORM}/adultes", f"{FORM}/jeunes?lang=ar", f"{FORM}/adultes?lang=falc", "/connexion"]
)
def test_public_forms_render_no_none_attribute(client, path):
    html = client.get(path).get_data(as_text=True)
    assert "<form" in html
    assert BAD_VALUE.findall(html) == []


def test_a_form_redisplayed_with_errors_marks_only_the_wrong_field_invalid(client):
    data = {"client_uuid": str(uuid.uuid4()), "age": "inconnu", "atouts": "Le parc"}
    response = client.post(f"{FORM}/jeunes", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert BAD_VALUE.findall(html) == []
    assert re.findall(r'aria-invalid="true"[^>]*name="(\w+)"', html) == ["age"] * html.count(
        'name="age"'
    )


def test_staff_forms_render_no_none_attribute(client, auth):
    auth.login("admin@example.org", "admin")
    for path in ["/equipe/reunions/nouvelle", "/admin/tablettes", "/equipe/imports/"]:
        html = client.get(path).get_data(as_text=True)
        assert BAD_VALUE.findall(html) == [], path
    html = client.post("/connexion", data={"email": "x@example.org"}).get_data(as_text=True)
    assert BAD_VALUE.findall(html) == []
