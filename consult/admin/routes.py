"""Admin views: enrol and revoke tablets, import an outbox file, review conflicts."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from analysis.learned import MIN_EXAMPLES, MIN_PER_THEME
from analysis.tagging import tagger_for
from consult.admin import bp
from consult.admin.forms import ConfirmForm, DeviceForm, OutboxFileForm
from consult.auth.access import admin_required
from consult.db import get_session, transaction
from consult.models import Codebook, Quartier, Questionnaire
from consult.reports.codebook_lessons import codebook_lessons
from consult.reports.conflicts import open_conflicts
from consult.services.conflicts import UnknownConflict, resolve_conflict
from consult.services.devices import DeviceError, enrol_device, list_devices, revoke_device
from consult.services.learned_models import library_version, stored_model
from consult.services.learning import missing_codings, staff_coded_examples
from consult.services.outbox_import import OutboxFileError, import_outbox, read_outbox_file


@bp.get("/")
@admin_required
def index():
    return redirect(url_for("admin.devices"))


@bp.get("/tablettes")
@admin_required
def devices():
    return _devices_page(_device_form())


@bp.post("/tablettes")
@admin_required
def enrol():
    form = _device_form()
    if not form.validate_on_submit():
        return _devices_page(form), 422
    try:
        with transaction() as session:
            device, token = enrol_device(
                session,
                form.name.data,
                form.quartiers.data,
                form.questionnaire.data or None,
                current_user.user_id,
            )
    except DeviceError as exc:
        form.name.errors = [str(exc)]
        return _devices_page(form), 422
    enrol_url = url_for("pwa.kiosk", _external=True) + f"#jeton={token}"
    return render_template(
        "admin/device_token.html", device=device, token=token, enrol_url=enrol_url
    )


def _device_form() -> DeviceForm:
    session = get_session()
    form = DeviceForm()
    quartiers = session.scalars(select(Quartier).order_by(Quartier.name))
    form.quartiers.choices = [(q.id, q.name) for q in quartiers]
    slugs = sorted(set(session.scalars(select(Questionnaire.slug))))
    form.questionnaire.choices = [("", "Tous")] + [(slug, slug.capitalize()) for slug in slugs]
    return form


def _devices_page(form: DeviceForm):
    rows = list_devices(get_session())
    return render_template("admin/devices.html", form=form, devices=rows, confirm=ConfirmForm())


@bp.post("/tablettes/<int:device_id>/revoquer")
@admin_required
def revoke(device_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        with transaction() as session:
            device = revoke_device(session, device_id, current_user.user_id)
    except DeviceError:
        abort(404)
    flash(f"La tablette « {device.name} » est révoquée : son jeton ne fonctionne plus.", "success")
    return redirect(url_for("admin.devices"))


@bp.get("/import")
@admin_required
def import_form():
    return render_template("admin/import.html", form=OutboxFileForm(), report=None)


@bp.post("/import")
@admin_required
def import_file():
    form = OutboxFileForm()
    if not form.validate_on_submit():
        return render_template("admin/import.html", form=form, report=None), 422
    try:
        document = read_outbox_file(request.files["file"].read())
        with transaction() as session:
            report = import_outbox(session, document, current_user.user_id)
    except OutboxFileError as exc:
        form.file.errors = [str(exc)]
        return render_template("admin/import.html", form=form, report=None), 422
    return render_template("admin/import.html", form=OutboxFileForm(formdata=None), report=report)


@bp.get("/a-verifier")
@admin_required
def conflicts():
    found = open_conflicts(get_session())
    return render_template("admin/conflicts.html", conflicts=found, confirm=ConfirmForm())


@bp.post("/a-verifier/<int:conflict_id>/verifie")
@admin_required
def resolve(conflict_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        with transaction() as session:
            resolve_conflict(session, conflict_id, current_user.user_id)
    except UnknownConflict:
        abort(404)
    flash("Marqué comme vérifié. La réponse déjà enregistrée reste la seule comptée.", "success")
    return redirect(url_for("admin.conflicts"))


@bp.get("/codebook")
@admin_required
def codebook():
    """What staff codings teach: cues removed, words of hand-tagged answers, the learnt model."""
    session = get_session()
    tagger = tagger_for()
    row = session.scalar(
        select(Codebook).filter_by(
            slug=tagger.codebook.slug, content_hash=tagger.codebook.content_hash
        )
    )
    model = None if row is None else stored_model(session, row.id)
    examples = staff_coded_examples(session)
    k = int(current_app.config["MIN_GROUP_SIZE"])
    return render_template(
        "admin/codebook.html",
        codebook=tagger.codebook,
        lessons=codebook_lessons(session, tagger.codebook, k),
        k=k,
        model=model,
        outdated=model is not None and model.library_version != library_version(),
        examples=len(examples),
        missing=missing_codings(examples),
        minimum=(MIN_EXAMPLES, MIN_PER_THEME),
    )
