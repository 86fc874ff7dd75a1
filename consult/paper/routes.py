"""Paper pages: print numbered sheets, key them in fast, key a sample in a second time."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from consult.auth.access import role_required, staff_required
from consult.database import get_session, transaction
from consult.models import Consultation, QuestionnaireVersion
from consult.paper.forms import PrintForm
from consult.questionnaire.definition import questions_for
from consult.services.paper import (
    normalise_serial,
    record_paper,
    sample_to_verify,
    second_keying,
    second_keyings,
    sheet_serials,
)
from consult.services.submissions import SubmissionRejected
from consult.services.surveys import open_consultations
from consult.survey.forms import build_form, raw_answers

bp = Blueprint("paper", __name__, url_prefix="/saisie-papier")
keying_required = role_required("admin", "staff", "collector")


@bp.get("/")
@keying_required
def index():
    """Which questionnaire and quartier to key in, and sheets to print."""
    consultations = open_consultations(get_session())
    allowed = [current_user.quartier_id] if current_user.quartier_id else None
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
    session = get_session()
    version, quartier = _target(version_id, quartier_id)
    form, serial = _posted_form(version, quartier_id)
    try:
        with transaction():
            answers = _answers(form, version, quartier_id)
            record_paper(session, version_id, quartier_id, serial, answers, current_user.user_id)
    except SubmissionRejected as rejected:
        return _rejected(version, quartier, form, serial, rejected, second=False)
    serial = normalise_serial(serial)
    flash(f"Questionnaire n° {serial} enregistré.", "success")
    return redirect(
        url_for(
            "paper.entry",
            version_id=version_id,
            quartier_id=quartier_id,
            serial=_next_serial(serial),
        )
    )


@bp.get("/<int:version_id>/<quartier_id>/seconde-saisie")
@keying_required
def second(version_id: int, quartier_id: str):
    version, quartier = _target(version_id, quartier_id)
    form = build_form(version.definition, quartier_id, "fr")
    return _render_entry(version, quartier, form, request.args.get("serial", ""), second=True)


@bp.post("/<int:version_id>/<quartier_id>/seconde-saisie")
@keying_required
def second_submit(version_id: int, quartier_id: str):
    session = get_session()
    version, quartier = _target(version_id, quartier_id)
    form, serial = _posted_form(version, quartier_id)
    try:
        with transaction():
            answers = _answers(form, version, quartier_id)
            result = second_keying(
                session, version_id, quartier_id, serial, answers, current_user.user_id
            )
    except SubmissionRejected as rejected:
        return _rejected(version, quartier, form, serial, rejected, second=True)
    return render_template(
        "paper/second_result.html",
        result=result,
        version=version,
        quartier=quartier,
        labels=_labels(version),
        show_values=current_user.can_read_answers,
    )


@bp.get("/verifications/<int:consultation_id>")
@staff_required
def checks(consultation_id: int):
    """Second keyings and their disagreements, and the sample still to key a second time."""
    session = get_session()
    consultation = session.get(Consultation, consultation_id) or abort(404)
    return render_template(
        "paper/checks.html",
        consultation=consultation,
        events=second_keyings(session, consultation_id),
        sample=sample_to_verify(session, consultation_id),
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
        (q.id, q.name) for q in consultation.quartiers
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
    if current_user.quartier_id and current_user.quartier_id != quartier_id:
        abort(403)
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
    return page, rejected.status_code


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
