"""Kiosk idle timeout: a half-filled questionnaire left on a shared tablet is discarded, never sent.

Headless Chromium through Playwright (see conftest.py); the tablet is enrolled as in
test_offline_app.py and its idle delay shortened through the ``idleSeconds`` / ``idleCountdown``
meta settings that kiosk.js reads.
"""

from __future__ import annotations

import pytest

from consult.models import Response
from tests.browser.test_offline_app import FORM, count, enrol_tablet, open_form, pending


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(20000)
    yield context.new_page()
    context.close()


def kiosk_form(page, live_url, session, idle: int = 2, countdown: int = 3) -> None:
    enrol_tablet(page, live_url, session)
    page.evaluate(
        """([idle, countdown]) => import('/static/js/store.js').then(async (s) => {
             await s.setMeta('idleSeconds', idle);
             await s.setMeta('idleCountdown', countdown);
           })""",
        [idle, countdown],
    )
    open_form(page, live_url + FORM)
    page.wait_for_selector("#questionnaire-form[data-kiosk='1'][data-idle-watch='1']")


def focus_in_dialog(page) -> bool:
    return page.evaluate("document.getElementById('idle-dialog').contains(document.activeElement)")


def test_a_blank_form_never_asks(page, live_url, session):
    kiosk_form(page, live_url, session, idle=1)
    page.wait_for_timeout(2500)
    assert not page.is_visible("#idle-dialog")


def test_an_abandoned_form_is_discarded_not_sent(page, live_url, session):
    kiosk_form(page, live_url, session)
    old_uuid = page.input_value("input[name=client_uuid]")
    page.fill("#atouts", "Réponse abandonnée")
    page.check("input[name=age][value='15_17']")
    dialog = page.wait_for_selector("#idle-dialog[open]", timeout=5000)
    assert dialog.get_attribute("role") == "alertdialog"
    assert "Tu es toujours là\u202f?" in page.text_content("#idle-title")  # youth page: « tu »
    assert focus_in_dialog(page)
    for button in ("#idle-continue", "#idle-reset"):
        assert page.locator(button).bounding_box()["height"] >= 44
    page.wait_for_selector("#questionnaire-form[data-idle='discarded']", timeout=5000)
    assert not page.is_visible("#idle-dialog")
    assert page.input_value("#atouts") == ""
    assert not page.is_checked("input[name=age][value='15_17']")
    assert page.input_value("input[name=client_uuid]") not in ("", old_uuid)
    assert pending(page) == 0
    page.wait_for_timeout(500)  # nothing in flight either
    assert count(session, Response) == 0


def test_continue_keeps_the_answers(page, live_url, session):
    kiosk_form(page, live_url, session, idle=2, countdown=5)
    page.fill("#atouts", "Je suis encore là")
    page.wait_for_selector("#idle-dialog[open]", timeout=5000)
    assert focus_in_dialog(page)
    page.keyboard.press("Enter")  # focus starts on « Continuer »
    page.wait_for_selector("#questionnaire-form[data-idle='continued']")
    assert not page.is_visible("#idle-dialog")
    assert page.input_value("#atouts") == "Je suis encore là"
    page.wait_for_timeout(1000)
    assert page.input_value("#atouts") == "Je suis encore là"
    assert pending(page) == 0
    assert count(session, Response) == 0
