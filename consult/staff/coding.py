"""Coding screen: staff confirm, remove or add the themes of answers, without JavaScript."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from analysis.config import UNCLASSIFIED
from consult.auth.access import staff_required
from consult.database import get_session, transaction
from consult.models import Answer, Response
from consult.reports.coding_queue import coding_queue, theme_counts
from consult.reports.frames import answers_frame
from consult.reports.labels import ROLE_LABELS, theme_labels
from consult.services.coding import CodingError, add_theme, confirm_theme, remove_theme
from consult.staff.forms import CodingForm
from consult.staff.routes import bp, consultation_or_404

ACTIONS = {"confirm": confirm_theme, "remove": remove_theme, "add": add_theme}
MESSAGES = {"confirm": "confirmé", "remove": "retiré", "add": "ajouté"}


@bp.get("/c/<slug>/classement")
@staff_required
def coding(slug: str):
    """Answers of one theme (« à classer » by default) with the evidence of automatic tags."""
    consultation = consultation_or_404(slug)
    session = get_session()
    frame = answers_frame(session, consultation.id)
    labels = {UNCLASSIFIED: "À classer", **theme_labels()}
    theme = request.args.get("theme", UNCLASSIFIED)
    theme = theme if theme in labels else UNCLASSIFIED
    quartier = request.args.get("quartier") or None
    role = request.args.get("role") if request.args.get("role") in ROLE_LABELS else None
    page = request.args.get("page", 1, type=int)
    queue = coding_queue(session, frame, theme, quartier, role, page)
    return render_template(
        "staff/coding.html",
        consultation=consultation,
        queue=queue,
        theme=theme,
        labels=labels,
        counts=theme_counts(frame),
        quartier=quartier,
        role=role,
        quartier_names={q.id: q.name for q in consultation.quartiers},
        here=request.full_path,
        coding_form=CodingForm(),
    )


@bp.post("/c/<slug>/classement")
@staff_required
def coding_submit(slug: str):
    """Apply one decision, log it (AuditEvent) and come back to the same list."""
    consultation = consultation_or_404(slug)
    form = CodingForm()
    action = ACTIONS.get(form.action.data or "")
    back = _safe_back(request.form.get("next"), slug)
    answer_id = _answer_id(form.answer_id.data)
    if not form.validate_on_submit() or action is None or answer_id is None:
        flash("Décision incomplète : rien n'a été changé.", "error")
        return redirect(back)
    try:
        with transaction() as session:
            _check_answer_of(session, consultation.id, answer_id)
            action(session, current_user.id, form.theme.data, answer_id=answer_id)
    except CodingError as exc:
        flash(f"Impossible : {exc}.", "error")
        return redirect(back)
    label = theme_labels().get(form.theme.data, form.theme.data)
    flash(f"Thème « {label} » {MESSAGES[form.action.data]}.", "success")
    return redirect(f"{back}#r-{answer_id}")


def _answer_id(value: str | None) -> int | None:
    """An id the database can hold: « ² » is a digit to ``str.isdigit`` but not to ``int``."""
    if not value or not value.isascii() or not value.isdecimal() or len(value) > 9:
        return None
    return int(value)


def _check_answer_of(session, consultation_id: int, answer_id: int) -> None:
    answer = session.get(Answer, answer_id)
    response = None if answer is None else session.get(Response, answer.response_id)
    if response is None or response.consultation_id != consultation_id:
        raise CodingError("réponse introuvable dans cette consultation")


def _safe_back(target: str | None, slug: str) -> str:
    """Return to the list the decision came from, never to another site or page."""
    default = url_for("staff.coding", slug=slug)
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path != default:
        return default
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
