"""Staff journey in headless Chromium: log in, open a quartier, filter a segment, get the report."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from consult.config import QUESTIONNAIRES_DIR
from consult.services.demo import DEMO_SLUG, load_demo
from tests.conftest import PASSWORD
from tests.staff_data import fresh_cache  # noqa: F401


@pytest.fixture
def page(browser):
    context = browser.new_context(service_workers="block", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


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
    page.locator("#taux").get_by_role("link", name="Val Saint-Martin").click()
    assert page.locator("#table-themes").is_visible()
    page.locator("select[name=segment]").select_option("public:jeune")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(lambda url: "public%3Ajeune" in url)
    assert "Jeunes" in page.locator("#groupe").inner_text()
    figures = page.locator("#table-themes tbody td.num").all_inner_texts()
    assert figures and all(
        f == "–" or f.startswith("<") or f == "masqué" or f[0].isdigit() for f in figures
    )

    page.get_by_role("link", name="Exports et bilan").click()
    with page.expect_download() as download_info:
        page.locator("#lien-bilan-docx").click()
    download = download_info.value
    assert download.suggested_filename == f"bilan-{DEMO_SLUG}.docx"
    document = docx.Document(io.BytesIO(Path(download.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Voici les priorités ressorties par les habitants" in text
    assert "données de démonstration".lower() in text.lower()
