"""Across quartiers: theme × quartier matrices for priorités and atouts, and by jeune/adulte."""

from __future__ import annotations

from flask import render_template

from consult.auth.access import consultation_reader_required
from consult.database import get_session
from consult.reports.frames import answers_frame, cached
from consult.reports.matrices import theme_matrices
from consult.reports.published import published_figures
from consult.staff.routes import bp, consultation_or_404, min_group_size


@bp.get("/c/<slug>/themes")
@consultation_reader_required
def matrices(slug: str):
    consultation = consultation_or_404(slug)
    k = min_group_size()
    published = published_figures(get_session(), consultation, k)

    def build(session, consultation_id):
        frame = answers_frame(session, consultation_id)
        return (
            theme_matrices(published, frame, consultation),
            theme_matrices(published, frame, consultation, by_public=True),
        )

    everyone, by_public = cached(get_session(), consultation.id, f"matrices:{k}", build)
    return render_template(
        "staff/matrices.html",
        consultation=consultation,
        all_matrices=everyone,
        public_matrices=by_public,
        k=k,
    )
