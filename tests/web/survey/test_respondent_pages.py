"""Respondent pages ready for the field: empty questionnaires refused, long texts counted, a
short notice, every word of the page in the respondent's language, « tu » for young people."""

from __future__ import annotations

import html
import json
import re

import pytest
from sqlalchemy import func, select

from consult.models import Answer, Response
from consult.questionnaire.answers import NOTHING_ANSWERED, WHOLE, clean_answers
from tests.factories import current_version_id, new_uuid
from tests.web.api.helpers_api import make_payload, post_json

FORM = "/c/concertation-citoyenne/voltaire/{questionnaire}"
NOTHING_VOUS = "Vous n’avez répondu à aucune question"
NOTHING_TU = "Tu n’as répondu à aucune question"


def count(session, model) -> int:
    session.expire_all()
    found = session.scalar(select(func.count()).select_from(model))
    session.rollback()
    return found


def text_of(page: str) -> str:
    """What a reader sees: no tags, no scripts, entities decoded, apostrophes straightened."""
    page = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page)).replace("\u2019", "'")


def post(client, questionnaire="adultes", lang="fr", **answers):
    data = {"client_uuid": new_uuid(), "lang": lang, **answers}
    return client.post(FORM.format(questionnaire=questionnaire), data=data)


# --- 2. Empty questionnaires -------------------------------------------------------------


@pytest.mark.parametrize(
    ("questionnaire", "message"), [("adultes", NOTHING_VOUS), ("jeunes", NOTHING_TU)]
)
def test_an_empty_questionnaire_is_refused_with_a_message_and_nothing_is_stored(
    client, session, questionnaire, message
):
    response = post(client, questionnaire, atouts="   ", priorites="")
    page = text_of(response.get_data(as_text=True)).replace("'", "’")
    assert response.status_code == 422
    assert message in page
    assert count(session, Response) == 0 and count(session, Answer) == 0


def test_without_javascript_the_error_summary_comes_first_and_takes_the_focus(client):
    page = post(client).get_data(as_text=True)
    summary = page.index('id="erreurs"')
    assert summary < page.index('class="languages"') < page.index('class="info-notice"')
    assert re.search(r'<div class="error-summary"[^>]*\bautofocus\b', page)


def test_segment_answers_alone_are_stored_with_no_atouts_or_priorites_rows(client, session):
    response = post(client, age="40_59", genre="femme")
    assert response.status_code == 302
    stored = session.scalars(select(Response)).one()
    assert {a.question_key for a in stored.answers} == {"age", "genre"}
    assert not {a.role for a in stored.answers} & {"atouts", "priorites"}


def test_the_api_refuses_an_empty_submission_naming_the_answers_field(client, session):
    payload = make_payload(session, atouts="Le parc")
    payload["answers"] = {"atouts": "  ", "age": ""}
    response = post_json(client, "/api/v1/submissions", payload)
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {"answers": NOTHING_ANSWERED}
    assert count(session, Response) == 0


def test_a_blank_paper_sheet_is_refused_with_the_message(client, auth, session):
    auth.login("benevole@example.org", "collector")
    version_id = current_version_id(session, "concertation-citoyenne", "adultes")
    session.commit()
    response = client.post(f"/saisie-papier/{version_id}/voltaire", data={"serial": "12"})
    assert response.status_code == 422
    assert NOTHING_VOUS in text_of(response.get_data(as_text=True)).replace("'", "’")
    assert count(session, Response) == 0


def test_an_answer_to_a_question_not_shown_does_not_count_as_an_answer():
    definition = {
        "questions": [
            {
                "key": "transport",
                "type": "single_choice",
                "label": {"fr": "?"},
                "choices": [
                    {"code": "bus", "label": {"fr": "Bus"}},
                    {"code": "pied", "label": {"fr": "Pied"}},
                ],
            },
            {
                "key": "ligne",
                "type": "short_text",
                "label": {"fr": "?"},
                "show_if": {"question": "transport", "equals": "bus"},
            },
        ]
    }
    assert clean_answers(definition, "voltaire", {"ligne": "12"}) == ({}, {WHOLE: NOTHING_ANSWERED})
    assert clean_answers(definition, "voltaire", {"transport": "pied"}) == (
        {"transport": "pied"},
        {},
    )


