"""The highlights report as PDF (fpdf2). DejaVu Sans, which matplotlib ships, covers Bosnian
diacritics and Cyrillic; the fonts are embedded (subset), so the PDF reads the same anywhere.
The chart is drawn as vectors from the same layout as the SVG of the HTML page."""

from __future__ import annotations

import logging
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from korak.programme.report import chart as charts
from korak.programme.report.data import Highlights

# fontTools logs every glyph it keeps when fpdf2 subsets a font: noise, at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT = "DejaVu"
MM_TO_PT = 72 / 25.4
MARGIN = 18.0
ACCENT = (0, 84, 147)
MUTED = (90, 90, 90)


def _font_dir() -> Path:
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


class _Document(FPDF):
    def __init__(self, report: Highlights) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.report = report
        fonts = _font_dir()
        self.add_font(FONT, "", str(fonts / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(report.title)
        self.set_lang(report.language)
        self.set_creator("Korak")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        self.cell(0, 5, self.report.generated, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"{self.report.labels['page']} {self.page_no()}/{{nb}}", align="R")
        self.set_text_color(0, 0, 0)


def _heading(pdf: _Document, text: str, size: float = 13) -> None:
    pdf.set_font(FONT, "B", size)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)


def _figures(pdf: _Document, report: Highlights) -> None:
    """Tiles of four: the number large, its label small under it; the survey ratios below."""
    width = (pdf.w - 2 * MARGIN) / 4
    tile_h = 21.0
    top = pdf.get_y()
    for index, figure in enumerate(report.figures):
        column = index % 4
        if column == 0:
            if index:
                pdf.set_y(top + tile_h + 2)
            top = pdf.get_y()
        x = MARGIN + column * width
        pdf.set_fill_color(238, 243, 248)
        pdf.rect(x + 0.8, top, width - 1.6, tile_h, style="F")
        pdf.set_xy(x + 2.5, top + 2)
        pdf.set_font(FONT, "B", 17)
        pdf.set_text_color(*ACCENT)
        pdf.cell(width - 5, 8, figure.value)
        pdf.set_text_color(0, 0, 0)
        pdf.set_xy(x + 2.5, top + 10.5)
        pdf.set_font(FONT, "", 7.5)
        pdf.multi_cell(width - 5, 3.4, figure.label, align="L", new_x=XPos.RIGHT, new_y=YPos.TOP)
    pdf.set_y(top + tile_h + 4)
    for figure in report.figures:
        if figure.note:
            pdf.set_font(FONT, "B", 8.5)
            pdf.multi_cell(0, 4.2, f"{figure.label}: {figure.value}", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_font(FONT, "", 8.5)
            pdf.set_text_color(*MUTED)
            pdf.multi_cell(0, 4.2, figure.note, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(0, 0, 0)
            pdf.ln(1)


def draw_chart(pdf: FPDF, chart: charts.Chart, x0: float, y0: float) -> None:
    """Draw the chart's shapes at (x0, y0); chart units are millimetres already."""
    for shape in chart.shapes:
        if isinstance(shape, charts.Rect):
            pdf.set_fill_color(*_rgb(shape.fill))
            pdf.rect(x0 + shape.x, y0 + shape.y, shape.w, shape.h, style="F")
        elif isinstance(shape, charts.Line):
            pdf.set_draw_color(*_rgb(shape.stroke))
            pdf.set_line_width(0.25)
            pdf.line(x0 + shape.x1, y0 + shape.y1, x0 + shape.x2, y0 + shape.y2)
        else:
            pdf.set_font(FONT, "B" if shape.bold else "", shape.size * MM_TO_PT)
            width = pdf.get_string_width(shape.text)
            x = shape.x - (width / 2 if shape.anchor == "middle" else width if shape.anchor == "end" else 0)
            pdf.text(x0 + x, y0 + shape.y, shape.text)
    pdf.set_draw_color(0, 0, 0)


def _activities(pdf: _Document, report: Highlights) -> None:
    _heading(pdf, report.labels["activities"])
    for line in report.activities:
        if pdf.get_y() > pdf.h - 45:
            pdf.add_page()
        pdf.set_font(FONT, "B", 9.5)
        pdf.multi_cell(0, 4.6, line.title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, "", 8)
        pdf.set_text_color(*ACCENT)
        where = ", ".join(part for part in (line.place, line.country) if part)
        pdf.multi_cell(0, 4, f"{where} | {line.dates} | {line.kind}", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)
        if line.summary:
            pdf.set_font(FONT, "", 8.5)
            pdf.multi_cell(0, 4.1, line.summary, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2.5)


def render(report: Highlights) -> bytes:
    pdf = _Document(report)
    pdf.add_page()
    pdf.set_font(FONT, "B", 17)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 8, report.title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(0, 6, report.heading, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(0, 4.5, report.period, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for key, text in (("donors", report.donors), ("partners", report.partners)):
        if text:
            pdf.multi_cell(0, 4.5, f"{report.labels[key]}: {text}", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    _heading(pdf, report.labels["figures"])
    _figures(pdf, report)
    pdf.ln(2)
    if pdf.get_y() + report.chart.height + 12 > pdf.h - 18:
        pdf.add_page()
    _heading(pdf, report.chart_heading)
    top = pdf.get_y()
    draw_chart(pdf, report.chart, MARGIN, top)
    pdf.set_y(top + report.chart.height + 4)
    pdf.add_page()
    _activities(pdf, report)
    if report.named or report.unnamed:
        if pdf.get_y() > pdf.h - 50:
            pdf.add_page()
        pdf.ln(2)
        _heading(pdf, report.labels["named"])
        pdf.set_font(FONT, "", 8.5)
        for person in report.named:
            pdf.multi_cell(0, 4.2, f"{person.name} ({person.institution}), {person.role}",
                           align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if report.unnamed:
            pdf.set_text_color(*MUTED)
            pdf.multi_cell(0, 4.2, report.labels["unnamed"], align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(0, 0, 0)
    return bytes(pdf.output())
