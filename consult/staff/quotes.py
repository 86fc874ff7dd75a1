"""Quotes staff read before the report uses them: publish or set aside (audited)."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from consult.auth.access import require, staff_required
from consult.auth.permissions import Action
from consult.db import transaction
from consult.models import Answer, Response
from consult.services import quotes
from consult.staff.forms import QuoteForm
from consult.staff.routes import bp, consultation_or_404

DECISIONS = {"publier": True, "ecarter": False}


@bp.post("/c/<slug>/citations/<int:answer_id>")
@staff_required
def decide_quote(slug: str, answer_id: int):
    consultation = consultation_or_404(slug)
    if not QuoteForm().validate_on_submit() or request.form.get("decision") not in DECISIONS:
        abort(400)
    with transaction() as session:
        answer = session.get(Answer, answer_id)
        response = None if answer is None else session.get(Response, answer.response_id)
        if response is None or response.consultation_id != consultation.id:
            abort(404)
        require(Action.CODE, response.quartier_id)
        publishable = DECISIONS[request.form["decision"]]
        quotes.decide_quote(session, answer_id, publishable, current_user.user_id)
    flash("Citation publiée dans le bilan." if publishable else "Citation écartée.", "success")
    return redirect(_back(consultation.slug, response.quartier_id))


def _back(slug: str, quartier_id: str) -> str:
    """The page the button was on, if it is one of ours; else the quartier page."""
    target = request.form.get("next", "")
    if target.startswith("/equipe/") and "//" not in target:
        return target
    return url_for("staff.quartier", slug=slug, quartier_id=quartier_id)
