"""Submissions per second through the real HTTP stack (gunicorn), batched vs one at a time.

Usage: .venv/bin/python bench/sync.py [--items 5000] [--single-items 1000] [--clients 4]
PostgreSQL is measured too when CONSULT_BENCH_POSTGRES_URL (default
postgresql://postgres@127.0.0.1:5432/test) answers; it uses its own schema, consult_bench.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from consult.db import make_engine
from consult.models import Questionnaire, Response
from consult.services.devices import enrol_device
from tests.live_server import Gunicorn, free_port, prepare_database

PG_URL = os.environ.get("CONSULT_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
SCHEMA = "consult_bench"
QUARTIERS = ["concorde", "voltaire", "val_saint_martin"]


def items(count: int, version_id: int, rng: random.Random) -> list[dict]:
    return [
        {
            "client_uuid": str(uuid.uuid4()),
            "version_id": version_id,
            "quartier_id": rng.choice(QUARTIERS),
            "answers": {
                "atouts": f"Le parc, la médiathèque et les voisins ({n})",
                "priorites": "Plus de propreté et des activités pour les jeunes",
                "age": rng.choice(["15_17", "18_25"]),
                "genre": rng.choice(["femme", "homme"]),
            },
        }
        for n in range(count)
    ]


def send_all(port: int, work: list[list[dict]], clients: int, batched: bool, token: str) -> float:
    """Post every chunk (a batch, or one item) from ``clients`` keep-alive connections, as a
    tablet (batches need a device token)."""
    queue = list(work)
    lock = threading.Lock()
    errors = []

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                if not queue:
                    break
                chunk = queue.pop()
            body = json.dumps({"items": chunk} if batched else chunk[0])
            url = "/api/v1/batches" if batched else "/api/v1/submissions"
            headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
            connection.request("POST", url, body, headers)
            response = connection.getresponse()
            response.read()
            if response.status not in (200, 201):
                errors.append(response.status)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{len(errors)} requests failed: {errors[:5]}")
    return time.perf_counter() - start


def measure(name: str, url: str, args) -> None:
    prepare_database(url)
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        version_id = session.scalar(
            select(Questionnaire.current_version_id).filter_by(slug="adultes")
        )
        _, token = enrol_device(session, "Tablette banc d'essai", QUARTIERS)
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as folder:
        server = Gunicorn(url, free_port(), Path(folder) / "gunicorn.log", workers=2, threads=4)
        server.start()
        try:
            batch_items = items(args.items, version_id, rng)
            batches = [batch_items[i : i + 100] for i in range(0, len(batch_items), 100)]
            batched = send_all(server.port, batches, args.clients, True, token)
            single_items = items(args.single_items, version_id, rng)
            single = send_all(server.port, [[i] for i in single_items], args.clients, False, token)
        finally:
            server.stop()
    with Session(engine) as session:
        stored = session.scalar(select(func.count()).select_from(Response))
    engine.dispose()
    assert stored == args.items + args.single_items, stored
    batched_rate, single_rate = args.items / batched, args.single_items / single
    ratio = batched_rate / single_rate
    print(
        f"{name:10} batched (100/request): {batched_rate:7.0f} submissions/s | "
        f"one at a time: {single_rate:6.0f} submissions/s | ratio {ratio:4.1f}x"
    )


def postgres_url() -> str | None:
    base = PG_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    try:
        engine = make_engine(base)
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
        engine.dispose()
    except Exception as exc:
        print(f"PostgreSQL skipped: {exc.__class__.__name__}")
        return None
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{SCHEMA}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--single-items", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    print(f"gunicorn 2 workers x 4 threads, {args.clients} clients, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as folder:
        measure("SQLite", f"sqlite:///{folder}/bench.db", args)
    url = postgres_url()
    if url:
        measure("PostgreSQL", url, args)


if __name__ == "__main__":
    main()
