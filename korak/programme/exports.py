"""The indicators as a table, and that table as CSV and XLSX. One row per indicator and
bucket, the total first: a donor's spreadsheet can filter it, and every breakdown visibly
sums to its total. Survey indicators carry their denominators and response rate."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from korak.programme import indicator_rules as rules
from korak.programme.indicators import DEFINITIONS, Indicators
from korak.programme.models import ActivityKind, OfficialSex

COLUMNS = ("indicator", "dimension", "bucket", "label", "value", "respondents", "attendees",
           "percent_of_respondents", "percent_of_attendees", "response_rate")


@dataclass(frozen=True)
class Row:
    indicator: str
    dimension: str
    bucket: str
    label: str
    value: Decimal | int
    respondents: Decimal | int | None = None
    attendees: Decimal | int | None = None
    percent_of_respondents: int | None = None
    percent_of_attendees: int | None = None
    response_rate: int | None = None

    def cells(self) -> list[object]:
        return [getattr(self, column) for column in COLUMNS]


def _label(indicators: Indicators, dimension: str, bucket: str) -> str:
    if bucket == rules.NOT_RECORDED:
        return str(_("Not recorded"))
    if dimension == "sex":
        return str(dict(OfficialSex.choices).get(bucket, bucket))
    if dimension == "institution":
        return indicators.institution_labels.get(bucket, bucket)
    if dimension == "kind":
        return str(dict(ActivityKind.choices).get(bucket, bucket))
    return bucket


def rows(indicators: Indicators) -> Iterator[Row]:
    activities = indicators.activities
    yield Row("activities", "total", "", str(_("Total")), activities.total)
    for dimension, buckets in (("kind", activities.by_kind), ("country", activities.by_country),
                               ("quarter", activities.by_quarter)):
        for bucket in sorted(buckets):
            yield Row("activities", dimension, bucket, _label(indicators, dimension, bucket), buckets[bucket])
    for code, figure in indicators.figures.items():
        yield Row(code, "total", "", str(_("Total")), figure.total)
        for dimension in rules.DIMENSIONS:
            for bucket in sorted(figure.by[dimension]):
                yield Row(code, dimension, bucket, _label(indicators, dimension, bucket), figure.by[dimension][bucket])
    for code, survey in indicators.surveys.items():
        yield Row(code, "total", "", str(_("Total")), survey.value, survey.respondents.total, survey.attendees.total,
                  survey.of_respondents.percent, survey.of_attendees.percent, survey.response_rate.percent)
        for dimension in rules.DIMENSIONS:
            present = set(survey.attendees.by[dimension]) | set(survey.respondents.by[dimension])
            for bucket in sorted(present):
                of_respondents, of_attendees, rate = survey.bucket(dimension, bucket)
                yield Row(code, dimension, bucket, _label(indicators, dimension, bucket), of_respondents.numerator,
                          of_respondents.denominator, of_attendees.denominator, of_respondents.percent,
                          of_attendees.percent, rate.percent)


def to_csv(indicators: Indicators, *, language: str = "en") -> bytes:
    with translation.override(language):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for row in rows(indicators):
            writer.writerow(["" if cell is None else cell for cell in row.cells()])
    # A byte-order mark so that spreadsheet programs read the diacritics and Cyrillic right.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(indicators: Indicators, *, language: str = "en") -> bytes:
    with translation.override(language):
        book = Workbook()
        sheet = book.active
        sheet.title = "Indicators"
        sheet.append(list(COLUMNS))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows(indicators):
            sheet.append([float(cell) if isinstance(cell, Decimal) else cell for cell in row.cells()])
        sheet.freeze_panes = "A2"
        for column, width in zip("ABCDEFGHIJ", (26, 12, 38, 44, 10, 12, 10, 12, 12, 12), strict=True):
            sheet.column_dimensions[column].width = width
        rules_sheet = book.create_sheet("Rules")
        rules_sheet.append(["indicator", "name", "rule"])
        for definition in DEFINITIONS:
            rules_sheet.append([definition.code, str(definition.name), str(definition.rule)])
        rules_sheet.column_dimensions["B"].width = 50
        rules_sheet.column_dimensions["C"].width = 120
        buffer = io.BytesIO()
        book.save(buffer)
    return buffer.getvalue()


def totals(indicators: Indicators) -> dict[str, Decimal | int]:
    """The total row of each indicator, as the export writes it."""
    return {row.indicator: row.value for row in rows(indicators) if row.dimension == "total"}
