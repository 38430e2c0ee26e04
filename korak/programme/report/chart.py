"""The chart of activities per country and quarter, laid out once as shapes in millimetres and
drawn twice: as SVG for the HTML page (server-rendered, no script, no CDN) and as vector
drawing in the PDF (korak.programme.report.pdf). Pure: no ORM, no I/O."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape

# Okabe-Ito: distinguishable with the common colour-vision deficiencies, and in greyscale print.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
INK = "#222222"
GRID = "#D0D0D0"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    title: str = ""  # the tooltip/accessible text of a bar segment


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = GRID


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # baseline
    text: str
    size: float = 2.6  # mm (about 7.4 pt)
    anchor: str = "start"  # start | middle | end
    bold: bool = False


@dataclass
class Chart:
    width: float
    height: float
    shapes: list[Rect | Line | Label] = field(default_factory=list)
    title: str = ""
    description: str = ""

    @property
    def bars(self) -> list[Rect]:
        return [s for s in self.shapes if isinstance(s, Rect) and s.title]


def _nice_step(maximum: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000):
        if maximum / step <= 6:
            return step
    return max(1, maximum // 5)


def layout(*, counts: Mapping[tuple[str, str], int], quarters: Sequence[str], countries: Sequence[tuple[str, str]],
           title: str, axis_label: str, quarter_prefix: str = "Q", width: float = 174.0,
           height: float = 86.0) -> Chart:
    """Stacked bars: one bar per quarter, one segment per country, a legend above.
    `countries` is [(code, label)] in legend order; `quarters` like "2024-Q2" in time order."""
    chart = Chart(width=width, height=height, title=title)
    legend_rows = 1 + (len(countries) - 1) // 4 if countries else 0
    top = 10.0 + legend_rows * 5.0
    left, right, bottom = 10.0, 2.0, 12.0
    plot_h = height - top - bottom
    plot_w = width - left - right
    totals = {q: sum(counts.get((code, q), 0) for code, _label in countries) for q in quarters}
    maximum = max(totals.values(), default=0)
    step = _nice_step(max(maximum, 1))
    # Head room above the tallest bar for its total.
    ceiling = max(step, -(-(maximum * 115 // 100 + 1) // step) * step)
    scale = plot_h / ceiling
    base = top + plot_h
    # Legend.
    for index, (_code, label) in enumerate(countries):
        lx = left + (index % 4) * (plot_w / 4)
        ly = 2.0 + (index // 4) * 5.0
        chart.shapes.append(Rect(lx, ly, 3.0, 3.0, PALETTE[index % len(PALETTE)]))
        chart.shapes.append(Label(lx + 4.2, ly + 2.6, label))
    # Grid and axis.
    for tick in range(0, ceiling + 1, step):
        y = base - tick * scale
        chart.shapes.append(Line(left, y, left + plot_w, y, GRID if tick else INK))
        chart.shapes.append(Label(left - 1.5, y + 0.9, str(tick), anchor="end"))
    chart.shapes.append(Label(1.5, top - 3.5, axis_label, size=2.4))
    # Bars.
    slot = plot_w / max(len(quarters), 1)
    bar_w = min(slot * 0.7, 14.0)
    for position, quarter in enumerate(quarters):
        x = left + position * slot + (slot - bar_w) / 2
        y = base
        for index, (code, label) in enumerate(countries):
            value = counts.get((code, quarter), 0)
            if not value:
                continue
            h = value * scale
            y -= h
            chart.shapes.append(Rect(x, y, bar_w, h, PALETTE[index % len(PALETTE)],
                                     title=f"{label}, {quarter}: {value}"))
        if totals[quarter]:
            chart.shapes.append(Label(x + bar_w / 2, y - 1.0, str(totals[quarter]), anchor="middle", bold=True))
        year, q = quarter.split("-")
        chart.shapes.append(Label(x + bar_w / 2, base + 4.0, quarter_prefix + q.removeprefix("Q"), anchor="middle"))
        if q == "Q1" or position == 0:
            chart.shapes.append(Label(x + bar_w / 2, base + 8.5, year, anchor="middle", bold=True))
    chart.description = "; ".join(
        f"{quarter}: {totals[quarter]}" for quarter in quarters if totals[quarter]
    )
    return chart


def to_svg(chart: Chart) -> str:
    """The chart as an inline SVG element; every text is escaped, and the figures are in the
    title and description so screen readers get them too."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {chart.width:.1f} {chart.height:.1f}" '
        f'role="img" aria-labelledby="chart-title chart-desc" class="chart" '
        f'font-family="DejaVu Sans, Verdana, sans-serif">',
        f'<title id="chart-title">{escape(chart.title)}</title>',
        f'<desc id="chart-desc">{escape(chart.description)}</desc>',
    ]
    for shape in chart.shapes:
        if isinstance(shape, Rect):
            inner = f"<title>{escape(shape.title)}</title>" if shape.title else ""
            parts.append(f'<rect x="{shape.x:.2f}" y="{shape.y:.2f}" width="{shape.w:.2f}" height="{shape.h:.2f}" '
                         f'fill="{shape.fill}">{inner}</rect>')
        elif isinstance(shape, Line):
            parts.append(f'<line x1="{shape.x1:.2f}" y1="{shape.y1:.2f}" x2="{shape.x2:.2f}" y2="{shape.y2:.2f}" '
                         f'stroke="{shape.stroke}" stroke-width="0.25"/>')
        else:
            weight = ' font-weight="bold"' if shape.bold else ""
            parts.append(f'<text x="{shape.x:.2f}" y="{shape.y:.2f}" font-size="{shape.size:.2f}" '
                         f'text-anchor="{escape(shape.anchor)}" fill="{INK}"{weight}>{escape(shape.text)}</text>')
    parts.append("</svg>")
    return "".join(parts)
