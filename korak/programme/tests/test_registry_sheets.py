# ruff: noqa: RUF001 - synthetic names and institutions written in Cyrillic on purpose
"""Sign-in sheets: CSV and XLSX, idempotent by content, refused whole with row-level errors."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from korak import policy
from korak.core.refusal import RefusedError
from korak.organisations.models import Institution, User
from korak.programme import queries, rules, services, sheets
from korak.programme.models import Activity, Attendance, Official, Participation, SheetImport

HEADER = "given_name,family_name,institution,date,part,sex,birth_year"


def csv_sheet(*rows: str) -> bytes:
    return "\n".join([HEADER, *rows]).encode()


@pytest.fixture
def official_rs(coordinator: User, mup_rs: Institution) -> Official:
    return services.create_official(actor=coordinator, data=services.OfficialData(
        given_name="Марко", family_name="Петровић", institution_id=mup_rs.id, sex="male"))


def test_csv_import_matches_across_scripts_and_reimport_changes_nothing(
        coordinator: User, activity: Activity, mup_rs: Institution, official_rs: Official) -> None:
    content = csv_sheet("Marko,Petrovic,MUP RS,2026-03-02,,m,",
                        "Marko,Petrovic,МУП РС,03.03.2026,day,m,",
                        "Jelena,Ilić,MUP RS,2026-03-02,,f,1988")
    first = sheets.import_sheet(actor=coordinator, activity_id=activity.id, content=content, filename="day1.csv")
    assert not first.duplicate
    assert (first.sheet.rows, first.sheet.matched, first.sheet.created) == (3, 2, 1)
    assert Attendance.objects.filter(official=official_rs).count() == 2
    assert set(official_rs.names.values_list("given_name", flat=True)) == {"Марко", "Marko"}
    assert Participation.objects.get(official=official_rs).status == "attended"
    counts = (Attendance.objects.count(), Official.objects.count(), SheetImport.objects.count())
    again = sheets.import_sheet(actor=coordinator, activity_id=activity.id, content=content, filename="copy.csv")
    assert again.duplicate and again.sheet.pk == first.sheet.pk
    assert (Attendance.objects.count(), Official.objects.count(), SheetImport.objects.count()) == counts


def test_session_attended_twice_counts_once(coordinator: User, activity: Activity, official_rs: Official) -> None:
    session = activity.sessions.get(on=date(2026, 3, 2))
    assert services.check_in(actor=coordinator, session_id=session.id, official_id=official_rs.id)
    assert not services.check_in(actor=coordinator, session_id=session.id, official_id=official_rs.id)
    sheets.import_sheet(actor=coordinator, activity_id=activity.id,
                        content=csv_sheet("Marko,Petrović,MUP RS,2026-03-02,,,"), filename="s.csv")
    assert Attendance.objects.filter(session=session).count() == 1
    attended, held = queries.attendance_counts(official_id=official_rs.id, activity_ids=[activity.id])
    assert (attended, held) == (1, 5)
    assert not rules.completed(attended=attended, sessions=held, threshold=activity.completion_threshold)


def test_xlsx_import(coordinator: User, activity: Activity, official_rs: Official) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Ime", "Prezime", "Institucija", "Datum"])
    sheet.append(["МАРКО", "ПЕТРОВИЋ", "MUP RS", date(2026, 3, 4)])
    sheet.append(["Dragana", "Đukić", "MUP RS", "05.03.2026."])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = sheets.import_sheet(actor=coordinator, activity_id=activity.id, content=buffer.getvalue(),
                                 filename="sheet.xlsx")
    assert (result.sheet.rows, result.sheet.matched, result.sheet.created) == (2, 1, 1)
    assert Attendance.objects.filter(official=official_rs, session__on=date(2026, 3, 4)).exists()


@pytest.mark.parametrize(("content", "field", "fragment"), [
    (b"given_name,family_name,date\nA,B,2026-03-02", "columns", "institution"),
    (csv_sheet("Marko,Petrovic,MUP RS,2026-13-02,,,"), "row 2", "not a date"),
    (csv_sheet("Marko,Petrovic,MUP RS,2026-03-02,,,", "Ana,Ilić,MUP RS,2026-04-01,,,"), "row 3", "no session"),
    (csv_sheet("Marko,Petrovic,Nowhere,2026-03-02,,,"), "row 2", "Unknown institution"),
    (csv_sheet("Marko,,MUP RS,2026-03-02,,,"), "row 2", "empty"),
    (csv_sheet("Marko,Petrovic,MUP RS,2026-03-02,noon,,"), "row 2", "Part of day"),
    (csv_sheet("Marko,Petrovic,MUP RS,2026-03-02,,,19x0"), "row 2", "year of birth"),
    (b"PK\x03\x04 not really a workbook", "file", "XLSX"),
])
def test_malformed_sheet_is_refused_and_imports_nothing(coordinator: User, activity: Activity, mup_rs: Institution,
                                                        content: bytes, field: str, fragment: str) -> None:
    with pytest.raises(RefusedError) as refused:
        sheets.import_sheet(actor=coordinator, activity_id=activity.id, content=content, filename="bad.csv")
    errors = refused.value.refusal.fields
    assert field in errors and any(fragment in message for message in errors[field]), errors
    assert not SheetImport.objects.exists() and not Attendance.objects.exists() and not Official.objects.exists()


def test_import_refused_for_other_institutions_coordinator_and_wrong_role(
        coordinator_border: User, coordinator_rs: User, escort_ba: User, activity: Activity,
        mup_rs: Institution) -> None:
    for user in (coordinator_border, coordinator_rs, escort_ba):
        with pytest.raises(policy.NotFoundError):
            sheets.import_sheet(actor=user, activity_id=activity.id,
                                content=csv_sheet("Marko,Petrovic,MUP RS,2026-03-02,,,"), filename="s.csv")
    assert not SheetImport.objects.exists()


def test_sheet_turns_an_invitation_into_attendance_and_a_repeated_row_counts_once(
        coordinator: User, activity: Activity, official_rs: Official) -> None:
    invited = services.invite(actor=coordinator, activity_id=activity.id, official_id=official_rs.id)
    result = sheets.import_sheet(actor=coordinator, activity_id=activity.id, filename="s.csv", content=csv_sheet(
        "Marko,Petrović,MUP RS,2026-03-02,,,", "Marko,Petrović,MUP RS,2026-03-02,,,",
        "Марко,Петровић,МУП РС,2026-03-03,,,"))
    assert (result.sheet.matched, result.sheet.created) == (3, 0)
    participation = Participation.objects.get(activity=activity, official=official_rs)
    assert participation.pk == invited.pk and participation.status == "attended"
    assert participation.version == invited.version + 1
    assert Attendance.objects.filter(official=official_rs).count() == 2
    assert official_rs.names.filter(given_name="Marko", family_name="Petrović").count() == 1


def test_sheet_import_queries_do_not_grow_with_its_rows(
        coordinator: User, activity: Activity, official_rs: Official) -> None:
    def queries_for(*rows: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            sheets.import_sheet(actor=coordinator, activity_id=activity.id, filename="s.csv", content=csv_sheet(*rows))
        return len(captured)

    one = queries_for("Marko,Petrović,MUP RS,2026-03-02,,,")
    five = queries_for(*[f"Marko,Petrović,MUP RS,2026-03-0{day},,," for day in (2, 3, 4, 5, 6)],
                       "Jelena,Ilić,MUP RS,2026-03-02,,f,1988")
    assert Attendance.objects.filter(official=official_rs).count() == 5
    assert five <= one + 8  # the new official's own rows, not one round of queries per row