# --- 4. Long texts -----------------------------------------------------------------------


def test_long_texts_have_a_counter_and_no_maxlength_that_would_cut_them(client):
    page = client.get(FORM.format(questionnaire="adultes")).get_data(as_text=True)
    assert "maxlength" not in page
    assert re.search(r'id="atouts-compteur" data-limit="2000">2\u202f000 caractères', page)
    assert re.search(r'<p class="char-warning" id="atouts-alerte" aria-live="polite">', page)


def test_a_text_over_the_limit_is_refused_next_to_its_field_in_the_youth_wording(client, session):
    response = post(client, "jeunes", atouts="é" * 2001)
    page = text_of(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "Ta réponse fait 2\u202f001 caractères ; la limite est de 2\u202f000 caractères." in (
        page.replace("\u202f;", " ;")
    )
    assert 'id="atouts-erreur"' in response.get_data(as_text=True)
    assert count(session, Response) == 0


# --- 5. The notice -----------------------------------------------------------------------


def test_the_notice_is_two_lines_and_the_rest_is_behind_en_savoir_plus(client):
    page = client.get(FORM.format(questionnaire="adultes")).get_data(as_text=True)
    notice = page[page.index('class="info-notice"') : page.index("</section>")]
    short, details = notice.split("<details>")
    assert "anonyme" in short and "2030" not in short
    assert "<summary>En savoir plus</summary>" in details and "2030" in details


def test_the_falc_notice_puts_one_sentence_per_line(client):
    page = client.get(FORM.format(questionnaire="adultes") + "?lang=falc").get_data(as_text=True)
    details = page[page.index("<details>") : page.index("</details>")]
    assert "Vous ne donnez pas votre nom.<br>Personne ne saura ce que vous avez répondu.<br>" in (
        html.unescape(details)
    )


def test_falc_hints_put_one_sentence_per_line(client):
    page = client.get(FORM.format(questionnaire="jeunes") + "?lang=falc").get_data(as_text=True)
    assert "Ce qui manque.<br>Ce qui ne va pas." in page


@pytest.mark.parametrize("questionnaire", ["adultes", "jeunes"])
@pytest.mark.parametrize("language", ["falc", "en", "ar"])
def test_every_notice_says_what_the_french_one_says(client, session, questionnaire, language):
    """Same figures (minutes, 2030, groups of 5) and the use of the answers."""
    from consult.models import QuestionnaireVersion

    version = session.get(
        QuestionnaireVersion, current_version_id(session, "concertation-citoyenne", questionnaire)
    )
    notice = version.definition["notice"]
    session.rollback()
    assert sorted(re.findall(r"\d+", notice[language])) == sorted(re.findall(r"\d+", notice["fr"]))
    used_for = {"falc": "servent seulement", "en": "only used", "ar": "فقط"}
    assert used_for[language] in notice[language]


# --- 6. The page in the respondent's language ---------------------------------------------

CHROME = {
    "en": ("Send my answers", "Find out more", "Before you answer", "Anonymous consultation"),
    "ar": ("إرسال إجاباتي", "لمعرفة المزيد", "قبل الإجابة", "استشارة مجهولة الهوية"),
    "falc": ("Envoyer mes réponses", "En savoir plus", "Personne ne sait qui a répondu"),
}
FRENCH_ONLY = ("Envoyer mes réponses", "En savoir plus", "Accueil", "Consultation anonyme")


@pytest.mark.parametrize("language", ["en", "ar", "falc"])
def test_the_page_chrome_is_in_the_questionnaire_language(client, language):
    page = client.get(FORM.format(questionnaire="adultes") + f"?lang={language}")
    source = page.get_data(as_text=True)
    seen = text_of(source)
    for wording in CHROME[language]:
        assert wording in seen
    if language != "falc":
        assert not [french for french in FRENCH_ONLY if french in seen]
    expected = {"en": '<html lang="en">', "ar": '<html lang="ar" dir="rtl">'}
    assert source.count(expected.get(language, '<html lang="fr">')) == 1


def test_french_left_on_an_arabic_page_is_marked_as_french(client):
    # The sector names exist in French only.
    arabic = client.get("/c/concertation-citoyenne/gouraincourt_remparts/adultes?lang=ar")
    assert '<span lang="fr">Remparts / 8 mai 45</span>' in arabic.get_data(as_text=True)
    french = client.get("/c/concertation-citoyenne/gouraincourt_remparts/adultes")
    assert '<span lang="fr">' not in french.get_data(as_text=True)


@pytest.mark.parametrize("language", ["fr", "falc"])
def test_youth_pages_say_tu_everywhere(client, language):
    form = client.get(FORM.format(questionnaire="jeunes") + f"?lang={language}")
    form = form.get_data(as_text=True)
    refused = post(client, "jeunes", lang=language).get_data(as_text=True)
    thanks = client.get(f"/merci?audience=jeunes&lang={language}").get_data(as_text=True)
    for page in (form, refused, thanks, _script_messages(form)):
        assert not re.findall(r"\b(?:vous|votre|vos)\b", text_of(page), flags=re.I)
    assert "Tes réponses sont bien" in thanks


def _script_messages(page: str) -> str:
    found = json.loads(re.search(r'id="form-messages">(.*?)</script>', page, re.S).group(1))
    return " ".join(value for value in found.values() if isinstance(value, str))


def test_the_script_gets_its_messages_in_the_page_language(client):
    page = client.get(FORM.format(questionnaire="jeunes") + "?lang=ar").get_data(as_text=True)
    messages = _script_messages(page)
    assert "شكرًا" in messages and "/merci?audience=jeunes&lang=ar" in messages
    # What the API says in French, the script shows in the page's language.
    known = json.loads(re.search(r'id="form-messages">(.*?)</script>', page, re.S).group(1))
    assert known["known"]["Cette question est obligatoire."] == "هذا السؤال إلزامي."


@pytest.mark.parametrize("url", ["/", "/c/concertation-citoyenne/voltaire/"])
def test_home_and_quartier_pages_offer_a_language_choice_kept_in_their_links(client, url):
    page = client.get(url + "?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    for code in ("fr", "falc", "en", "ar"):
        assert f'href="?lang={code}"' in page
    assert "lang=ar" in re.search(r'class="card" href="([^"]+)"', page).group(1)
    assert "Accueil" not in text_of(page)


def test_switching_language_keeps_what_was_typed_and_stores_nothing(client, session):
    response = post(client, atouts="Le parc <b>", age="40_59", switch_lang="ar")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page
    assert "Le parc &lt;b&gt;</textarea>" in page
    assert re.search(r'value="40_59"[^>]* checked|checked[^>]* value="40_59"', page)
    assert re.search(r'name="lang" type="hidden" value="ar"', page)
    assert count(session, Response) == 0


def test_a_language_the_questionnaire_lacks_falls_back_on_french(client):
    page = client.get(FORM.format(questionnaire="adultes") + "?lang=xx").get_data(as_text=True)
    assert '<html lang="fr">' in page and "Envoyer mes réponses" in page


def test_the_thanks_page_speaks_the_respondents_language(client):
    page = client.get("/merci?audience=adultes&lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page and "Your answers are saved" in page


def test_the_answer_is_sent_to_thanks_in_the_same_language(client):
    response = post(client, "jeunes", lang="ar", atouts="Le stade")
    assert response.status_code == 302
    assert response.location.endswith("/merci?audience=jeunes&lang=ar")


def test_an_error_page_speaks_the_language_asked_for(client):
    page = client.get("/c/concertation-citoyenne/nulle-part/adultes?lang=ar")
    assert page.status_code == 404
    source = page.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in source and "الصفحة غير موجودة" in source
    french = client.get("/c/concertation-citoyenne/nulle-part/adultes").get_data(as_text=True)
    assert '<html lang="fr">' in french and "Page introuvable" in french
