"""The tablet's PIN (chosen at enrolment) and its status display, at phone and tablet sizes.

The PIN guards leaving the questionnaires in kiosk mode, the token and the download of unsent
answers; only its PBKDF2 hash is kept on the tablet. In kiosk mode the sync status is one quiet
line after the questionnaire; the full status (and no false alarm) is on /tablette.
"""

from __future__ import annotations

import pytest

from consult.services.devices import enrol_device
from tests.browser.test_offline_app import FORM, PIN, enrol_tablet, open_form

SIZES = {"phone": {"width": 390, "height": 844}, "tablet": {"width": 768, "height": 1024}}
META = "(key) => import('/static/js/store.js').then((s) => s.getMeta(key))"
HIDDEN_SHOWN = """() => [...document.querySelectorAll('[hidden]')]
  .filter((el) => getComputedStyle(el).display !== 'none').map((el) => el.id || el.className)"""


@pytest.fixture(params=SIZES)
def page(request, browser):
    context = browser.new_context(locale="fr-FR", viewport=SIZES[request.param])
    context.set_default_timeout(20000)
    yield context.new_page()
    context.close()


def test_a_tablet_shows_no_false_alarm_and_kiosk_pages_one_quiet_status_line(
    page, live_url, session
):
    page.goto(live_url + "/tablette")
    page.wait_for_selector("html[data-kiosk-ready='1']")
    assert page.evaluate(HIDDEN_SHOWN) == []
    assert not page.is_visible("#revoked-state") and not page.is_visible("#review-link")
    page.goto("about:blank")  # a new load of /tablette, not just a new #fragment
    enrol_tablet(page, live_url, session)
    page.wait_for_selector("#sync-status:not([hidden])")
    assert page.evaluate(HIDDEN_SHOWN) == []
    assert not page.is_visible("#revoked-state") and not page.is_visible("#review-link")
    assert page.is_visible("#sync-now")

    open_form(page, live_url + FORM)
    page.wait_for_selector("#sync-status:not([hidden])")
    assert page.evaluate(HIDDEN_SHOWN) == []
    status = page.locator("#sync-status")
    assert "Aucune réponse en attente d'envoi" in status.inner_text()
    assert not page.is_visible("#revoked-state") and not page.is_visible("#review-link")
    # No staff panel before the questions: the line sits in the footer, after the form.
    assert page.locator(".site-footer #sync-status").count() == 1
    assert page.locator("#sync-now").count() == 0
    assert "Stockage persistant" not in page.inner_text("body")
    one_line = "(el) => el.offsetHeight < 2 * parseFloat(getComputedStyle(el).lineHeight)"
    assert status.evaluate(one_line)


def test_enrolment_requires_a_pin_of_4_to_8_digits_typed_twice(page, live_url, session):
    with session.begin():
        _, token = enrol_device(session, "Tablette MJC", ["voltaire"])
    page.goto(f"{live_url}/tablette#jeton={token}")
    page.wait_for_selector("html[data-kiosk-ready='1']")
    for pin, confirmation, error in [
        ("", "", "4 à 8 chiffres"),
        ("12a4", "12a4", "4 à 8 chiffres"),
        ("123", "123", "4 à 8 chiffres"),
        ("2468", "2469", "pas identiques"),
    ]:
        page.fill("#pin", pin)
        page.fill("#pin-confirm", confirmation)
        page.click("#enrol-form [type=submit]")
        page.wait_for_selector("#pin-error:not([hidden])")
        assert error in page.text_content("#pin-error")
        assert page.get_attribute("#pin", "aria-invalid") == "true"
        assert page.evaluate(META, "token") is None and page.evaluate(META, "pin") is None

    page.fill("#pin", PIN)
    page.fill("#pin-confirm", PIN)
    page.click("#enrol-form [type=submit]")
    page.wait_for_selector("#device-enrolled:not([hidden])")
    record = page.evaluate(META, "pin")
    assert record["algorithm"] == "PBKDF2-SHA-256" and record["iterations"] >= 100_000
    assert record["salt"] and record["hash"] and PIN not in str(record)


def test_a_locked_tablet_page_hides_the_token_and_the_download_until_the_pin(
    page, live_url, session
):
    enrol_tablet(page, live_url, session)
    page.reload()
    page.wait_for_selector("#unlock-form:not([hidden])")
    for guarded in ("#forget-token", "#export-outbox", "#device-pages", "#review-list"):
        assert not page.is_visible(guarded), guarded
    page.fill("#unlock-pin", "1357")
    page.click("#unlock-form [type=submit]")
    page.wait_for_selector("#unlock-error:not([hidden])")
    assert not page.is_visible("#forget-token") and not page.is_visible("#export-outbox")

    page.fill("#unlock-pin", PIN)
    page.click("#unlock-form [type=submit]")
    page.wait_for_selector("#device-enrolled:not([hidden])")
    assert page.is_visible("#export-outbox") and page.is_hidden("#unlock-form")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#forget-token")
    page.wait_for_selector("#enrol-form:not([hidden])")
    assert page.evaluate(META, "token") is None and page.evaluate(META, "pin") is None


def test_leaving_the_questionnaire_in_kiosk_mode_takes_the_pin(page, live_url, session):
    enrol_tablet(page, live_url, session)
    open_form(page, live_url + FORM)
    page.wait_for_selector("#questionnaire-form[data-kiosk='1']")
    page.wait_for_function("() => window.consultExitsGuarded === true")
    form_url = page.url
    page.click(".breadcrumb a >> nth=0")
    page.wait_for_selector("#pin-dialog[open]")
    page.click("#pin-dialog-cancel")
    assert not page.is_visible("#pin-dialog") and page.url == form_url

    page.click(".brand")
    page.fill("#pin-dialog-input", "0000")
    page.click("#pin-dialog [type=submit]")
    page.wait_for_selector("#pin-dialog-error:not([hidden])")
    assert page.url == form_url

    page.click("#pin-dialog-cancel")
    # Any link out of the questionnaires is guarded, this one to the tablet page too.
    page.evaluate("document.querySelector('.breadcrumb a').setAttribute('href', '/tablette')")
    page.click(".breadcrumb a >> nth=0")
    page.fill("#pin-dialog-input", PIN)
    page.click("#pin-dialog [type=submit]")
    page.wait_for_url(f"{live_url}/tablette")
    # The PIN just given opens the tablet page once, without asking again.
    page.wait_for_selector("#device-enrolled:not([hidden])")
    assert page.is_hidden("#unlock-form")


def test_a_tablet_enrolled_before_pins_asks_for_one_then_locks(page, live_url, session):
    enrol_tablet(page, live_url, session)
    page.evaluate("import('/static/js/store.js').then((s) => s.deleteMeta('pin'))")
    page.reload()
    page.wait_for_selector("#pin-setup-form:not([hidden])")
    page.fill("#new-pin", "97531")
    page.fill("#new-pin-confirm", "97530")
    page.click("#pin-setup-form [type=submit]")
    page.wait_for_selector("#new-pin-error:not([hidden])")
    assert page.evaluate(META, "pin") is None
    page.fill("#new-pin", "97531")
    page.fill("#new-pin-confirm", "97531")
    page.click("#pin-setup-form [type=submit]")
    page.wait_for_selector("#pin-setup-form", state="hidden")
    page.reload()
    page.wait_for_selector("#unlock-form:not([hidden])")
    page.fill("#unlock-pin", "97531")
    page.click("#unlock-form [type=submit]")
    page.wait_for_selector("#device-enrolled:not([hidden])")
