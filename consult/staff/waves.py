"""Evolution since the earlier wave: each theme's share, per quartier, then and now."""

from __future__ import annotations

from flask import abort, render_template

from consult.auth.access import staff_required
from consult.db import get_session
from consult.reports.waves import compare_waves
from consult.staff.routes import bp, consultation_or_404, min_group_size


@bp.get("/c/<slug>/evolution")
@staff_required
def waves(slug: str):
    """404 when the consultation follows no earlier wave (the page is not linked then)."""
    consultation = consultation_or_404(slug)
    comparison = compare_waves(get_session(), consultation, min_group_size())
    if comparison is None:
        abort(404)
    return render_template(
        "staff/waves.html", consultation=consultation, c=comparison, k=min_group_size()
    )
