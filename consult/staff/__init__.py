"""Pages for politique de la ville staff (login required)."""

from consult.reports.charts import svg
from consult.staff import coding, exports, matrices, quartier, waves  # noqa: F401  (their views)
from consult.staff.routes import bp

# {{ chart|chart_svg('id') }}: a bar chart of consult.reports.charts as inline SVG.
bp.add_app_template_filter(svg, "chart_svg")

__all__ = ["bp"]
