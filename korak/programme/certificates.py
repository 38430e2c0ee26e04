"""The certificate as PDF (fpdf2): landscape A4, the name as written and in Latin, the
curriculum and its modules, validity, and the verification code with a QR code of the public
page. DejaVu Sans (shipped with matplotlib) covers Latin diacritics and Cyrillic."""

import io
import logging
from pathlib import Path

import matplotlib
import segno
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import override
from fpdf import FPDF

from korak.programme.models import Certificate

logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT = "DejaVu"
ACCENT = (0, 84, 147)
MUTED = (90, 90, 90)


def _fonts() -> Path:
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _centred(pdf: FPDF, text: str, size: float, *, bold: bool = False, colour: tuple[int, int, int] = (0, 0, 0),
             height: float = 9) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_text_color(*colour)
    pdf.set_x(pdf.l_margin)
    pdf.multi_cell(0, height, text, align="C")


def render(certificate: Certificate, *, verify_url: str, language: str = "en") -> bytes:
    """The PDF of a certificate in the given UI language."""
    with override(language):
        return _render(certificate, verify_url, language)


def _render(certificate: Certificate, verify_url: str, language: str) -> bytes:
    official = certificate.official
    curriculum = certificate.curriculum
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.add_font(FONT, "", str(_fonts() / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(_fonts() / "DejaVuSans-Bold.ttf"))
    pdf.set_title(_("Certificate"))
    pdf.set_lang(language)
    pdf.set_creator("Korak")
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(25, 20, 25)
    pdf.add_page()
    # A double frame: the certificate looks like one on paper too.
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, 271, 184)

    pdf.set_y(26)
    _centred(pdf, _("Certificate").upper(), 30, bold=True, colour=ACCENT, height=14)
    _centred(pdf, _("This is to certify that"), 13, colour=MUTED)
    pdf.ln(3)
    written = f"{official.given_name} {official.family_name}"
    latin = f"{official.latin_given} {official.latin_family}"
    _centred(pdf, written, 26, bold=True, height=12)
    if latin != written:
        _centred(pdf, latin, 14, colour=MUTED, height=8)
    _centred(pdf, f"{official.institution.name}", 12, colour=MUTED, height=7)
    pdf.ln(4)
    _centred(pdf, _("has completed the curriculum"), 13, colour=MUTED)
    _centred(pdf, curriculum.title, 19, bold=True, colour=ACCENT, height=10)
    modules = [module.title for module in curriculum.modules.all()]
    if modules:
        pdf.ln(1)
        _centred(pdf, " · ".join(modules), 10, colour=MUTED, height=6)
    pdf.ln(4)
    issued = formats.date_format(certificate.issued_on, "DATE_FORMAT")
    until = formats.date_format(certificate.valid_until, "DATE_FORMAT")
    _centred(pdf, _("Issued on %(issued)s, valid until %(until)s") % {"issued": issued, "until": until}, 12)
    if certificate.renews_id is not None:
        _centred(pdf, _("Renewed by a refresher course."), 10, colour=MUTED, height=6)

    qr = io.BytesIO()
    segno.make(verify_url, error="m").save(qr, kind="png", scale=6, border=1)
    qr.seek(0)
    pdf.image(qr, x=237, y=150, w=36, h=36)
    pdf.set_xy(25, 160)
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(200, 5, _("Verify this certificate at the address below or with the QR code. "
                             "The page shows whether it is valid, expired or revoked."))
    pdf.set_x(25)
    pdf.set_font(FONT, "B", 10)
    pdf.set_text_color(0, 0, 0)
    pdf.cell(200, 6, _("Verification code: %(code)s") % {"code": _grouped(certificate.code)})
    pdf.set_xy(25, 178)
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(*ACCENT)
    pdf.cell(200, 6, verify_url, link=verify_url)
    return bytes(pdf.output())


def _grouped(code: str) -> str:
    """XXXX-XXXX-XXXX-XXXX: easier to read aloud and type from paper."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))
