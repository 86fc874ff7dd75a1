"""The meeting board typed with the keyboard only, in headless Chromium."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consult.models import Consultation, Contribution
from consult.services.meetings import MeetingData, create_meeting
from tests.conftest import PASSWORD


@pytest.fixture
def page(browser):
    # The PWA's service worker has its own tests; here it would only cache pages.
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_contributions_are_typed_line_after_line_with_the_keyboard(page, live_url, auth, session):
    auth.create("animatrice@example.org", "staff")
    consultation = session.scalar(select(Consultation).filter_by(slug="concertation-citoyenne"))
    data = MeetingData("voltaire", consultation.opens_on or _date(), "conseil_citoyen", 30)
    meeting = create_meeting(session, consultation.id, data, None)
    session.commit()

    page.goto(f"{live_url}/connexion")
    page.fill("input[name=email]", "animatrice@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/connexion" not in url)
    page.goto(f"{live_url}/equipe/reunions/{meeting.id}")

    # The text field has the focus: type, Entrée, type the next one.
    assert focused(page) == "text"
    page.keyboard.type("Le centre social")
    press_enter_and_wait(page)
    assert focused(page) == "text"
    page.keyboard.type("Les commerces")
    page.keyboard.press("Tab")  # votes
    page.keyboard.type("6")
    press_enter_and_wait(page)
    # Switch to the priorités column: Tab to the kind radios, arrow, Entrée.
    page.keyboard.type("La sécurité")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")
    press_enter_and_wait(page)
    assert "kind=priorite" in page.url
    assert page.locator("input[name=kind][value=priorite]").is_checked()
    assert focused(page) == "text"
    page.keyboard.type("La propreté")
    press_enter_and_wait(page)

    session.expire_all()
    stored = session.scalars(select(Contribution).order_by(Contribution.position)).all()
    assert [(c.kind, c.text, c.votes) for c in stored] == [
        ("atout", "Le centre social", None),
        ("atout", "Les commerces", 6),
        ("priorite", "La sécurité", None),
        ("priorite", "La propreté", None),
    ]
    session.commit()
    board = page.locator("#col-priorite").locator("..").inner_text()
    assert "La propreté" in board


def focused(page) -> str | None:
    return page.evaluate("document.activeElement.name")


def press_enter_and_wait(page) -> None:
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")


def _date():
    from datetime import date

    return date(2023, 8, 28)
