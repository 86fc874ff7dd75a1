"""Answering on a phone (390×844) and on tablets (1024×768, 768×1024), in French and Arabic,
with and without JavaScript: first question in view, errors where they are seen, long texts
counted, empty questionnaires refused, one's own thanks, the language switched without loss."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from consult.models import Response
from tests.browser.test_offline_app import enrol_tablet
from tests.factories import load_test_consultation

FORM = "/c/concertation-citoyenne/voltaire/{questionnaire}"
SIZES = {"phone": (390, 844), "tablet": (1024, 768), "tablet-portrait": (768, 1024)}


@pytest.fixture
def browse(browser):
    """Open a page in a fresh context of a given size, with or without JavaScript."""
    contexts = []

    def open_page(size: str = "phone", javascript: bool = True):
        width, height = SIZES[size]
        context = browser.new_context(
            viewport={"width": width, "height": height},
            java_script_enabled=javascript,
            locale="fr-FR",
        )
        context.set_default_timeout(20000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def stored(session) -> int:
    session.expire_all()
    found = session.scalar(select(func.count()).select_from(Response))
    session.rollback()
    return found


def open_form(page, url: str, javascript: bool = True) -> None:
    page.goto(url)
    if javascript:
        page.wait_for_selector("#questionnaire-form[data-enhanced='1']")


def in_view(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + 40 <= page.viewport_size["height"]


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize("questionnaire", ["adultes", "jeunes"])
def test_the_first_question_is_in_view_and_nothing_scrolls_sideways(
    browse, live_url, size, language, questionnaire
):
    page = browse(size)
    open_form(page, f"{live_url}{FORM.format(questionnaire=questionnaire)}?lang={language}")
    assert in_view(page, "label[for=atouts]") and in_view(page, "#atouts")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else None)
    # The notice before « En savoir plus » holds in two lines.
    lines = page.evaluate(
        """() => { const range = document.createRange();
        range.selectNodeContents(document.querySelector('.info-notice > p'));
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size; }"""
    )
    assert lines <= 2
    summary = page.locator(".info-notice summary").bounding_box()
    assert summary["height"] >= 44
    for button in page.locator(".languages button").all():
        assert button.bounding_box()["height"] >= 44


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_an_empty_questionnaire_is_refused_and_the_summary_is_focused_in_view(
    browse, live_url, session, javascript, language
):
    page = browse("phone", javascript)
    open_form(page, f"{live_url}{FORM.format(questionnaire='adultes')}?lang={language}", javascript)
    page.click("#questionnaire-form button.button-primary")
    page.wait_for_selector("#erreurs")
    expected = {"fr": "Vous n’avez répondu à aucune question", "ar": "لم تُجب عن أي سؤال"}
    assert expected[language] in page.inner_text("#erreurs").replace("'", "’")
    assert page.evaluate("document.activeElement.id") == "erreurs"
    assert in_view(page, "#erreurs")
    assert stored(session) == 0
    if javascript:
        assert page.evaluate("import('/static/js/store.js').then((s) => s.countPending())") == 0


@pytest.mark.parametrize("javascript", [True, False])
def test_a_text_over_the_limit_is_counted_and_refused_next_to_its_field(
    browse, live_url, session, javascript
):
    page = browse("phone", javascript)
    open_form(page, live_url + FORM.format(questionnaire="jeunes"), javascript)
    page.fill("#atouts", "x" * 2010)  # as a paste: nothing is cut
    assert len(page.input_value("#atouts")) == 2010
    if javascript:
        assert "2\u202f010 caractères" in page.inner_text("#atouts-compteur")
        assert "dépasse la limite" in page.inner_text("#atouts-alerte")
        assert page.get_attribute("#atouts-alerte", "aria-live") == "polite"
    page.click("#questionnaire-form button.button-primary")
    page.wait_for_selector("#erreurs")
    # The error sits in the field's own block, before the field; the summary links to it.
    field_error = page.locator(".question:has(#atouts) .field-error")
    assert "Ta réponse fait 2\u202f010 caractères" in field_error.inner_text()
    assert "atouts-erreur" in page.get_attribute("#atouts", "aria-describedby")
    assert page.get_attribute("#atouts", "aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "erreurs"
    assert stored(session) == 0


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_on_a_personal_phone_each_respondent_gets_their_own_thanks(
    browse, live_url, session, language
):
    page = browse("phone")
    open_form(page, f"{live_url}{FORM.format(questionnaire='jeunes')}?lang={language}")
    page.fill("#atouts", "Le city stade")
    page.click("#questionnaire-form button.button-primary")
    page.wait_for_url("**/merci?audience=jeunes*")
    text = page.inner_text("main")
    assert "personne suivante" not in text
    expected = {"fr": "Tes réponses sont bien enregistrées", "ar": "تم حفظ إجاباتك"}
    assert expected[language] in text
    assert page.get_attribute("html", "lang") == language
    assert stored(session) == 1


@pytest.mark.parametrize("javascript", [True, False])
def test_switching_language_keeps_what_was_typed(browse, live_url, session, javascript):
    page = browse("tablet", javascript)
    open_form(page, live_url + FORM.format(questionnaire="adultes"), javascript)
    page.fill("#atouts", "Le marché du samedi")
    page.check("input[name=age][value='40_59']")
    page.click(".languages button[lang=ar]")
    page.wait_for_selector("html[lang=ar]")
    if javascript:
        page.wait_for_selector("#questionnaire-form[data-enhanced='1']")
    assert page.input_value("#atouts") == "Le marché du samedi"
    assert page.is_checked("input[name=age][value='40_59']")
    assert page.inner_text("#questionnaire-form button.button-primary") == "إرسال إجاباتي"
    assert stored(session) == 0
    page.click("#questionnaire-form button.button-primary")
    page.wait_for_url("**/merci*lang=ar")
    session.expire_all()
    assert session.scalars(select(Response.language)).all() == ["ar"]
    session.rollback()


def test_the_counter_counts_an_emoji_as_one_character_as_the_server_does(browse, live_url, session):
    page = browse("phone")
    open_form(page, live_url + FORM.format(questionnaire="adultes"))
    page.fill("#atouts", "🙂" * 2000)
    assert "0" in page.inner_text("#atouts-compteur")
    assert page.get_attribute("#atouts-compteur", "class") == "hint char-count"
    page.click("#questionnaire-form button.button-primary")
    page.wait_for_url("**/merci*")
    assert stored(session) == 1


def test_a_required_question_left_empty_is_shown_at_its_field_before_sending(
    browse, live_url, session, tmp_path
):
    load_test_consultation(session, tmp_path)
    page = browse("tablet-portrait")
    open_form(page, live_url + "/c/essai/voltaire/essai")
    page.fill("#surnom", "Le Quartier")
    page.click("#questionnaire-form button.button-primary")
    page.wait_for_selector("#erreurs")
    assert "obligatoire" in page.locator(".question:has(#atouts) .field-error").inner_text()
    assert page.evaluate("import('/static/js/store.js').then((s) => s.countPending())") == 0
    assert stored(session) == 0


def test_without_network_a_language_saved_on_the_tablet_opens_with_what_was_typed(
    browse, live_url, session
):
    page = browse("tablet")
    url = live_url + FORM.format(questionnaire="jeunes")
    open_form(page, url + "?lang=ar")  # the Arabic page is now kept for offline use
    page.wait_for_selector("html[data-offline-ready='1']")
    open_form(page, url)
    page.wait_for_selector("html[data-offline-ready='1']")
    page.context.set_offline(True)
    page.fill("#atouts", "Le skate-park")
    page.check("input[name=genre][value='femme']")
    page.click(".languages button[lang=en]")  # never opened: not on the tablet
    page.wait_for_selector("#form-message.notice-error")
    assert "Tes réponses restent ici" in page.inner_text("#form-message")
    assert page.input_value("#atouts") == "Le skate-park"
    page.click(".languages button[lang=ar]")
    page.wait_for_selector("html[lang=ar]")
    page.wait_for_selector("#questionnaire-form[data-enhanced='1']")
    assert page.input_value("#atouts") == "Le skate-park"
    assert page.is_checked("input[name=genre][value='femme']")
    assert page.evaluate("sessionStorage.length") == 0
    assert stored(session) == 0


def test_on_a_shared_tablet_the_next_person_is_expected_and_the_idle_question_is_translated(
    browse, live_url, session
):
    page = browse("tablet")
    enrol_tablet(page, live_url, session)
    page.evaluate("import('/static/js/store.js').then((s) => s.setMeta('idleSeconds', 1))")
    open_form(page, f"{live_url}{FORM.format(questionnaire='jeunes')}?lang=ar")
    page.fill("#atouts", "الملعب")
    page.wait_for_selector("#idle-dialog[open]", timeout=5000)
    assert page.text_content("#idle-title") == "هل ما زلت هنا؟"
    assert "ثانية" in page.text_content("#idle-text")
    page.click("#idle-continue")
    page.click("#questionnaire-form button.button-primary")
    page.wait_for_selector("#form-message.notice-success")
    assert "الاستبيان جاهز للشخص التالي" in page.inner_text("#form-message")
    assert "/merci" not in page.url
    assert stored(session) == 1


def test_the_notice_opens_on_en_savoir_plus_with_the_whole_text(browse, live_url):
    page = browse("phone")
    open_form(page, live_url + FORM.format(questionnaire="adultes"))
    assert not page.is_visible("text=2030")
    page.click(".info-notice summary")
    assert page.is_visible(".info-notice details p")
    assert "5 personnes" in page.inner_text(".info-notice details")
