"""Coding screen: staff confirm, remove or add the themes of answers, without JavaScript."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from analysis.config import SANS_AVIS, SANS_AVIS_LABEL, UNCLASSIFIED
from consult.auth.access import require, staff_required
from consult.auth.permissions import Action, quartier_scope
from consult.db import get_session, transaction
from consult.models import Answer, Response
from consult.reports.coding_queue import QueueItem, answers_per_theme, coding_queue
from consult.reports.frames import answers_frame
from consult.reports.labels import ROLE_LABELS, segment_label, theme_labels
from consult.services.coding import CodingError, add_theme, confirm_theme, remove_theme
from consult.staff.forms import CodingForm
from consult.staff.routes import bp, consultation_or_404, min_group_size

ACTIONS = {"confirm": confirm_theme, "remove": remove_theme, "add": add_theme}
MESSAGES = {"confirm": "confirmé", "remove": "retiré", "add": "ajouté"}


@bp.get("/c/<slug>/classement")
@staff_required
def coding(slug: str):
    """Answers of one theme (« à classer » by default) with the evidence of automatic tags."""
    consultation = consultation_or_404(slug)
    session = get_session()
    frame = answers_frame(session, consultation.id)
    groups = _group_sizes(session, consultation.id)
    k = min_group_size()
    labels = {UNCLASSIFIED: "À classer", SANS_AVIS: SANS_AVIS_LABEL, **theme_labels()}
    theme = request.args.get("theme", UNCLASSIFIED)
    theme = theme if theme in labels else UNCLASSIFIED
    scope = quartier_scope(current_user)
    quartier = _chosen_quartier(request.args.get("quartier") or None, scope, groups, k)
    if scope is not None:
        frame = frame[frame["quartier"] == scope]
    # Filter choices: their own quartier for a scoped account, else every quartier of k or more.
    quartier_names = {
        q.id: q.name
        for q in consultation.quartiers
        if q.id == scope or (scope is None and groups.get((q.id,), 0) >= k)
    }
    role = request.args.get("role") if request.args.get("role") in ROLE_LABELS else None
    page = request.args.get("page", 1, type=int)
    queue = coding_queue(session, frame, theme, quartier, role, page)
    return render_template(
        "staff/coding.html",
        consultation=consultation,
        queue=queue,
        theme=theme,
        labels=labels,
        counts=_counts(frame),
        quartier=quartier,
        role=role,
        quartier_names=quartier_names,
        scope=scope,
        meta={item.answer_id: _meta(item, groups, k, quartier_names) for item in queue.items},
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
            require(Action.CODE, _check_answer_of(session, consultation.id, answer_id))
            action(session, current_user.user_id, form.theme.data, answer_id=answer_id)
    except CodingError as exc:
        flash(f"Impossible : {exc}.", "error")
        return redirect(back)
    label = {SANS_AVIS: SANS_AVIS_LABEL, **theme_labels()}.get(form.theme.data, form.theme.data)
    flash(f"Thème « {label} » {MESSAGES[form.action.data]}.", "success")
    return redirect(f"{back}#r-{answer_id}")


def _answer_id(value: str | None) -> int | None:
    """An id the database can hold: « ² » is a digit to ``str.isdigit`` but not to ``int``."""
    if not value or not value.isascii() or not value.isdecimal() or len(value) > 9:
        return None
    return int(value)


def _counts(frame) -> dict[str, int]:
    """Answers per list: « à classer », then « sans avis », then the themes."""
    counts = answers_per_theme(frame)
    no_opinion = int(frame.loc[frame["theme"] == SANS_AVIS, "answer_id"].nunique())
    return {UNCLASSIFIED: counts.pop(UNCLASSIFIED), SANS_AVIS: no_opinion, **counts}


def _chosen_quartier(asked: str | None, scope: str | None, groups: Counter, k: int) -> str | None:
    """The quartier filter: 403 outside the scope, always the scope for a scoped account, and
    none for a quartier under k (the filter would name it on every answer)."""
    if asked is not None:
        require(Action.READ_QUARTIER, asked)
    if scope is not None:
        return scope
    return asked if asked is not None and groups.get((asked,), 0) >= k else None


def _check_answer_of(session, consultation_id: int, answer_id: int) -> str:
    """The quartier of the answer, which must belong to the consultation."""
    answer = session.get(Answer, answer_id)
    response = None if answer is None else session.get(Response, answer.response_id)
    if response is None or response.consultation_id != consultation_id:
        raise CodingError("réponse introuvable dans cette consultation")
    return response.quartier_id


def _group_sizes(session, consultation_id: int) -> Counter:
    """Respondents per (quartier), (quartier, public) and (quartier, public, channel)."""
    rows = session.execute(
        select(Response.quartier_id, Response.public, Response.channel, func.count())
        .where(Response.consultation_id == consultation_id)
        .group_by(Response.quartier_id, Response.public, Response.channel)
    )
    sizes: Counter = Counter()
    for quartier, public, channel, count in rows:
        for key in ((quartier,), (quartier, public), (quartier, public, channel)):
            sizes[key] += count
    return sizes


def _meta(item: QueueItem, groups: Counter, k: int, names: dict[str, str]) -> list[str]:
    """Quartier, public, channel of an answer, each only while its group has at least k.

    Each is shown only with the ones before it, so the group shown is always one of k or more:
    a young man's answer keyed on paper in a quartier with three such sheets names none of it.
    """
    shown: list[str] = []
    steps = (
        ((item.quartier,), names.get(item.quartier, item.quartier)),
        ((item.quartier, item.public), segment_label("public", item.public)),
        ((item.quartier, item.public, item.channel), segment_label("channel", item.channel)),
    )
    for key, label in steps:
        if groups.get(key, 0) < k:
            break
        shown.append(label)
    return shown


def _safe_back(target: str | None, slug: str) -> str:
    """Return to the list the decision came from, never to another site or page."""
    default = url_for("staff.coding", slug=slug)
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path != default:
        return default
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
