"""The offline app in a real browser (Debian's Chromium, headless, through Playwright).

Skipped when /usr/bin/chromium is missing, unless CONSULT_REQUIRE_BROWSER=1 (CI), which
turns the absence into a failure.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from consult.models import Device, Response, SubmissionConflict
from consult.services.devices import enrol_device, revoke_device

FORM = "/c/concertation-citoyenne/voltaire/jeunes"
PIN = "2468"


@pytest.fixture
def server(live_url):
    return live_url


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(20000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


def count(session, model, **where) -> int:
    session.expire_all()
    found = session.scalar(select(func.count()).select_from(model).filter_by(**where))
    session.rollback()
    return found


def open_form(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#questionnaire-form[data-enhanced='1']")


def send(page, text: str) -> None:
    page.fill("#atouts", text)
    page.check("input[name=age][value='15_17']")
    page.click("#questionnaire-form [type=submit]")


def answer(page, text: str) -> None:
    send(page, text)
    # The previous « Merci » is removed on submit: this waits for this submission's own.
    page.wait_for_selector("#form-message.notice-success")


def pending(page) -> int:
    return page.evaluate("import('/static/js/store.js').then((s) => s.countPending())")


def enrol_tablet(page, server, session) -> Device:
    with session.begin():
        device, token = enrol_device(session, "Tablette test", ["voltaire"])
    page.goto(f"{server}/tablette#jeton={token}")
    page.wait_for_selector("html[data-kiosk-ready='1']")
    page.fill("#pin", PIN)
    page.fill("#pin-confirm", PIN)
    page.click("#enrol-form [type=submit]")
    page.wait_for_selector("#device-enrolled:not([hidden])")
    page.wait_for_selector("html[data-pages-cached]")
    return device


def test_answers_taken_offline_survive_reloads_and_are_sent_once(page, context, server, session):
    open_form(page, server + FORM)
    page.wait_for_selector("html[data-offline-ready='1']")
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("#questionnaire-form[data-enhanced='1']")
    for n in range(3):
        answer(page, f"Le city stade {n}")
        assert page.input_value("#atouts") == ""
    page.reload()
    page.wait_for_selector("#questionnaire-form[data-enhanced='1']")
    page.wait_for_selector("#sync-status[data-pending='3']", state="attached")
    assert "3 réponses en attente d'envoi" in page.text_content("#pending-count")
    assert count(session, Response) == 0
    context.set_offline(False)
    page.wait_for_selector("#sync-status[data-pending='0']", state="attached", timeout=30000)
    assert pending(page) == 0
    assert count(session, Response) == 3
    responses = session.scalars(select(Response)).all()
    texts = {a.text for r in responses for a in r.answers if a.question_key == "atouts"}
    assert texts == {"Le city stade 0", "Le city stade 1", "Le city stade 2"}
    session.rollback()


def test_kiosk_mode_resets_the_form_for_the_next_person(page, server, session):
    device = enrol_tablet(page, server, session)
    open_form(page, server + FORM)
    answer(page, "Réponse de la personne précédente")
    assert page.input_value("#atouts") == ""
    assert not page.is_checked("input[name=age][value='15_17']")
    assert "Réponse de la personne" not in page.content()
    page.go_back()
    page.go_forward()
    page.wait_for_selector("#questionnaire-form[data-enhanced='1']")
    assert page.input_value("#atouts") == ""
    assert not page.is_checked("input[name=age][value='15_17']")
    page.wait_for_selector("#sync-status[data-pending='0']", state="attached")
    assert "Aucune réponse en attente d'envoi" in page.text_content("#pending-count")
    assert "jamais" not in page.text_content("#last-sync")
    assert count(session, Response, channel="tablette", device_id=device.id) == 1


def test_a_conflicting_answer_lands_in_a_verifier_and_is_not_retried(page, server, session):
    open_form(page, server + FORM)
    existing = str(uuid.uuid4())
    page.evaluate(
        """async (uuid) => {
          const form = document.getElementById('questionnaire-form');
          await fetch('/api/v1/submissions', {method: 'POST',
            headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({client_uuid: uuid, version_id: Number(form.dataset.versionId),
                                  quartier_id: 'voltaire', answers: {atouts: 'premier envoi'}})});
        }""",
        existing,
    )
    page.fill("#atouts", "autre contenu")
    page.eval_on_selector("input[name=client_uuid]", "(el, uuid) => { el.value = uuid; }", existing)
    page.click("#questionnaire-form [type=submit]")
    page.wait_for_selector("#review-link:not([hidden])")
    assert "À vérifier : 1" in page.text_content("#review-link")
    assert pending(page) == 0
    page.goto(server + "/tablette")
    page.wait_for_selector("html[data-kiosk-ready='1']")
    assert "client_uuid" in page.text_content("#review-list")
    assert count(session, Response) == 1
    assert count(session, SubmissionConflict) == 1


def test_a_revoked_tablet_says_so_and_keeps_its_outbox(page, server, session):
    device = enrol_tablet(page, server, session)
    with session.begin():
        revoke_device(session, device.id)
    open_form(page, server + FORM)
    answer(page, "Gardée malgré la révocation")
    page.wait_for_selector("#revoked-state:not([hidden])")
    assert pending(page) == 1
    assert "1 réponse en attente d'envoi" in page.text_content("#pending-count")
    assert count(session, Response) == 0
    page.goto(server + "/tablette")
    page.fill("#unlock-pin", PIN)
    page.click("#unlock-form [type=submit]")
    page.wait_for_selector("#device-error:not([hidden])")
    assert "révoquée" in page.text_content("#device-error")
    with page.expect_download() as download:
        page.click("#export-outbox")
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Gardée malgré la révocation" in exported and '"consult-outbox"' in exported


def sw_version(page) -> str:
    return page.evaluate(
        """() => new Promise((resolve) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = (event) => resolve(event.data.version);
          navigator.serviceWorker.controller.postMessage({type: 'version'}, [channel.port2]);
        })"""
    )


def test_a_new_deployment_updates_the_app_without_losing_the_outbox(
    page, context, server, app, session
):
    open_form(page, server + FORM)
    page.wait_for_selector("html[data-offline-ready='1']")
    page.reload()
    page.wait_for_selector("#questionnaire-form[data-enhanced='1']")
    old_version = sw_version(page)
    context.set_offline(True)
    answer(page, "avant la mise à jour 1")
    answer(page, "avant la mise à jour 2")
    # The API is unreachable but pages load: the new version installs with 2 answers waiting.
    context.route("**/api/v1/**", lambda route: route.abort())
    context.set_offline(False)
    app.config["DEPLOYMENT_VERSION"] = "nouvelle-version"
    page.reload()
    page.wait_for_function(
        "() => navigator.serviceWorker.controller && "
        "navigator.serviceWorker.controller.state === 'activated'"
    )
    for _ in range(100):
        if sw_version(page) == "nouvelle-version":
            break
        page.wait_for_timeout(200)
    assert sw_version(page) == "nouvelle-version" != old_version
    assert pending(page) == 2
    # Offline again: the updated app still opens the questionnaire from its new cache.
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("#questionnaire-form[data-enhanced='1']")
    assert pending(page) == 2
    context.unroute("**/api/v1/**")
    context.set_offline(False)
    page.wait_for_selector("#sync-status[data-pending='0']", state="attached", timeout=30000)
    assert count(session, Response) == 2
