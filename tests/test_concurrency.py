"""Readers and dry runs take no write lock; long imports write in chunks (issue 9, item 10).

The threaded test holds a staff page and a dry-run import in the middle of their transaction
(a hook on the app's engine waits after their first query) while residents submit through the
form and the API. Before the fix every transaction began IMMEDIATE: the residents waited for
the lock and got 500 after SQLite's 30 s busy timeout. Every wait here is bounded; nothing is
timed.
"""

from __future__ import annotations

import io
import threading
import uuid

from sqlalchemy import event, func, select

from consult.db import begin_write
from consult.models import AuditEvent, Response
from consult.services.imports import import_table, read_table
from tests.conftest import PASSWORD
from tests.web.api.helpers_api import make_payload
from tests.web.imports.test_imports import HEADER, MAPPING, ROWS, csv_bytes, version_id

WAIT = 90  # seconds: only a bound for a broken run, never a measurement
FORM = "/c/concertation-citoyenne/voltaire/adultes"


class Holder:
    """Pauses the request of a named thread after its first SELECT containing a given text."""

    def __init__(self, engine, wanted: dict[str, str]):
        self.wanted = wanted
        self.started = {name: threading.Event() for name in wanted}
        self.release = threading.Event()
        self.engine = engine
        event.listen(engine, "after_cursor_execute", self._after)

    def _after(self, _conn, _cursor, statement, *_args) -> None:
        name = threading.current_thread().name
        started = self.started.get(name)
        if started is None or started.is_set() or not statement.lstrip().startswith("SELECT"):
            return
        if self.wanted[name] in statement:
            started.set()
            self.release.wait(WAIT)

    def remove(self) -> None:
        # Only once the held threads are done: removing a listener while one runs breaks it.
        event.remove(self.engine, "after_cursor_execute", self._after)


def logged_in(app, auth, email: str):
    auth.create(email, "staff")
    client = app.test_client()
    client.post("/connexion", data={"email": email, "password": PASSWORD})
    return client


def run(name: str, target, results: dict) -> threading.Thread:
    def body() -> None:
        try:
            results[name] = target()
        except Exception as exc:  # reported by the assertion, with its name
            results[name] = repr(exc)

    thread = threading.Thread(target=body, name=name, daemon=True)
    thread.start()
    return thread


def resident(app, session_payload: dict, number: int):
    """What one resident does: the home page, the form, a form post and an API submission."""
    client = app.test_client()
    statuses = [client.get("/").status_code, client.get(FORM).status_code]
    form = {"client_uuid": str(uuid.uuid4()), "lang": "fr", "atouts": f"Le parc {number}"}
    statuses.append(client.post(FORM, data=form).status_code)
    payload = session_payload | {"client_uuid": str(uuid.uuid4())}
    statuses.append(client.post("/api/v1/submissions", json=payload).status_code)
    return statuses


def test_residents_submit_while_a_staff_page_and_a_dry_run_import_are_in_progress(
    app, auth, session, tmp_path
):
    app.config["IMPORT_UPLOAD_DIR"] = str(tmp_path)
    staff = logged_in(app, auth, "equipe@example.org")
    importer = logged_in(app, auth, "imports@example.org")
    upload = importer.post(
        "/equipe/imports/",
        data={"file": (io.BytesIO(csv_bytes()), "export.csv"), "version_id": version_id(session)},
        content_type="multipart/form-data",
    )
    mapping_url = upload.headers["Location"]
    check = {f"col-{i}": MAPPING[column] for i, column in enumerate(HEADER)} | {"action": "check"}
    payload = make_payload(session)
    results: dict = {}
    # The staff page pauses after loading its user; the dry run after checking a row's UUID.
    wanted = {"staff": "SELECT", "dry-run": "FROM response"}
    holder = Holder(app.extensions["consult.engine"], wanted)
    try:
        held = [
            run("staff", lambda: staff.get("/equipe/").status_code, results),
            run("dry-run", lambda: importer.post(mapping_url, data=check), results),
        ]
        assert all(started.wait(WAIT) for started in holder.started.values())
        residents = [
            run(f"resident-{n}", lambda n=n: resident(app, payload, n), results) for n in range(4)
        ]
        for thread in residents:
            thread.join(WAIT)
    finally:
        holder.release.set()
    for thread in held:
        thread.join(WAIT)
    holder.remove()
    for n in range(4):
        assert results[f"resident-{n}"] == [200, 200, 302, 201]
    assert results["staff"] == 200
    report = results["dry-run"]
    assert report.status_code == 200
    assert "3 ligne(s) à importer" in report.get_data(as_text=True)
    assert session.scalar(select(func.count(Response.id))) == 8  # the residents', no import row
    assert session.scalar(select(func.count(Response.id)).filter_by(channel="import")) == 0


def test_a_dry_run_reports_what_importing_would_do_and_writes_nothing(app, session):
    engine = app.extensions["consult.engine"]
    rows = [*ROWS, ROWS[0], [*ROWS[1][:2], "Autre chose", *ROWS[1][3:]]]  # a repeat, a change
    table = read_table("export.csv", csv_bytes(rows))
    vid = version_id(session)
    sessions = app.extensions["consult.sessions"]
    with sessions() as first:
        begin_write(first)
        import_table(first, vid, read_table("a.csv", csv_bytes(ROWS[:1])), MAPPING)
        first.commit()
    writes: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        writes.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    with sessions() as reader:
        report = import_table(reader, vid, table, MAPPING, dry_run=True)
    event.remove(engine, "before_cursor_execute", record)
    statuses = [row.status for row in report.rows]
    # k1 is stored already; k2 appears twice with different answers: a conflict, as importing.
    assert statuses == [
        "duplicate",
        "created",
        "created",
        "rejected",
        "rejected",
        "rejected",
        "duplicate",
        "conflict",
    ]
    assert not [s for s in writes if s.split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
    assert "BEGIN IMMEDIATE" not in writes
    assert session.scalar(select(func.count(Response.id))) == 1
    assert session.scalar(select(func.count(AuditEvent.id)).filter_by(action="import")) == 1


def test_a_long_import_commits_in_chunks_and_a_reimport_finishes_it(app, session):
    vid = version_id(session)
    rows = [[f"id{n}", "Voltaire", f"Atout {n}", "", "", ""] for n in range(5)]
    table = read_table("long.csv", csv_bytes(rows))
    with app.extensions["consult.sessions"]() as writer:
        begin_write(writer)
        import_table(writer, vid, table, MAPPING, commit_every=2)
        writer.rollback()  # the import stops before its end: its committed chunks stay
    assert session.scalar(select(func.count(Response.id))) == 4
    with app.extensions["consult.sessions"]() as writer:
        begin_write(writer)
        report = import_table(writer, vid, table, MAPPING, commit_every=2)
        writer.commit()
    assert (report.created, report.duplicate) == (1, 4)
    assert session.scalar(select(func.count(Response.id))) == 5
