"""Findings at a glance in headless Chromium: overview charts, evolution since the earlier wave,
the report's opening — at phone and desktop widths, with nothing wider than the screen."""

from __future__ import annotations

import pytest

from consult.config import QUESTIONNAIRES_DIR
from consult.services.demo import DEMO_SLUG, load_demo
from tests.conftest import PASSWORD
from tests.staff_data import fresh_cache  # noqa: F401


@pytest.mark.parametrize("width", [390, 1024])
def test_overview_evolution_and_report_read_at_a_glance(browser, live_url, auth, session, width):
    with session.begin():
        load_demo(session, QUESTIONNAIRES_DIR, responses=160)
    auth.create("agent@example.org", "staff")
    context = browser.new_context(service_workers="block", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{live_url}/connexion")
    page.fill("input[name=email]", "agent@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/connexion" not in url)

    page.goto(f"{live_url}/equipe/c/{DEMO_SLUG}/")
    charts = page.locator("section[aria-labelledby=constats] svg[role=img]")
    assert charts.count() >= 2
    title = charts.first.locator("title").text_content()
    assert "priorités les plus citées" in title
    assert "%" in charts.first.locator("desc").text_content()  # values in words for screen readers
    assert _fits(page, width)

    page.get_by_role("link", name="Évolution").click()
    page.wait_for_url(lambda url: url.endswith("/evolution"))
    assert page.get_by_role("heading", name="Évolution depuis la vague démo 1").is_visible()
    assert page.locator("table[id^=evolution-]").count() >= 2
    assert _fits(page, width)

    page.goto(f"{live_url}/equipe/c/{DEMO_SLUG}/bilan")
    opening = page.locator("section[aria-labelledby=constats]")
    assert "Ce que disent les habitants" in opening.inner_text()
    assert page.locator("#evolution").is_visible()
    assert _fits(page, width)
    context.close()


def _fits(page, width: int) -> bool:
    """No page scrolls sideways (wide tables scroll inside their own frame)."""
    return page.evaluate("document.documentElement.scrollWidth") <= width
