"""A real Consult server for tests and benchmarks: migrated database, gunicorn subprocess."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str, tag_on_arrival: bool = False) -> dict[str, str]:
    """Environment of a test server. Theme tagging is off unless asked: it loads spaCy in each
    worker, which the fault test (it restarts workers) and the sync benchmark do not measure."""
    return os.environ | {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "live-server-tests",
        "CONSULT_TAG_ON_ARRIVAL": "1" if tag_on_arrival else "0",
        # Every test client comes from 127.0.0.1: the anonymous rate limit would stop them.
        "CONSULT_SUBMISSION_RATE_LIMIT": "1000000/minute",
    }


def prepare_database(database_url: str) -> None:
    """Migrate and load the questionnaires, as an operator would (``consult`` commands)."""
    env = server_env(database_url)
    for args in (["db", "upgrade"], ["questionnaires", "load"]):
        subprocess.run(
            [str(BIN / "consult"), *args], env=env, check=True, capture_output=True, cwd=ROOT
        )


class Gunicorn:
    """gunicorn serving ``create_app()``, in its own process group so it can be killed whole."""

    def __init__(
        self,
        database_url: str,
        port: int,
        log: Path,
        workers: int = 2,
        threads: int = 4,
        preload: bool = False,
    ):
        self.preload = preload
        self.database_url, self.port, self.log = database_url, port, log
        self.workers, self.threads = workers, threads
        self.process: subprocess.Popen | None = None

    def start(self, wait: float = 120.0) -> None:
        command = [
            str(BIN / "gunicorn"),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--timeout",
            "30",
            "--graceful-timeout",
            "2",
            *(["--preload"] if self.preload else []),
            "consult:create_app()",
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                env=server_env(self.database_url),
                stdout=log,
                stderr=log,
                start_new_session=True,
                cwd=ROOT,
            )
        self.wait_ready(wait)

    def workers_pids(self) -> list[int]:
        """Worker processes (children of the gunicorn master)."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.process.pid:
                    pids.append(int(stat.parent.name))
        return pids

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/api/v1/ping")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"gunicorn not ready after {timeout}s; see {self.log}")

    def kill(self) -> None:
        """SIGKILL master and workers at once: no graceful shutdown, requests cut mid-way."""
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()
