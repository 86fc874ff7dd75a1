"""Charts of the staff pages and the report: one chart model, drawn as SVG or as PNG.

Pages get inline SVG (no JavaScript, readable by screen readers: a title, a description and
every value written as text beside its bar); the Word report gets the same chart as a PNG drawn
with matplotlib. Bars are shares of respondents (0–100); hidden figures are never charted.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from markupsafe import Markup

from consult.templating import number_fr

# One hue per question, dark enough for text contrast (WCAG AA on white), told apart by
# pattern as well as colour for colour-blind readers (atouts hatched in the PNG).
COLOURS = {"priorites": "#1f4e8c", "atouts": "#1d5e3a"}
ROW_HEIGHT, LABEL_WIDTH, BAR_WIDTH, VALUE_WIDTH = 26, 230, 220, 60


@dataclass(frozen=True)
class Bar:
    label: str
    share: float  # 0–100
    count: int


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    role: str  # 'priorites' or 'atouts': the colour
    bars: tuple[Bar, ...]


def svg(chart: BarChart, chart_id: str) -> Markup:
    """Inline SVG: ``role="img"`` with its title and description; values written as text."""
    height = ROW_HEIGHT * max(len(chart.bars), 1) + 4
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    rows = [_svg_row(i, bar, chart.role) for i, bar in enumerate(chart.bars)]
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{chart_id}-t">{escape(chart.title)}</title>'
        f'<desc id="{chart_id}-d">{escape(describe(chart))}</desc>' + "".join(rows) + "</svg>"
    )


def _svg_row(index: int, bar: Bar, role: str) -> str:
    y = index * ROW_HEIGHT + 2
    length = round(BAR_WIDTH * min(bar.share, 100) / 100, 1)
    label = escape(_shorten(bar.label, 34))
    value = f"{number_fr(bar.share, 0)} %"
    return (
        f'<text x="0" y="{y + 17}" class="chart-label">{label}</text>'
        f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{BAR_WIDTH}" height="16" fill="#eef1f4"/>'
        f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{length}" height="16" '
        f'fill="{COLOURS[role]}"/>'
        f'<text x="{LABEL_WIDTH + BAR_WIDTH + 6}" y="{y + 17}" class="chart-value">{value}</text>'
    )


def describe(chart: BarChart) -> str:
    """The chart in words, for screen readers and alternative text."""
    if not chart.bars:
        return f"{chart.description} Aucun thème à afficher."
    parts = [
        f"{bar.label} : {number_fr(bar.share, 0)} % ({bar.count} répondants)" for bar in chart.bars
    ]
    return f"{chart.description} " + " ; ".join(parts) + "."


def png(chart: BarChart, width_cm: float = 14) -> bytes:
    """The same chart as a PNG for the Word report (matplotlib, no screen needed)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    labels = [_shorten(b.label, 40) for b in chart.bars][::-1]
    shares = [b.share for b in chart.bars][::-1]
    height = 0.35 * max(len(labels), 1) + 0.6
    figure, axis = plt.subplots(figsize=(width_cm / 2.54, height), dpi=110)
    bars = axis.barh(labels, shares, color=COLOURS[chart.role])
    if chart.role == "atouts":
        for bar in bars:
            bar.set_hatch("///")
            bar.set_edgecolor("white")
    for bar, share in zip(bars, shares, strict=True):
        axis.text(
            bar.get_width() + 1,
            bar.get_y() + bar.get_height() / 2,
            f"{number_fr(share, 0)} %",
            va="center",
            fontsize=8,
        )
    axis.set_xlim(0, 110)
    axis.set_xticks([])
    axis.tick_params(axis="y", labelsize=8, length=0)
    for side in ("top", "right", "bottom"):
        axis.spines[side].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return buffer.getvalue()


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
