"""Quartier page: atouts and priorités by theme, top themes with quotes, segment filters."""

from __future__ import annotations

from flask import Response, abort, render_template, request

from consult.auth.access import require, staff_required
from consult.auth.permissions import Action
from consult.db import get_session
from consult.reports.labels import SEGMENT_LABELS, segment_label
from consult.reports.quartier_page import quartier_page
from consult.reports.report import cloud_png
from consult.reports.summaries import ROLES, rows_by_share
from consult.staff.forms import QuoteForm, SegmentFilterForm
from consult.staff.routes import bp, consultation_or_404, min_group_size, quartier_or_404


@bp.get("/c/<slug>/q/<quartier_id>")
@staff_required
def quartier(slug: str, quartier_id: str):
    """One quartier, optionally one segment of its respondents (one filter at a time)."""
    consultation = consultation_or_404(slug)
    place = quartier_or_404(consultation, quartier_id)
    require(Action.READ_QUARTIER, place.id)
    form = SegmentFilterForm(formdata=request.args)
    filters = form.filters(request.args)
    k = min_group_size()
    page = quartier_page(get_session(), consultation, place, filters, k)
    summary = page.summary
    described = [f"{SEGMENT_LABELS[d][0]} : {segment_label(d, v)}" for d, v in filters.items()]
    by_codebook = request.args.get("ordre") == "referentiel"
    rows = summary.rows if by_codebook else rows_by_share(summary)
    return render_template(
        "staff/quartier.html",
        consultation=consultation,
        quartier=place,
        form=form,
        filters=filters,
        described=described,
        s=summary,
        rows=rows,
        by_codebook=by_codebook,
        distinctive=page.distinctive,
        meetings=page.meetings,
        k=k,
        quote_form=QuoteForm(),
    )


@bp.get("/c/<slug>/q/<quartier_id>/nuage-<role>.png")
@staff_required
def word_cloud(slug: str, quartier_id: str, role: str):
    """Word cloud of a group's atouts or priorités; 404 when the group's figures are hidden."""
    consultation = consultation_or_404(slug)
    place = quartier_or_404(consultation, quartier_id)
    require(Action.READ_QUARTIER, place.id)
    form = SegmentFilterForm(formdata=request.args)
    filters = form.filters(request.args)
    if role not in ROLES or form.refused:
        abort(404)
    png = cloud_png(get_session(), consultation, place.id, role, min_group_size(), filters)
    if png is None:
        abort(404)
    return Response(png, mimetype="image/png")
