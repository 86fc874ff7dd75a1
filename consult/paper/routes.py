"""Paper pages: print numbered sheets, key them in fast, key a sample in a second time."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from consult.auth.access import (
    consultation_reader_required,
    keying_required,
    require,
    staff_required,
)
from consult.auth.permissions import Action, can, quartier_scope
from consult.db import get_session, transaction
from consult.errors import rejection_status
from consult.models import Consultation, QuestionnaireVersion
from consult.paper.forms import PrintForm, ReviewForm
from consult.questionnaire.definition import questions_for
from consult.services.paper import (
    keying_details,
    keying_review,
    normalise_serial,
    record_paper,
    resolve_keying,
    resolved_keyings,
    sample_to_verify,
    second_keying,
    second_keyings,
    sheet_serials,
)
from consult.services.submissions import SubmissionRejected
from consult.services.surveys import open_consultations
from consult.survey.forms import build_form, raw_answers
from consult.tagging_on_arrival import tag_soon

bp = Blueprint("paper", __name__, url_prefix="/saisie-papier")


@bp.get("/")
@keying_required
def index():
    """Which questionnaire and quartier to key in, and sheets to print."""
    consultations = open_consultations(get_session())
    scope = quartier_scope(current_user)
    allowed = [scope] if scope else None
    return render_template("paper/index.html", consultations=consultations, allowed=allowed)


@bp.get("/<int:version_id>/<quartier_id>")
@keying_required
def entry(version_id: int, quartier_id: str):
    version, quartier = _target(version_id, quartier_id)
    form = build_form(version.definition, quartier_id, "fr")
    serial = request.args.get("serial", "")
    return _render_entry(version, quartier, form, serial, second=False)


@bp.post("/<int:version_id>/<quartier_id>")
@keying_required
def entry_submit(version_id: int, quartier_id: str):
    def store(session, serial, answers):
        record_paper(session, version_id, quartier_id, serial, answers, current_user.user_id)

    def stored(_version, _quartier, serial, _result):
        serial = normalise_serial(serial)
        flash(f"Questionnaire n° {serial} enregistré.", "success")
        next_sheet = _next_serial(serial)
        return redirect(
            url_for(
                "paper.entry", version_id=version_id, quartier_id=quartier_id, serial=next_sheet
            )
        )

    return _keyed_in(version_id, quartier_id, store, stored, second=False)


@bp.get("/<int:version_id>/<quartier_id>/seconde-saisie")
@keying_required
def second(version_id: int, quartier_id: str):
    version, quartier = _target(version_id, quartier_id)
    form = build_form(version.definition, quartier_id, "fr")
    return _render_entry(version, quartier, form, request.args.get("serial", ""), second=True)


@bp.post("/<int:version_id>/<quartier_id>/seconde-saisie")
@keying_required
def second_submit(version_id: int, quartier_id: str):
    def store(session, serial, answers):
        return second_keying(
            session, version_id, quartier_id, serial, answers, current_user.user_id
        )

    def compared(version, quartier, _serial, result):
        # Only « concordent / ne concordent pas »: naming the questions that differ would let a
        # collector find the first keying's answers (or the sheet's quartier) by trying values.
        return render_template(
            "paper/second_result.html", result=result, version=version, quartier=quartier
        )

    return _keyed_in(version_id, quartier_id, store, compared, second=True)


def _keyed_in(version_id: int, quartier_id: str, store, then, second: bool):
    """Store a posted sheet with ``store(session, serial, answers)`` in one transaction, then
    answer ``then(version, quartier, serial, result)``; a refused sheet shows its form again."""
    version, quartier = _target(version_id, quartier_id)
    form, serial = _posted_form(version, quartier_id)
    try:
        with transaction() as session:
            result = store(session, serial, _answers(form, version, quartier_id))
    except SubmissionRejected as rejected:
        return _rejected(version, quartier, form, serial, rejected, second=second)
    return then(version, quartier, serial, result)


@bp.get("/verifications/<int:consultation_id>")
@consultation_reader_required
def checks(consultation_id: int):
    """Second keyings and their disagreements, and the sample still to key a second time."""
    session = get_session()
    consultation = session.get(Consultation, consultation_id) or abort(404)
    events = second_keyings(session, consultation_id)
    return render_template(
        "paper/checks.html",
        consultation=consultation,
        events=events,
        resolved=resolved_keyings(session, events),
        sample=sample_to_verify(session, consultation_id),
    )


@bp.get("/verifications/ecarts/<int:event_id>")
@staff_required
def review(event_id: int):
    """Both keyings of a sheet side by side; staff choose which one to keep for each difference."""
    found = _review_or_404(event_id)
    return _render_review(found, ReviewForm())


@bp.post("/verifications/ecarts/<int:event_id>")
@staff_required
def review_submit(event_id: int):
    found = _review_or_404(event_id)
    form = ReviewForm()
    if not form.validate_on_submit():
        abort(400)
    choices = {key: request.form.get(f"choix-{key}", "") for key in found.differing}
    try:
        with transaction() as session:
            resolve_keying(session, event_id, choices, current_user.user_id)
    except SubmissionRejected as rejected:
        get_session().rollback()
        return _render_review(_review_or_404(event_id), form, rejected.errors), rejection_status(
            rejected
        )
    if "second" in choices.values():
        tag_soon([found.response.id])
    flash(f"Écarts de la feuille n° {found.response.serial} examinés.", "success")
    return redirect(url_for("paper.checks", consultation_id=found.response.consultation_id))


def _review_or_404(event_id: int):
    found = keying_review(get_session(), event_id)
    if found is None:
        abort(404)
    scope = current_user.quartier_id
    keyed_in = keying_details(found.event)["quartier_id"]
    if scope and scope not in (found.response.quartier_id, keyed_in):
        abort(403)
    return found


def _render_review(found, form, errors=None):
    return render_template(
        "paper/review.html",
        review=found,
        form=form,
        labels=_labels(found.response.version),
        errors=errors or {},
    )


@bp.get("/imprimer/<int:version_id>")
@keying_required
def print_sheets(version_id: int):
    """A form (how many sheets, first number) or, when filled in, the sheets to print."""
    session = get_session()
    version = session.get(QuestionnaireVersion, version_id) or abort(404)
    consultation = version.questionnaire.consultation
    form = PrintForm(request.args)
    form.quartier.choices = [("", "Laisser une case à cocher")] + [
        (q.id, q.name) for q in consultation.quartiers if can(current_user, Action.KEY_IN, q.id)
    ]
    if "sheets" not in request.args or not form.validate():
        return render_template("paper/print_form.html", form=form, version=version)
    try:
        serials = sheet_serials(form.first.data, form.sheets.data)
    except SubmissionRejected as rejected:
        form.first.errors = [next(iter(rejected.errors.values()))]
        return render_template("paper/print_form.html", form=form, version=version), 422
    quartier = next((q for q in consultation.quartiers if q.id == form.quartier.data), None)
    return render_template(
        "paper/sheets.html",
        version=version,
        definition=version.definition,
        consultation=consultation,
        quartier=quartier,
        serials=serials,
    )


def _target(version_id: int, quartier_id: str):
    version = get_session().get(QuestionnaireVersion, version_id)
    if version is None:
        abort(404)
    consultation = version.questionnaire.consultation
    quartier = next((q for q in consultation.quartiers if q.id == quartier_id), None)
    if quartier is None:
        abort(404)
    require(Action.KEY_IN, quartier_id)
    return version, quartier


def _posted_form(version: QuestionnaireVersion, quartier_id: str):
    form = build_form(version.definition, quartier_id, "fr", formdata=request.form)
    if not form.validate_on_submit():
        abort(400)
    return form, request.form.get("serial", "")


def _answers(form, version: QuestionnaireVersion, quartier_id: str) -> dict:
    errors = {f"answers.{f.name}": f.rank_error for f in form if getattr(f, "rank_error", None)}
    if errors:
        raise SubmissionRejected(errors)
    return raw_answers(form, version.definition, quartier_id)


def _rejected(version, quartier, form, serial: str, rejected: SubmissionRejected, second: bool):
    serial_error = rejected.errors.get("serial")
    for name, message in rejected.errors.items():
        key = name.removeprefix("answers.")
        if key in form:
            form[key].errors = [message]
    whole_error = rejected.errors.get("answers")  # a blank sheet
    page = _render_entry(version, quartier, form, serial, second, serial_error, whole_error)
    return page, rejection_status(rejected)


def _render_entry(
    version, quartier, form, serial: str, second: bool, serial_error=None, whole_error=None
):
    definition = version.definition
    return render_template(
        "paper/entry.html",
        version=version,
        quartier=quartier,
        definition=definition,
        questions=[q for q in questions_for(definition, quartier.id) if q["key"] in form],
        form=form,
        serial=serial,
        serial_error=serial_error,
        whole_error=whole_error,
        second=second,
        error_count=sum(1 for field in form if field.errors)
        + (1 if serial_error else 0)
        + (1 if whole_error else 0),
    )


def _labels(version: QuestionnaireVersion) -> dict[str, str]:
    labels = {q["key"]: q["label"]["fr"] for q in version.definition["questions"]}
    labels["quartier"] = "Quartier"
    return labels


def _next_serial(serial: str) -> str:
    """The number on the next sheet of the pile: 41 → 42, V-0041 → V-0042."""
    try:
        return sheet_serials(serial, 2)[1]
    except (SubmissionRejected, AttributeError):
        return ""
