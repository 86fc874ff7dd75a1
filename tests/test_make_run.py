"""``make run`` read as a newcomer reads it: a few progress lines, then a box whose last lines
are the administrator's e-mail and one-time password, with the address on the port asked for;
and those credentials open the staff pages."""

from __future__ import annotations

import http.cookiejar
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.prefix)
# A safety net so that a broken server cannot hang the suite; not a speed requirement.
GIVE_UP_AFTER = 300


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def make_run(tmp_path):
    """Start ``make run`` on the running interpreter's environment (``-o``: no install), a fresh
    SQLite database and a free port; stop it with its whole process group afterwards."""
    if not (VENV / "bin" / "consult").exists():
        pytest.skip("the consult script is not installed in this environment")
    port = free_port()
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("MAKE", "MFLAGS"))
    }
    env.update(
        PORT=str(port),
        DATABASE_URL=f"sqlite:///{tmp_path / 'consult.db'}",
        SECRET_KEY="make-run-test",
        CONSULT_TAG_ON_ARRIVAL="0",
    )
    command = [
        "make",
        "--no-print-directory",
        "-o",
        f"{VENV}/.installed-run",
        "run",
        f"VENV={VENV}",
        f"LOG={tmp_path / 'make.log'}",
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        text=True,
        encoding="utf-8",
    )
    yield process, port
    os.killpg(process.pid, signal.SIGTERM)
    process.wait()


def read_until_box_closes(process) -> list[str]:
    """The lines printed until the box's bottom border (or until make stops)."""
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in process.stdout], daemon=True).start()
    printed: list[str] = []
    deadline = time.monotonic() + GIVE_UP_AFTER
    while (time.monotonic() < deadline and process.poll() is None) or not lines.empty():
        try:
            line = lines.get(timeout=1).rstrip("\n")
        except queue.Empty:
            continue
        printed.append(line)
        if line.startswith("└"):
            break
    return printed


def log_in(base: str, email: str, password: str) -> tuple[str, str]:
    """Log in through the login form as a person would: the address and page landed on."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    form = opener.open(f"{base}/connexion").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password})
    with opener.open(f"{base}/connexion", data=data.encode()) as response:
        return response.geturl(), response.read().decode()


def test_make_run_ends_with_the_address_and_credentials(make_run):
    process, port = make_run
    lines = read_until_box_closes(process)
    assert lines and lines[-1].startswith("└"), "\n".join(lines)
    top = next(i for i, line in enumerate(lines) if line.startswith("┌"))
    progress, box = lines[:top], [line.strip("│ ") for line in lines[top + 1 : -1]]
    assert 1 <= len(progress) <= 6 and all(line.startswith("• ") for line in progress), progress
    assert f"Ouvrir        http://127.0.0.1:{port}/" in box
    assert f"Se connecter  http://127.0.0.1:{port}/connexion" in box
    email_line, password_line = box[-2:]
    email = email_line.removeprefix("E-mail").strip()
    password = password_line.removeprefix("Mot de passe").split()[0]
    assert email == "admin@consult.local" and len(password) >= 12

    landed, page = log_in(f"http://127.0.0.1:{port}", email, password)
    # The one-time password works, and must be replaced before anything else.
    assert landed == f"http://127.0.0.1:{port}/mot-de-passe"
    assert "mot de passe" in page.lower()
