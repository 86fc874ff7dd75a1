"""Import takeover: nobody can post first under the UUID of a row about to be imported."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from consult.models import InstallationSecret, Questionnaire, Response
from consult.services.imports import import_table, read_table
from consult.services.reserved_ids import reserved_uuid
from consult.services.submissions import Submission, record_submission
from tests.factories import current_version_id
from tests.web.api.helpers_api import make_payload, post_json

SLUG = "concertation-citoyenne"
FILE = "ID;Quartier;atouts\nk1;Voltaire;Le centre social\nk2;Voltaire;La médiathèque\n".encode()
MAPPING = {"ID": "id", "Quartier": "quartier", "atouts": "atouts"}
# The recipe of earlier versions, public in the source code.
OLD_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://consult.invalid/import")


def questionnaire_id(session) -> int:
    found = session.scalar(select(Questionnaire.id).filter_by(slug="adultes"))
    session.rollback()
    return found


def old_style_uuid(session, row_id: str) -> str:
    return str(uuid.uuid5(OLD_NAMESPACE, f"{questionnaire_id(session)}|id:{row_id}"))


def run_import(session):
    version_id = current_version_id(session, SLUG, "adultes")
    session.rollback()
    with session.begin():
        return import_table(session, version_id, read_table("export.csv", FILE), MAPPING)


def imported(session) -> dict[str, str]:
    session.expire_all()
    rows = session.scalars(select(Response).filter_by(channel="import")).all()
    found = {r.answers[0].value: r.client_uuid for r in rows}
    session.rollback()
    return found


def test_answers_posted_first_under_the_old_predictable_uuids_do_not_push_the_rows_aside(
    client, session
):
    for row_id in ("k1", "k2"):
        fake = make_payload(session, atouts="Rien de bien")
        fake["client_uuid"] = old_style_uuid(session, row_id)
        assert post_json(client, "/api/v1/submissions", fake).status_code == 201
    report = run_import(session)
    assert [row.status for row in report.rows] == ["created", "created"]
    genuine = imported(session)
    assert set(genuine) == {"Le centre social", "La médiathèque"}
    assert all(uuid.UUID(u).version == 8 for u in genuine.values())
    assert [row.status for row in run_import(session).rows] == ["duplicate", "duplicate"]


def test_an_anonymous_submission_cannot_claim_a_reserved_uuid(client, session):
    run_import(session)
    taken = imported(session)["Le centre social"]
    unknown = reserved_uuid(b"any secret", "1|id:k9")
    for client_uuid in (taken, unknown):
        payload = make_payload(session) | {"client_uuid": client_uuid}
        response = post_json(client, "/api/v1/submissions", payload)
        assert response.status_code == 400
        assert response.json["error"]["field"] == "client_uuid"
    page = client.get("/c/concertation-citoyenne/voltaire/adultes")
    assert page.status_code == 200
    posted = client.post(
        "/c/concertation-citoyenne/voltaire/adultes",
        data={"client_uuid": unknown, "atouts": "Le parc", "lang": "fr"},
    )
    assert posted.status_code == 422
    session.expire_all()
    assert session.scalars(select(Response.channel)).all() == ["import", "import"]


def test_the_uuids_depend_on_a_secret_kept_in_the_database(session):
    run_import(session)
    secret = session.scalars(select(InstallationSecret.value)).one()
    assert len(bytes.fromhex(secret)) == 32
    name = f"{questionnaire_id(session)}|id:k1"
    assert imported(session)["Le centre social"] == reserved_uuid(bytes.fromhex(secret), name)
    # Without the secret, the same recipe gives another UUID: nothing to predict from outside.
    assert reserved_uuid(b"\0" * 32, name) != reserved_uuid(bytes.fromhex(secret), name)
    assert old_style_uuid(session, "k1") not in imported(session).values()


def test_rows_imported_by_earlier_versions_are_recognised_on_re_import(session):
    """Before the secret, imported rows got the public uuid5: re-importing must not double them."""
    version_id = current_version_id(session, SLUG, "adultes")
    uuids = {row_id: old_style_uuid(session, row_id) for row_id in ("k1", "k2")}
    with session.begin():
        for row_id, text in (("k1", "Le centre social"), ("k2", "La médiathèque")):
            old = Submission(uuids[row_id], version_id, "voltaire", {"atouts": text}, "import")
            record_submission(session, old)
    assert [row.status for row in run_import(session).rows] == ["duplicate", "duplicate"]
    assert len(imported(session)) == 2
