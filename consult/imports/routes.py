"""Import pages: upload a file, map its columns, check every row, then import."""

from __future__ import annotations

import hashlib
import os
import re
import time
from pathlib import Path, PurePath

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from consult.auth.access import import_required
from consult.db import get_session, transaction
from consult.imports.forms import MappingForm, UploadForm
from consult.models import Questionnaire, QuestionnaireVersion
from consult.services.imports import (
    COMMIT_EVERY,
    UnreadableFile,
    guess_mapping,
    import_table,
    mapping_targets,
    read_table,
)

bp = Blueprint("imports", __name__, url_prefix="/equipe/imports")
STORED_NAME = re.compile(r"^[0-9a-f]{64}\.(csv|xlsx)$")
PREVIEW_ROWS = 5
# An uploaded file is deleted once imported, or after a day if nobody imports it.
UPLOAD_LIFETIME_SECONDS = 24 * 3600
GONE = (
    "Ce fichier n'est plus sur le serveur : il est supprimé après l'import (ou au bout "
    "d'un jour). Envoyez-le de nouveau si besoin."
)


@bp.get("/")
@import_required
def upload():
    return render_template("imports/upload.html", form=_upload_form())


@bp.post("/")
@import_required
def upload_submit():
    form = _upload_form()
    if not form.validate_on_submit():
        return render_template("imports/upload.html", form=form), 422
    data = form.file.data.read()
    suffix = PurePath(form.file.data.filename or "").suffix.lower()
    try:
        read_table(f"x{suffix}", data)
    except UnreadableFile as exc:
        form.file.errors = [str(exc)]
        return render_template("imports/upload.html", form=form), 422
    stored = f"{hashlib.sha256(data).hexdigest()}{suffix}"
    _store(stored, data)
    return redirect(
        url_for(
            "imports.mapping",
            stored=stored,
            version_id=form.version_id.data,
            name=form.file.data.filename,
        )
    )


@bp.get("/<stored>/<int:version_id>")
@import_required
def mapping(stored: str, version_id: int):
    version, table = _load(stored, version_id)
    chosen = guess_mapping(table.columns, version.definition)
    return _render_mapping(version, table, stored, chosen, _mapping_form(version), None)


@bp.post("/<stored>/<int:version_id>")
@import_required
def mapping_submit(stored: str, version_id: int):
    session = get_session()
    version, table = _load(stored, version_id)
    form = _mapping_form(version)
    if not form.validate_on_submit():
        abort(400)
    chosen = {c: request.form.get(f"col-{i}", "") for i, c in enumerate(table.columns)}
    filename = request.args.get("name", stored)
    commit = request.form.get("action") == "import"
    try:
        if commit:
            with transaction():
                report = _run(session, version, table, chosen, form, filename)
        else:
            # A check writes nothing (no lock): its report is what importing would do.
            report = _run(session, version, table, chosen, form, filename, dry_run=True)
            session.rollback()
    except UnreadableFile as exc:
        flash(str(exc), "error")
        return _render_mapping(version, table, stored, chosen, form, None), 422
    if commit:
        # The file holds residents' answers: once they are in the database it has no use.
        (_upload_dir() / stored).unlink(missing_ok=True)
        flash(f"{report.created} réponse(s) importée(s) avec le canal « import ».", "success")
    return _render_mapping(version, table, stored, chosen, form, report, committed=commit)


def _run(session, version, table, chosen, form, filename, dry_run=False):
    return import_table(
        session,
        version.id,
        table,
        chosen,
        quartier_id=form.quartier.data or None,
        user_id=current_user.user_id,
        filename=filename,
        dry_run=dry_run,
        commit_every=COMMIT_EVERY,
    )


def _render_mapping(version, table, stored, chosen, form, report, committed=False):
    return render_template(
        "imports/mapping.html",
        version=version,
        table=table,
        stored=stored,
        chosen=chosen,
        form=form,
        report=report,
        committed=committed,
        targets=mapping_targets(version.definition),
        preview=table.rows[:PREVIEW_ROWS],
        name=request.args.get("name", stored),
    )


def _upload_form() -> UploadForm:
    form = UploadForm()
    versions = get_session().scalars(
        select(QuestionnaireVersion)
        .join(Questionnaire, Questionnaire.current_version_id == QuestionnaireVersion.id)
        .order_by(Questionnaire.consultation_id.desc(), Questionnaire.position)
    )
    form.version_id.choices = [
        (
            v.id,
            f"{v.questionnaire.consultation.title} – {v.definition['title']['fr']} "
            f"(version {v.number})",
        )
        for v in versions
    ]
    return form


def _mapping_form(version: QuestionnaireVersion) -> MappingForm:
    form = MappingForm()
    quartiers = version.questionnaire.consultation.quartiers
    form.quartier.choices = [("", "— le fichier a une colonne quartier —")] + [
        (q.id, q.name) for q in quartiers
    ]
    return form


def _load(stored: str, version_id: int):
    if not STORED_NAME.match(stored):
        abort(404)
    path = _upload_dir() / stored
    version = get_session().get(QuestionnaireVersion, version_id)
    if version is None:
        abort(404)
    if not path.exists():
        abort(404, GONE)
    try:
        return version, read_table(stored, path.read_bytes())
    except UnreadableFile:
        abort(404)


def _store(name: str, data: bytes) -> None:
    """Write an upload readable by the app's own user only, and forget abandoned ones."""
    folder = _upload_dir()
    descriptor = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # also when the same file was uploaded before
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    oldest = time.time() - UPLOAD_LIFETIME_SECONDS
    for path in folder.iterdir():
        if STORED_NAME.match(path.name) and path.stat().st_mtime < oldest:
            path.unlink(missing_ok=True)


def _upload_dir() -> Path:
    configured = current_app.config.get("IMPORT_UPLOAD_DIR")
    folder = Path(configured) if configured else Path(current_app.instance_path) / "imports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder
