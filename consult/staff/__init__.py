"""Pages for politique de la ville staff (login required)."""

from consult.reports.charts import svg
from consult.staff import (  # noqa: F401  (they add their views to the blueprint)
    coding,
    exports,
    matrices,
    quartier,
    quotes,
    waves,
)
from consult.staff.routes import bp

# {{ chart|chart_svg('id') }}: a bar chart of consult.reports.charts as inline SVG.
bp.add_app_template_filter(svg, "chart_svg")

__all__ = ["bp"]
