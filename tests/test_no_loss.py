"""No loss, no double count under faults.

Twenty-four clients send 2 000 submissions through a real gunicorn server while a proxy cuts
connections (before the request, and after the server answered but before the client heard
it) and the server is SIGKILLed and restarted at random. Every client resends until each of
its submissions is acknowledged; the database must then hold exactly the 2 000 responses.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import random
import select
import signal
import socket
import threading
import time
import uuid

import pytest
from sqlalchemy import func
from sqlalchemy import select as sql_select
from sqlalchemy.orm import Session

from consult.db import make_engine
from consult.models import Answer, Questionnaire, Response, SubmissionConflict
from consult.services.devices import enrol_device
from tests.conftest import drop_schema, postgres_url, reset_schema
from tests.live_server import Gunicorn, free_port, prepare_database

pytestmark = pytest.mark.slow

CLIENTS = 24
PER_CLIENT = 2000 // CLIENTS + 1
TOTAL = 2000
DEADLINE = 240.0  # seconds; a safety net (a run takes about a minute)
FAULT_SCHEMA = f"consult_faults_{os.getpid()}"  # per run: runs may share the database


@pytest.fixture
def fault_database(backend, tmp_path):
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'faults.db'}"
        return
    reset_schema(FAULT_SCHEMA)
    yield postgres_url(FAULT_SCHEMA)
    drop_schema(FAULT_SCHEMA)


class FaultyProxy:
    """TCP proxy that drops some connections before the request or before the answer."""

    def __init__(self, upstream_port: int, cut_before: float = 0.05, cut_answer: float = 0.10):
        self.upstream_port, self.cut_before, self.cut_answer = upstream_port, cut_before, cut_answer
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.stopped = threading.Event()
        self.cuts = 0
        self.random = random.Random(7)

    def start(self) -> None:
        threading.Thread(target=self._accept, daemon=True).start()

    def stop(self) -> None:
        self.stopped.set()
        self.listener.close()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            fate = self.random.random()
            threading.Thread(target=self._serve, args=(client, fate), daemon=True).start()

    def _serve(self, client: socket.socket, fate: float) -> None:
        with client:
            if fate < self.cut_before:
                self.cuts += 1
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
            except OSError:
                return
            with upstream, contextlib.suppress(OSError):
                self._pump(client, upstream, drop_answer=fate < self.cut_before + self.cut_answer)

    def _pump(self, client, upstream, drop_answer: bool) -> None:
        sockets = [client, upstream]
        while not self.stopped.is_set():
            readable, _, _ = select.select(sockets, [], [], 10)
            if not readable:
                return
            for source in readable:
                data = source.recv(65536)
                if not data:
                    return
                if source is upstream and drop_answer:
                    # The server has done its work; the client never hears about it.
                    self.cuts += 1
                    return
                (upstream if source is client else client).sendall(data)


def make_items(rng: random.Random, version_ids: dict[str, int], client_no: int) -> list[dict]:
    items = []
    for n in range(PER_CLIENT):
        questionnaire = rng.choice(["adultes", "jeunes"])
        quartier = rng.choice(["concorde", "voltaire", "val_saint_martin", "gouraincourt_remparts"])
        answers = {
            "atouts": f"client {client_no} réponse {n}",
            "priorites": rng.choice(["propreté", "sécurité", "", "des bancs"]),
            "age": rng.choice(["moins_15", "15_17", "18_25", "non_renseigne"]),
            "genre": rng.choice(["femme", "homme", "autre", "non_renseigne"]),
        }
        if quartier == "gouraincourt_remparts":
            answers["secteur"] = rng.choice(["gouraincourt", "remparts"])
        items.append(
            {
                "client_uuid": str(uuid.uuid4()),
                "version_id": version_ids[questionnaire],
                "quartier_id": quartier,
                "answers": answers,
                "language": "fr",
                "submitted_at": "2025-09-01T10:00:00Z",
            }
        )
    return items


class Client(threading.Thread):
    """Sends its items in random chunks, resending until every one is acknowledged."""

    def __init__(
        self, number: int, port: int, items: list[dict], token: str | None, deadline: float
    ):
        super().__init__(daemon=True)
        self.number, self.port, self.token, self.deadline = number, port, token, deadline
        self.pending = {item["client_uuid"]: item for item in items}
        self.refused: list[dict] = []
        self.attempts = 0
        self.rng = random.Random(number)

    def run(self) -> None:
        delay = 0.02
        while self.pending and time.monotonic() < self.deadline:
            # Tablets (with a token) send batches; phones without one, one answer at a time.
            size = self.rng.randint(1, 30) if self.token else 1
            chunk = self.rng.sample(list(self.pending.values()), min(len(self.pending), size))
            self.attempts += 1
            try:
                acked = self._send(chunk)
            except (OSError, http.client.HTTPException, ValueError):
                acked = None
            if acked is None:
                time.sleep(delay * self.rng.random())
                delay = min(delay * 2, 1.0)
                continue
            delay = 0.02
            for client_uuid in acked:
                self.pending.pop(client_uuid, None)

    def _send(self, chunk: list[dict]) -> list[str] | None:
        single = len(chunk) == 1
        body = json.dumps(chunk[0] if single else {"items": chunk})
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request(
                "POST", "/api/v1/submissions" if single else "/api/v1/batches", body, headers
            )
            response = connection.getresponse()
            document = json.loads(response.read())
        finally:
            connection.close()
        if response.status >= 500:
            return None
        if single:
            return self._single_result(chunk[0], response.status, document)
        if response.status != 200:
            self.refused.append(document)
            return None
        return self._batch_results(chunk, document["results"])

    def _single_result(self, item: dict, status: int, document: dict) -> list[str]:
        if status in (200, 201):
            return [item["client_uuid"]]
        self.refused.append(document)  # any 4xx here is a bug: the items are all valid
        return []

    def _batch_results(self, chunk: list[dict], results: list[dict]) -> list[str]:
        acked = []
        for item, result in zip(chunk, results, strict=True):
            if result["status"] in ("created", "duplicate"):
                acked.append(item["client_uuid"])
            else:
                self.refused.append(result)
        return acked


class Killer(threading.Thread):
    """SIGKILLs server processes while submissions flow: one gunicorn worker at a time (the
    master forks a new one) and, once, the whole server (master and workers), then starts it
    again. Faults are scheduled on progress, not on the clock, so that a fast run still meets
    every one of them; where exactly each falls is random."""

    def __init__(
        self,
        server: Gunicorn,
        done: threading.Event,
        progress,
        full_restarts: int = 1,
        worker_kills: int = 8,
    ):
        super().__init__(daemon=True)
        self.server, self.done, self.progress = server, done, progress
        self.worker_kills = self.server_kills = 0
        self.rng = random.Random(11)
        worker_marks = [(i + self.rng.random()) / (worker_kills + 1) for i in range(worker_kills)]
        server_marks = [self.rng.uniform(0.2, 0.6) for _ in range(full_restarts)]
        self.schedule = sorted(
            [(m, "worker") for m in worker_marks] + [(m, "server") for m in server_marks]
        )

    def run(self) -> None:
        while self.schedule and not self.done.wait(0.02):
            mark, kind = self.schedule[0]
            if self.progress() < mark:
                continue
            self.schedule.pop(0)
            if kind == "server":
                self._restart_server()
            else:
                self._kill_a_worker()

    def _restart_server(self) -> None:
        self.server.kill()
        self.server_kills += 1
        time.sleep(self.rng.uniform(0.0, 0.3))
        self.server.start()

    def _kill_a_worker(self) -> None:
        workers = self.server.workers_pids()
        if workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.rng.choice(workers), signal.SIGKILL)
            self.worker_kills += 1


def setup(database_url: str) -> tuple[dict[str, int], str]:
    prepare_database(database_url)
    engine = make_engine(database_url)
    with Session(engine) as session, session.begin():
        version_ids = {
            q.slug: q.current_version_id for q in session.scalars(sql_select(Questionnaire))
        }
        _, token = enrol_device(
            session,
            "Tablette faute",
            ["concorde", "voltaire", "val_saint_martin", "gouraincourt_remparts"],
        )
    engine.dispose()
    return version_ids, token


def test_no_submission_is_lost_or_counted_twice_under_faults(fault_database, tmp_path):
    version_ids, token = setup(fault_database)
    # --preload: a killed worker is replaced by a fork at once, without importing the app again.
    server = Gunicorn(fault_database, free_port(), tmp_path / "gunicorn.log", preload=True)
    server.start()
    proxy = FaultyProxy(server.port)
    proxy.start()
    done = threading.Event()
    killer = Killer(server, done, lambda: 1 - sum(len(c.pending) for c in clients) / TOTAL)
    deadline = time.monotonic() + DEADLINE
    rng = random.Random(3)
    all_items = {}
    clients = []
    for number in range(CLIENTS):
        items = make_items(rng, version_ids, number)
        all_items.update({item["client_uuid"]: (item, number % 4 == 0) for item in items})
        clients.append(
            Client(number, proxy.port, items, token if number % 4 == 0 else None, deadline)
        )
    all_items = dict(list(all_items.items())[:TOTAL])
    for client in clients:  # trim to exactly TOTAL items
        client.pending = {k: v for k, v in client.pending.items() if k in all_items}
    try:
        killer.start()
        for client in clients:
            client.start()
        for client in clients:
            client.join(max(0.0, deadline - time.monotonic()) + 1)
    finally:
        done.set()
        killer.join(30)
        proxy.stop()
        server.stop()

    unacknowledged = sum(len(c.pending) for c in clients)
    assert not unacknowledged, f"{unacknowledged} submissions never acknowledged"
    assert not [r for c in clients for r in c.refused], "valid submissions were refused"
    faults = (killer.server_kills, killer.worker_kills, proxy.cuts)
    print(f"server kills, worker kills, connection cuts: {faults}")
    assert killer.server_kills == 1 and killer.worker_kills >= 6 and proxy.cuts >= 10, faults
    _assert_database_holds_exactly(fault_database, all_items)


def _assert_database_holds_exactly(database_url: str, items: dict) -> None:
    engine = make_engine(database_url)
    with Session(engine) as session:
        assert session.scalar(sql_select(func.count()).select_from(Response)) == TOTAL
        assert session.scalar(sql_select(func.count()).select_from(SubmissionConflict)) == 0
        stored = dict(
            session.execute(
                sql_select(Response.client_uuid, Answer.text)
                .join(Answer)
                .where(Answer.question_key == "atouts")
            ).all()
        )
        assert stored == {key: item["answers"]["atouts"] for key, (item, _) in items.items()}
        tablet = session.scalar(
            sql_select(func.count()).select_from(Response).filter_by(channel="tablette")
        )
        assert tablet == sum(1 for _, from_tablet in items.values() if from_tablet)
        expected_answers = sum(
            sum(1 for value in item["answers"].values() if value) for item, _ in items.values()
        )
        assert session.scalar(sql_select(func.count()).select_from(Answer)) == expected_answers
    engine.dispose()
