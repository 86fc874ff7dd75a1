"""Staff pages: dashboard, consultation overview (login as staff or admin required).

The quartier page, the across-quartiers matrices, the coding screen and the exports are in
sibling modules that add their views to this blueprint.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, current_app, render_template
from flask_login import current_user
from sqlalchemy import select

from consult.auth.access import consultation_reader_required, staff_required
from consult.auth.permissions import Action, can, quartier_scope
from consult.db import get_session
from consult.models import Consultation
from consult.reports.dashboard import bursts_last_hour, collecting, consultation_counts
from consult.reports.overview import consultation_overview

bp = Blueprint("staff", __name__, url_prefix="/equipe")


def min_group_size() -> int:
    """k of the small-group rule (setting ``CONSULT_MIN_GROUP_SIZE``)."""
    return int(current_app.config["MIN_GROUP_SIZE"])


def consultation_or_404(slug: str) -> Consultation:
    consultation = get_session().scalar(select(Consultation).filter_by(slug=slug))
    if consultation is None:
        abort(404)
    return consultation


def quartier_or_404(consultation: Consultation, quartier_id: str):
    quartier = next((q for q in consultation.quartiers if q.id == quartier_id), None)
    if quartier is None:
        abort(404)
    return quartier


@bp.get("/")
@staff_required
def dashboard():
    """Respondents per quartier and questionnaire, for every consultation: the overview's
    published table (exact counts beside it would undo its suppression by subtraction)."""
    session = get_session()
    scope = quartier_scope(current_user)
    consultations = consultation_counts(session, min_group_size(), scope)
    return render_template(
        "staff/dashboard.html",
        consultations=consultations,
        first_steps=can(current_user, Action.ADMINISTER) and not collecting(session),
        open=[
            c.consultation
            for c in consultations
            if c.consultation.status == "open" and not c.consultation.is_demo
        ],
        scope=scope,
        bursts=bursts_last_hour(session, datetime.now(UTC)),
        rate_limit=current_app.extensions["consult.submission_limit"].describe(),
    )


@bp.get("/c/<slug>/")
@consultation_reader_required
def overview(slug: str):
    """Participation, channels, age and gender, dates and what is left to code."""
    consultation = consultation_or_404(slug)
    data = consultation_overview(get_session(), consultation, min_group_size())
    return render_template("staff/overview.html", consultation=consultation, o=data)
