"""Staff pages under load: 100 000 stored answers, measured through HTTP on a real server.

    .venv/bin/python bench/dashboard.py [--answers 100000] [--requests 60]

Builds a SQLite database in a temporary folder (bulk inserts: 5 answers per respondent, atouts
and priorités tagged with stored themes, as ``consult analyze`` leaves them), starts gunicorn
on it, logs in as staff and prints p50/p95 per page against a baseline measured in the same
run (the overview of an empty consultation), then the time to produce the report (HTML, DOCX).
Targets: overview and quartier page p95 < 300 ms; report < 10 s.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from consult.config import QUESTIONNAIRES_DIR  # noqa: E402
from consult.db import make_engine  # noqa: E402
from consult.models import Answer, Consultation, Questionnaire, Response, ThemeTag  # noqa: E402
from consult.models.base import Base  # noqa: E402
from consult.services.accounts import create_user  # noqa: E402
from consult.services.catalog import load_catalog  # noqa: E402

PASSWORD = "benchmark password"
SLUG = "concertation-citoyenne"
PHRASES = ROOT / "consult" / "services" / "demo_phrases.yaml"


def build_database(url: str, answers: int) -> None:
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    with Session(engine) as session, session.begin():
        load_catalog(session, QUESTIONNAIRES_DIR)
        create_user(session, "bench@example.org", PASSWORD, "staff")
        empty = Consultation(slug="vide", title="Vide", territory_id="grand-longwy", wave="0")
        session.add(empty)
    with Session(engine) as session, session.begin():
        _bulk_answers(session, answers)
    engine.dispose()


def _bulk_answers(session: Session, total: int) -> None:
    rng = random.Random(1)
    phrases = yaml.safe_load(PHRASES.read_text(encoding="utf-8"))
    consultation = session.scalar(select(Consultation).filter_by(slug=SLUG))
    versions = {
        q.slug: q.current_version_id
        for q in session.scalars(select(Questionnaire))
        if q.consultation_id == consultation.id
    }
    quartiers = [q.id for q in consultation.quartiers]
    now = datetime.now(UTC)
    respondents = total // 5
    responses, answer_rows, tags = [], [], []
    for i in range(1, respondents + 1):
        young = rng.random() < 0.35
        age = rng.choice(["15_17", "18_25"] if young else ["26_39", "40_59", "60_plus"])
        responses.append(
            {
                "id": i,
                "client_uuid": str(uuid.UUID(int=rng.getrandbits(128))),
                "content_hash": "x",
                "consultation_id": consultation.id,
                "quartier_id": rng.choice(quartiers),
                "version_id": versions["jeunes" if young else "adultes"],
                "channel": rng.choice(["web", "tablette", "papier", "import"]),
                "language": "fr",
                "age_band": age,
                "gender": rng.choice(["femme", "homme"]),
                "public": "jeune" if young else "adulte",
                "residence": "plus_10_ans",
                "submitted_at": now - timedelta(minutes=i),
                "received_at": now,
            }
        )
        base = (i - 1) * 5
        for offset, role in ((1, "priorites"), (2, "atouts")):
            kind = phrases[role]
            theme = rng.choice(sorted(kind))
            answer_rows.append(
                {
                    "id": base + offset,
                    "response_id": i,
                    "question_key": role,
                    "role": role,
                    "text": rng.choice(kind[theme]),
                }
            )
            tags.append(
                {"answer_id": base + offset, "theme": theme, "source": "auto", "evidence": "bench"}
            )
        for offset, (key, role, value) in enumerate(
            (
                ("age", "age_band", age),
                ("genre", "gender", "femme"),
                ("anciennete", "residence", "plus_10_ans"),
            ),
            start=3,
        ):
            answer_rows.append(
                {
                    "id": base + offset,
                    "response_id": i,
                    "question_key": key,
                    "role": role,
                    "text": value,
                }
            )
    for rows, model in ((responses, Response), (answer_rows, Answer), (tags, ThemeTag)):
        for start in range(0, len(rows), 5000):
            session.execute(insert(model), rows[start : start + 5000])


class Client:
    def __init__(self, base: str) -> None:
        self.base = base
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def get(self, path: str) -> bytes:
        with self.opener.open(self.base + path, timeout=120) as response:
            return response.read()

    def login(self) -> None:
        page = self.get("/connexion").decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {"csrf_token": token, "email": "bench@example.org", "password": PASSWORD}
        ).encode()
        self.opener.open(self.base + "/connexion", data=data, timeout=60).read()


def timed(client: Client, path: str, count: int) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        client.get(path)
        times.append(1000 * (time.perf_counter() - start))
    return times


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def wait_for(client: Client) -> None:
    for _ in range(200):
        try:
            client.get("/connexion")
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="consult-bench-"))
    url = f"sqlite:///{folder / 'bench.db'}"
    start = time.perf_counter()
    build_database(url, args.answers)
    print(f"database: {args.answers:,} answers in {time.perf_counter() - start:.1f} s ({folder})")
    port = args.port or _free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "2",
            "--threads",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        run(Client(f"http://127.0.0.1:{port}"), args.requests)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def run(client: Client, count: int) -> None:
    wait_for(client)
    client.login()
    pages = {
        "baseline: empty consultation overview": "/equipe/c/vide/",
        "overview": f"/equipe/c/{SLUG}/",
        "quartier page": f"/equipe/c/{SLUG}/q/val_saint_martin",
        "quartier page, segment jeunes": f"/equipe/c/{SLUG}/q/voltaire?public=jeune",
        "across quartiers": f"/equipe/c/{SLUG}/themes",
    }
    cold = timed(client, pages["overview"], 1)[0]
    print(f"first overview after start (builds the cached frame): {cold:.0f} ms")
    for path in pages.values():  # warm both gunicorn workers
        timed(client, path, 4)
    baseline = None
    print(f"{'page':42} {'p50 ms':>8} {'p95 ms':>8} {'p95/baseline':>13}")
    for name, path in pages.items():
        times = timed(client, path, count)
        p50, p95 = statistics.median(times), percentile(times, 95)
        baseline = baseline or p95
        print(f"{name:42} {p50:8.1f} {p95:8.1f} {p95 / baseline:13.1f}")
    for name, path in (
        ("report HTML page (first request)", f"/equipe/c/{SLUG}/bilan"),
        ("report DOCX (first request, word clouds drawn)", f"/equipe/c/{SLUG}/bilan.docx"),
    ):
        seconds = timed(client, path, 1)[0] / 1000
        print(f"{name}: {seconds:.2f} s (target < 10 s)")


if __name__ == "__main__":
    main()
