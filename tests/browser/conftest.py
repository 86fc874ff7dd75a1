"""Browser tests: Debian's Chromium driven headless by Playwright, against the app over HTTP.

Every test here is marked ``browser``. Without Chromium they skip, unless
``CONSULT_REQUIRE_BROWSER=1`` (CI), which turns its absence into a failure.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = Path(os.environ.get("CONSULT_CHROMIUM", "/usr/bin/chromium"))
# Quiet, sandbox-free headless Chromium: this machine has no network to phone home to.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(item.fspath).parent == here:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run; each test opens its own context."""
    if not CHROMIUM.exists():
        if os.environ.get("CONSULT_REQUIRE_BROWSER") == "1":
            pytest.fail(f"CONSULT_REQUIRE_BROWSER=1 but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_url(app):
    """The test app served over real HTTP on 127.0.0.1 (a secure context for service workers)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
