"""Across quartiers: theme × quartier matrices for priorités and atouts, and by jeune/adulte."""

from __future__ import annotations

from flask import render_template

from consult.auth.access import consultation_reader_required
from consult.db import get_session
from consult.reports.matrices import matrices_page
from consult.staff.routes import bp, consultation_or_404, min_group_size


@bp.get("/c/<slug>/themes")
@consultation_reader_required
def matrices(slug: str):
    consultation = consultation_or_404(slug)
    k = min_group_size()
    everyone, by_public = matrices_page(get_session(), consultation, k)
    return render_template(
        "staff/matrices.html",
        consultation=consultation,
        all_matrices=everyone,
        public_matrices=by_public,
        k=k,
    )
