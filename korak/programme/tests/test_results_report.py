"""The highlights report: its figures equal the indicator export, in Bosnian and in English,
read back from the PDF's own text; people named only with their consent."""

import csv
import io
import re
from datetime import date

import pypdfium2 as pdfium
import pytest

from korak.organisations.models import Institution, User
from korak.programme import exports, indicators, services
from korak.programme.models import Activity, Official, Programme
from korak.programme.report import chart, data, html, pdf
from korak.programme.tests.conftest import make_official


def pdf_text(document: bytes) -> str:
    pages = pdfium.PdfDocument(document)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pages)
    finally:
        pages.close()


@pytest.fixture
def programme_with_people(coordinator: User, programme: Programme, activity: Activity, ministry_ba: Institution,
                          sfa_ba: Institution, mup_rs: Institution) -> Programme:
    second = services.create_activity(
        actor=coordinator, programme_id=programme.id, institution=ministry_ba,
        data=services.ActivityData(kind="workshop", title="Regional cooperation", country="ME", place="Bečići",
                                   starts_on=date(2025, 12, 15), ends_on=date(2025, 12, 18),
                                   summaries={"en": "Regional cooperation in migration management.",
                                              "bs": "Regionalna saradnja u upravljanju migracijama.",
                                              "title.bs": "Sastanak i radionica o regionalnoj saradnji"}))
    session = services.add_session(actor=coordinator, activity_id=second.id, on=date(2025, 12, 15))
    first = activity.sessions.order_by("on").first()
    assert first is not None
    for index in range(12):
        official = make_official(coordinator, sfa_ba if index % 2 else mup_rs, f"Ана{index}", f"Јовић{index}",
                                 sex="female" if index % 2 else "male")
        services.check_in(actor=coordinator, session_id=first.id, official_id=official.id)
        if index < 5:
            services.check_in(actor=coordinator, session_id=session.id, official_id=official.id)
    named = make_official(coordinator, sfa_ba, "Đurđa", "Čolić", consent_to_publish=True)
    hidden = make_official(coordinator, sfa_ba, "Skriveni", "Stručnjak")
    for expert in (named, hidden):
        services.invite(actor=coordinator, activity_id=second.id, official_id=expert.id, role="expert")
    return programme


def _export_totals(programme: Programme) -> dict[str, str]:
    table = csv.DictReader(io.StringIO(exports.to_csv(indicators.compute(programme=programme)).decode("utf-8-sig")))
    return {row["indicator"]: row["value"] for row in table if row["dimension"] == "total"}


@pytest.mark.parametrize("language", ["bs", "en"])
def test_pdf_figures_equal_the_indicator_export(programme_with_people: Programme, language: str) -> None:
    report = data.build(programme=programme_with_people, language=language, today=date(2026, 5, 1))
    text = pdf_text(pdf.render(report))
    totals = _export_totals(programme_with_people)
    assert totals["activities"] == "2" and totals["unique_participants"] == "12"
    for figure in report.figures:
        if figure.code == "countries":
            continue
        # The export's total, formatted as the report formats numbers, stands in the PDF.
        assert data.number(type(figure.raw)(totals[figure.code]), language) == figure.value
        assert figure.value in text
    assert text.count(report.figures[0].label) >= 1
    # Activities in date order, with place and dates in the report's language.
    assert text.index("Bečići") < text.index("Sarajevo")
    if language == "bs":
        assert "Sastanak i radionica o regionalnoj saradnji" in text
        assert "dec 2025" in text
        assert "Crna Gora" in text
    else:
        assert "Regional cooperation in migration management." in text
        assert "Montenegro" in text


def test_people_are_named_only_with_their_consent(programme_with_people: Programme) -> None:
    report = data.build(programme=programme_with_people, language="bs", today=date(2026, 5, 1))
    text = pdf_text(pdf.render(report))
    assert "Đurđa Čolić" in text
    assert "Skriveni" not in text
    assert report.unnamed == 1
    document = html.document(report)
    assert "Đurđa Čolić" in document and "Skriveni" not in document


def test_html_document_carries_the_same_figures_and_an_svg_chart(programme_with_people: Programme) -> None:
    report = data.build(programme=programme_with_people, language="en", today=date(2026, 5, 1))
    document = html.document(report)
    for figure in report.figures:
        assert re.search(rf'data-code="{figure.code}"><dt>[^<]*</dt><dd>{re.escape(figure.value)}</dd>', document)
    assert "<svg" in document and "<rect" in document
    assert "http://" not in document.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_chart_has_one_segment_per_country_and_quarter() -> None:
    layout = chart.layout(counts={("BA", "2024-Q2"): 2, ("ME", "2024-Q2"): 1, ("BA", "2024-Q4"): 3},
                          quarters=["2024-Q2", "2024-Q3", "2024-Q4"], countries=[("BA", "Bosna"), ("ME", "<Crna>")],
                          title="t", axis_label="n")
    assert sorted(bar.title for bar in layout.bars) == ["<Crna>, 2024-Q2: 1", "Bosna, 2024-Q2: 2", "Bosna, 2024-Q4: 3"]
    heights = {bar.title: bar.h for bar in layout.bars}
    assert heights["Bosna, 2024-Q4: 3"] == pytest.approx(3 * heights["<Crna>, 2024-Q2: 1"])
    svg = chart.to_svg(layout)
    assert "&lt;Crna&gt;" in svg and "<Crna>" not in svg


def test_officials_merged_are_not_named_twice(programme_with_people: Programme, coordinator: User,
                                              sfa_ba: Institution) -> None:
    survivor = Official.objects.get(given_name="Đurđa")
    copy = make_official(coordinator, sfa_ba, "Djurdja", "Colic", consent_to_publish=True)
    second = Activity.objects.get(place="Bečići")
    services.invite(actor=coordinator, activity_id=second.id, official_id=copy.id, role="trainer")
    Official.objects.filter(pk=copy.pk).update(merged_into=survivor)
    report = data.build(programme=programme_with_people, language="bs", today=date(2026, 5, 1))
    assert [person.name for person in report.named] == ["Đurđa Čolić"]
