"""Respondent pages: choose a quartier and a questionnaire, answer, get thanked."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for

from consult.database import get_session, transaction
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
from consult.tagging_on_arrival import tag_soon

bp = Blueprint("survey", __name__)


@bp.get("/")
def home():
    """Open consultations, their quartiers grouped by commune."""
    return render_template("survey/home.html", consultations=open_consultations(get_session()))


@bp.get("/c/<slug>/<quartier_id>/")
def quartier(slug: str, quartier_id: str):
    """The questionnaires a quartier's residents may answer."""
    consultation, place = _or_abort(consultation_quartier, get_session(), slug, quartier_id)
    return render_template("survey/quartier.html", consultation=consultation, quartier=place)


@bp.get("/c/<slug>/<quartier_id>/<questionnaire_slug>")
def questionnaire(slug: str, quartier_id: str, questionnaire_slug: str):
    """A blank questionnaire with a fresh client UUID."""
    target = _or_abort(find_target, get_session(), slug, quartier_id, questionnaire_slug)
    language = _language(target.version.definition, request.args.get("lang"))
    form = build_form(target.version.definition, quartier_id, language)
    form.client_uuid.data = str(uuid.uuid4())
    form.opened_at.data = datetime.now(UTC).isoformat(timespec="seconds")
    form.lang.data = language
    return _render_form(target, form, language)


@bp.post("/c/<slug>/<quartier_id>/<questionnaire_slug>")
def questionnaire_submit(slug: str, quartier_id: str, questionnaire_slug: str):
    """Store the answers, or show the form again with a French message on each problem."""
    session = get_session()
    target = _or_abort(find_target, session, slug, quartier_id, questionnaire_slug)
    definition = target.version.definition
    language = _language(definition, request.form.get("lang"))
    form = build_form(definition, quartier_id, language, formdata=request.form)
    if (
        not form.validate_on_submit()
        or not _valid_uuid(form.client_uuid.data)
        or not _valid_time(form.opened_at.data)
    ):
        abort(400)
    try:
        with transaction():
            outcome = record_submission(session, _submission(form, target, language))
    except SubmissionRejected as rejected:
        _attach_errors(form, rejected.errors)
        return _render_form(target, form, language), 422
    if outcome.status == "created":
        tag_soon([outcome.response_id])
    return redirect(url_for("survey.thanks", audience=target.questionnaire.audience))


@bp.get("/merci")
def thanks():
    """Thank-you page; it never shows the answers back."""
    audience = request.args.get("audience", "adultes")
    return render_template("survey/thanks.html", audience=audience)


def _render_form(target, form, language: str):
    definition = target.version.definition
    response = make_response(
        render_template(
            "survey/questionnaire.html",
            target=target,
            form=form,
            definition=definition,
            language=language,
            languages=[(code, LANGUAGE_NAMES.get(code, code)) for code in languages_of(definition)],
            rtl=language in RTL_LANGUAGES,
            error_count=sum(1 for field in form if field.errors),
        )
    )
    # Answers typed on a shared device must not come back through the history or a cache.
    response.headers["Cache-Control"] = "no-store"
    return response


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
            form[key].errors = [message]


def _language(definition, requested: str | None) -> str:
    return requested if requested in languages_of(definition) else "fr"


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
