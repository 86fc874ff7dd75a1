"""Meeting pages: record a workshop, then type its contributions line after line."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from consult.auth.access import keying_required, require
from consult.auth.permissions import Action, can, is_collector
from consult.db import get_session, transaction
from consult.meetings.forms import ConfirmForm, ContributionForm, MeetingForm
from consult.models import Consultation, Contribution, Meeting
from consult.questionnaire.segments import AGE_BANDS, GENDERS
from consult.services.meetings import (
    CONTRIBUTION_KIND_LABELS,
    MEETING_KIND_LABELS,
    ContributionData,
    MeetingData,
    MeetingRejected,
    add_contribution,
    create_meeting,
    delete_contribution,
    delete_meeting,
    meetings_of,
    update_contribution,
    update_meeting,
)

# Conseil Citoyen facilitators have collector accounts: they record their own meetings.
bp = Blueprint("meetings", __name__, url_prefix="/equipe/reunions")
BREAKDOWN_FIELDS = {
    "gender": [f"gender_{code}" for code in GENDERS[:-1]],
    "age_band": [f"age_band_{code}" for code in AGE_BANDS[:-1]],
}


@bp.context_processor
def _labels() -> dict:
    return {
        "meeting_kinds": MEETING_KIND_LABELS,
        "contribution_kinds": CONTRIBUTION_KIND_LABELS,
        "breakdown_fields": BREAKDOWN_FIELDS,
    }


@bp.get("/")
@keying_required
def index():
    session = get_session()
    author = current_user.user_id if is_collector(current_user) else None
    meetings = [
        m
        for m in meetings_of(session, None, author)
        if can(current_user, Action.KEY_IN, m.quartier_id)
    ]
    return render_template("meetings/index.html", meetings=meetings)


@bp.get("/nouvelle")
@keying_required
def new():
    form = _meeting_form(get_session(), None, request.args.get("consultation", type=int))
    return render_template("meetings/meeting_form.html", form=form, meeting=None)


@bp.post("/nouvelle")
@keying_required
def create():
    session = get_session()
    form = _meeting_form(session, None, request.form.get("consultation_id", type=int))
    if form.validate_on_submit():
        try:
            with transaction():
                data = _meeting_data(form)
                meeting = create_meeting(
                    session, form.consultation_id.data, data, current_user.user_id
                )
        except MeetingRejected as rejected:
            _attach_errors(form, rejected.errors)
        else:
            flash("Réunion enregistrée. Saisissez maintenant ses contributions.", "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template("meetings/meeting_form.html", form=form, meeting=None), 422


@bp.get("/<int:meeting_id>")
@keying_required
def show(meeting_id: int):
    meeting = _meeting_or_abort(get_session(), meeting_id)
    form = ContributionForm(formdata=None)
    # The kind and heading of the previous line stay selected: a board is typed column by column.
    form.kind.data = (
        request.args.get("kind") if request.args.get("kind") in ("atout", "priorite") else "atout"
    )
    form.heading.data = request.args.get("heading", "")
    return _render_meeting(meeting, form)


@bp.post("/<int:meeting_id>/contributions")
@keying_required
def add(meeting_id: int):
    session = get_session()
    meeting = _meeting_or_abort(session, meeting_id)
    form = ContributionForm()
    if form.validate_on_submit():
        try:
            with transaction():
                add_contribution(session, meeting, _contribution_data(form), current_user.user_id)
        except MeetingRejected as rejected:
            _attach_errors(form, rejected.errors)
        else:
            flash(
                f"Contribution ajoutée ({CONTRIBUTION_KIND_LABELS[form.kind.data].lower()}).",
                "success",
            )
            return redirect(
                url_for(
                    "meetings.show",
                    meeting_id=meeting_id,
                    kind=form.kind.data,
                    heading=form.heading.data or None,
                )
            )
    return _render_meeting(meeting, form), 422


@bp.get("/<int:meeting_id>/modifier")
@keying_required
def edit(meeting_id: int):
    session = get_session()
    meeting = _meeting_or_abort(session, meeting_id)
    form = _meeting_form(session, meeting, meeting.consultation_id)
    return render_template("meetings/meeting_form.html", form=form, meeting=meeting)


@bp.post("/<int:meeting_id>/modifier")
@keying_required
def update(meeting_id: int):
    session = get_session()
    meeting = _meeting_or_abort(session, meeting_id)
    form = _meeting_form(session, None, meeting.consultation_id)
    form.consultation_id.data = meeting.consultation_id
    if form.validate_on_submit():
        try:
            with transaction():
                update_meeting(session, meeting, _meeting_data(form), current_user.user_id)
        except MeetingRejected as rejected:
            _attach_errors(form, rejected.errors)
        else:
            flash("Réunion modifiée.", "success")
            return redirect(url_for("meetings.show", meeting_id=meeting_id))
    return render_template("meetings/meeting_form.html", form=form, meeting=meeting), 422


@bp.post("/<int:meeting_id>/supprimer")
@keying_required
def remove(meeting_id: int):
    session = get_session()
    meeting = _meeting_or_abort(session, meeting_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with transaction():
        delete_meeting(session, meeting, current_user.user_id)
    flash("Réunion supprimée, avec ses contributions.", "success")
    return redirect(url_for("meetings.index"))


@bp.get("/<int:meeting_id>/contributions/<int:contribution_id>/modifier")
@keying_required
def edit_contribution(meeting_id: int, contribution_id: int):
    contribution = _contribution_or_abort(get_session(), meeting_id, contribution_id)
    form = ContributionForm(obj=contribution)
    return render_template("meetings/contribution_form.html", form=form, contribution=contribution)


@bp.post("/<int:meeting_id>/contributions/<int:contribution_id>/modifier")
@keying_required
def update_contribution_view(meeting_id: int, contribution_id: int):
    session = get_session()
    contribution = _contribution_or_abort(session, meeting_id, contribution_id)
    form = ContributionForm()
    if form.validate_on_submit():
        try:
            with transaction():
                data = _contribution_data(form)
                update_contribution(session, contribution, data, current_user.user_id)
        except MeetingRejected as rejected:
            _attach_errors(form, rejected.errors)
        else:
            flash("Contribution modifiée.", "success")
            return redirect(url_for("meetings.show", meeting_id=meeting_id))
    template = "meetings/contribution_form.html"
    return render_template(template, form=form, contribution=contribution), 422


@bp.post("/<int:meeting_id>/contributions/<int:contribution_id>/supprimer")
@keying_required
def remove_contribution(meeting_id: int, contribution_id: int):
    session = get_session()
    contribution = _contribution_or_abort(session, meeting_id, contribution_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with transaction():
        delete_contribution(session, contribution, current_user.user_id)
    flash("Contribution supprimée.", "success")
    return redirect(url_for("meetings.show", meeting_id=meeting_id))


def _render_meeting(meeting: Meeting, form: ContributionForm):
    return render_template(
        "meetings/show.html",
        meeting=meeting,
        form=form,
        confirm=ConfirmForm(),
        columns=_board(meeting),
    )


def _board(meeting: Meeting) -> list[tuple[str, list[tuple[str | None, list[Contribution]]]]]:
    """Contributions as on the paper board: atouts then priorités, grouped under their heading."""
    columns = []
    for kind in CONTRIBUTION_KIND_LABELS:
        groups: dict[str | None, list[Contribution]] = {}
        for contribution in meeting.contributions:
            if contribution.kind == kind:
                groups.setdefault(contribution.heading, []).append(contribution)
        columns.append((kind, list(groups.items())))
    return columns


def _meeting_form(session, meeting: Meeting | None, consultation_id: int | None) -> MeetingForm:
    form = MeetingForm(obj=meeting) if meeting is not None else MeetingForm()
    consultations = list(session.scalars(select(Consultation).order_by(Consultation.id.desc())))
    form.consultation_id.choices = [(c.id, c.title) for c in consultations]
    chosen = next((c for c in consultations if c.id == consultation_id), None)
    chosen = chosen or next((c for c in consultations if c.is_open), None)
    chosen = chosen or (consultations[0] if consultations else None)
    quartiers = chosen.quartiers if chosen else []
    quartiers = [q for q in quartiers if can(current_user, Action.KEY_IN, q.id)]
    form.quartier_id.choices = [("", "— choisir —")] + [(q.id, q.name) for q in quartiers]
    if chosen is not None and not form.is_submitted():
        form.consultation_id.data = chosen.id
    if meeting is not None and not form.is_submitted():
        for dimension, names in BREAKDOWN_FIELDS.items():
            counts = (meeting.breakdown or {}).get(dimension, {})
            for name in names:
                form[name].data = counts.get(name.removeprefix(f"{dimension}_"))
    return form


def _meeting_data(form: MeetingForm) -> MeetingData:
    breakdown = {
        dimension: {
            name.removeprefix(f"{dimension}_"): form[name].data for name in names if form[name].data
        }
        for dimension, names in BREAKDOWN_FIELDS.items()
    }
    require(Action.KEY_IN, form.quartier_id.data)
    return MeetingData(
        quartier_id=form.quartier_id.data,
        held_on=form.held_on.data,
        kind=form.kind.data,
        participants=form.participants.data,
        place=form.place.data,
        breakdown={k: v for k, v in breakdown.items() if v},
    )


def _contribution_data(form: ContributionForm) -> ContributionData:
    return ContributionData(
        kind=form.kind.data,
        text=form.text.data,
        votes=form.votes.data,
        heading=form.heading.data,
    )


def _attach_errors(form, errors: dict[str, str]) -> None:
    for name, message in errors.items():
        if name.startswith("breakdown."):
            dimension = name.removeprefix("breakdown.")
            target = form[BREAKDOWN_FIELDS[dimension][0]] if dimension in BREAKDOWN_FIELDS else None
        else:
            target = form._fields.get(name)
        if target is not None:
            target.errors = [*target.errors, message]
        else:
            flash(message, "error")


def _meeting_or_abort(session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    require(Action.KEY_IN, meeting.quartier_id)
    if is_collector(current_user) and meeting.created_by_id != current_user.user_id:
        abort(403)
    return meeting


def _contribution_or_abort(session, meeting_id: int, contribution_id: int) -> Contribution:
    meeting = _meeting_or_abort(session, meeting_id)
    contribution = session.get(Contribution, contribution_id)
    if contribution is None or contribution.meeting_id != meeting.id:
        abort(404)
    return contribution
