"""Staff journey in headless Chromium: log in, open a quartier, filter a segment, get the report."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import docx
import pytest
from werkzeug.serving import make_server

from consult.config import QUESTIONNAIRES_DIR
from consult.services.demo import DEMO_SLUG, load_demo
from tests.conftest import PASSWORD
from tests.staff_data import fresh_cache  # noqa: F401

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and os.environ.get("CONSULT_REQUIRE_BROWSER") != "1",
        reason="Chromium is not installed at /usr/bin/chromium",
    ),
]


@pytest.fixture
def live_url(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def page(live_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        context = browser.new_context(service_workers="block", accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(30_000)
        yield page
        browser.close()


def test_staff_filter_a_segment_and_download_the_report(page, live_url, auth, session):
    with session.begin():
        load_demo(session, QUESTIONNAIRES_DIR, responses=150)
    auth.create("agent@example.org", "staff")

    page.goto(f"{live_url}/connexion")
    page.fill("input[name=email]", "agent@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/connexion" not in url)

    page.goto(f"{live_url}/equipe/c/{DEMO_SLUG}/")
    page.get_by_role("link", name="Val Saint-Martin").click()
    assert page.locator("#table-themes").is_visible()
    page.get_by_label("Public").select_option("jeune")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(lambda url: "public=jeune" in url)
    assert "Jeunes" in page.locator("#groupe").inner_text()
    figures = page.locator("#table-themes tbody td.num").all_inner_texts()
    assert figures and all(f == "–" or f.startswith("<") or f == "masqué" or f[0].isdigit()
                           for f in figures)  # fmt: skip

    page.get_by_role("link", name="Exports et bilan").click()
    with page.expect_download() as download_info:
        page.locator("#lien-bilan-docx").click()
    download = download_info.value
    assert download.suggested_filename == f"bilan-{DEMO_SLUG}.docx"
    document = docx.Document(io.BytesIO(Path(download.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Voici les priorités ressorties par les habitants" in text
    assert "données de démonstration".lower() in text.lower()
