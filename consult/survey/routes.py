"""Respondent pages: choose a quartier and a questionnaire, answer, get thanked."""

from __future__ import annotations

import math
import uuid
from datetime import UTC, datetime

from flask import (
    Blueprint,
    abort,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)

from consult.db import get_session, transaction
from consult.i18n import LOCALES, html_lang, requested_language, translate, use_language
from consult.questionnaire.definition import LANGUAGE_NAMES, RTL_LANGUAGES, languages_of
from consult.services.submission_payload import parse_moment
from consult.services.submissions import Submission, SubmissionRejected, record_submission
from consult.services.surveys import (
    Closed,
    NotFound,
    consultation_quartier,
    find_target,
    open_consultations,
)
from consult.survey.forms import build_form, raw_answers
from consult.survey.messages import script_messages
from consult.tagging_on_arrival import tag_soon
from consult.throttle import count_submission, refused_for

bp = Blueprint("survey", __name__)


@bp.context_processor
def _language_context() -> dict:
    """What every respondent page needs to speak the respondent's language."""
    language = g.get("language", "fr")
    return {
        "language": language,
        "html_lang": html_lang(language),
        "rtl": language in RTL_LANGUAGES,
        "tu": g.get("tu", False),
    }


@bp.get("/")
def home():
    """Open consultations, their quartiers grouped by commune."""
    use_language(requested_language())
    return render_template(
        "survey/home.html",
        consultations=open_consultations(get_session()),
        languages=_choices(list(LOCALES)),
    )


@bp.get("/c/<slug>/<quartier_id>/")
def quartier(slug: str, quartier_id: str):
    """The questionnaires a quartier's residents may answer."""
    use_language(requested_language())
    consultation, place = _or_abort(consultation_quartier, get_session(), slug, quartier_id)
    return render_template(
        "survey/quartier.html",
        consultation=consultation,
        quartier=place,
        languages=_choices(list(LOCALES)),
    )


@bp.get("/c/<slug>/<quartier_id>/<questionnaire_slug>")
def questionnaire(slug: str, quartier_id: str, questionnaire_slug: str):
    """A blank questionnaire with a fresh client UUID."""
    target = _or_abort(find_target, get_session(), slug, quartier_id, questionnaire_slug)
    language = _language(target, request.args.get("lang"))
    form = build_form(target.version.definition, quartier_id, language)
    form.client_uuid.data = str(uuid.uuid4())
    form.opened_at.data = datetime.now(UTC).isoformat(timespec="seconds")
    form.lang.data = language
    return _render_form(target, form, language)


@bp.post("/c/<slug>/<quartier_id>/<questionnaire_slug>")
def questionnaire_submit(slug: str, quartier_id: str, questionnaire_slug: str):
    """Store the answers, or show the form again with a message on each problem.

    A language button is a submit button of the same form: it shows the form again in that
    language with what was typed, and stores nothing.
    """
    session = get_session()
    target = _or_abort(find_target, session, slug, quartier_id, questionnaire_slug)
    definition = target.version.definition
    switch = request.form.get("switch_lang")
    language = _language(target, switch or request.form.get("lang"))
    form = build_form(definition, quartier_id, language, formdata=request.form)
    if (
        not form.validate_on_submit()
        or not _valid_uuid(form.client_uuid.data)
        or not _valid_time(form.opened_at.data)
    ):
        abort(400)
    if switch:
        form.lang.data = language
        return _render_form(target, form, language)
    wait = refused_for()
    if wait is not None:
        return _too_many(wait)
    try:
        with transaction():
            outcome = record_submission(session, _submission(form, target, language))
    except SubmissionRejected as rejected:
        _attach_errors(form, rejected.errors)
        whole = rejected.errors.get("answers")
        return _render_form(target, form, language, translate(whole, g.tu) if whole else None), 422
    if outcome.created_id is not None:
        count_submission()
        tag_soon([outcome.created_id])
    return redirect(url_for("survey.thanks", audience=target.questionnaire.audience, lang=language))


@bp.get("/merci")
def thanks():
    """Thank-you page; it never shows the answers back."""
    use_language(requested_language())
    audience = request.args.get("audience", "adultes")
    g.tu = audience == "jeunes"
    return render_template("survey/thanks.html", audience=audience)


def _too_many(wait: int):
    """Too many new answers from this connection: say so in French, store nothing."""
    minutes = math.ceil(wait / 60)
    delay = "une minute" if minutes == 1 else f"{minutes} minutes"
    text = (
        "Beaucoup de questionnaires viennent d'être envoyés depuis cette connexion. Vos réponses "
        f"n'ont pas été enregistrées : réessayez dans {delay}."
    )
    page = render_template("errors/error.html", code=429, title="Trop d'envois", text=text)
    return page, 429, {"Retry-After": str(wait), "Cache-Control": "no-store"}


def _render_form(target, form, language: str, whole_error: str | None = None):
    """The questionnaire page; ``whole_error`` is about the form as a whole (nothing answered)."""
    definition = target.version.definition
    response = make_response(
        render_template(
            "survey/questionnaire.html",
            target=target,
            form=form,
            definition=definition,
            languages=_choices(languages_of(definition)),
            whole_error=whole_error,
            error_count=sum(1 for field in form if field.errors) + (1 if whole_error else 0),
            messages=script_messages(target, language, g.tu),
        )
    )
    # Answers typed on a shared device must not come back through the history or a cache.
    response.headers["Cache-Control"] = "no-store"
    return response


def _choices(codes: list[str]) -> list[tuple[str, str, str]]:
    """(code, name in that language, its ``lang`` attribute) for a language menu."""
    return [(code, LANGUAGE_NAMES.get(code, code), html_lang(code)) for code in codes]


def _submission(form, target, language: str) -> Submission:
    definition = target.version.definition
    return Submission(
        client_uuid=form.client_uuid.data,
        version_id=target.version.id,
        quartier_id=target.quartier.id,
        answers=_answers_or_rank_errors(form, definition, target.quartier.id),
        channel="web",
        started_at=_parse_time(form.opened_at.data),
        language=language,
    )


def _answers_or_rank_errors(form, definition, quartier_id: str) -> dict:
    errors = {f"answers.{f.name}": f.rank_error for f in form if getattr(f, "rank_error", None)}
    if errors:
        raise SubmissionRejected(errors)
    return raw_answers(form, definition, quartier_id)


def _attach_errors(form, errors: dict[str, str]) -> None:
    for field_name, message in errors.items():
        key = field_name.removeprefix("answers.")
        if key in form:
            form[key].errors = [translate(message, g.tu)]


def _language(target, requested: str | None) -> str:
    """The questionnaire's language, which is also the page's; French when not offered."""
    language = requested if requested in languages_of(target.version.definition) else "fr"
    use_language(language)
    g.tu = target.questionnaire.audience == "jeunes"
    return language


def _valid_uuid(value: str | None) -> bool:
    try:
        return str(uuid.UUID(value or "")) == value
    except ValueError:
        return False


def _valid_time(value: str | None) -> bool:
    """The page writes ``opened_at`` itself: anything unreadable or out of range was altered."""
    return not value or parse_moment(value) is not None


def _parse_time(value: str | None) -> datetime | None:
    return parse_moment(value) if value else None


def _or_abort(lookup, *args):
    try:
        return lookup(*args)
    except NotFound:
        abort(404)
    except Closed:
        abort(410)
