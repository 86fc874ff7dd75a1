"""Quartier page: atouts and priorités by theme, top themes with quotes, segment filters."""

from __future__ import annotations

from flask import Response, abort, render_template, request

from consult.auth.access import require, staff_required
from consult.auth.permissions import Action
from consult.database import get_session
from consult.reports.frames import answers_frame, cached, contributions_frame, quote_decisions
from consult.reports.labels import SEGMENT_LABELS, segment_label
from consult.reports.published import published_figures
from consult.reports.report import cloud_png
from consult.reports.segments import distinctive_themes, meeting_themes
from consult.reports.summaries import ROLES, place_names, rows_by_share, summarize
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
    session, k = get_session(), min_group_size()
    published = published_figures(session, consultation, k)

    def build(session, consultation_id):
        frame = answers_frame(session, consultation_id)
        contributions = contributions_frame(session, consultation_id)
        return (
            summarize(
                published,
                frame,
                place.id,
                filters,
                keep_words=place_names(place),
                decisions=quote_decisions(session, consultation_id),
            ),  # fmt: skip
            distinctive_themes(published, frame, place.id, filters) if filters else None,
            meeting_themes(contributions, place.id),
        )

    key = f"quartier:{place.id}:{sorted(filters.items())}:{k}"
    summary, distinctive, meetings = cached(session, consultation.id, key, build)
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
        distinctive=distinctive,
        meetings=meetings,
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
