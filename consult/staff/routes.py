"""Staff pages: what has arrived, per quartier and questionnaire."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select

from consult.auth.access import staff_required
from consult.database import get_session
from consult.models import Consultation
from consult.services.counts import response_counts

bp = Blueprint("staff", __name__, url_prefix="/equipe")


@bp.get("/")
@staff_required
def dashboard():
    """Responses received per quartier and questionnaire, for every consultation."""
    session = get_session()
    consultations = session.scalars(select(Consultation).order_by(Consultation.id.desc()))
    tables = [(c, response_counts(session, c)) for c in consultations]
    return render_template("staff/dashboard.html", tables=tables)
