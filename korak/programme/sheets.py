"""Sign-in sheet import (CSV and XLSX): one row per official and session.

A sheet is read and checked in full before anything is written: a malformed sheet (missing
columns, a bad date, an unknown session or institution) is refused with its row-level errors
and imports nothing. The same file imported twice into an activity changes nothing (its
sha256 is remembered)."""

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook  # type: ignore[import-untyped]

from korak import policy
from korak.core.refusal import Refusal, RefusedError
from korak.organisations.models import Institution, User
from korak.programme import dedupe, names, services
from korak.programme.models import (
    Activity,
    Attendance,
    AttendanceSource,
    NameSource,
    Official,
    OfficialName,
    Participation,
    ParticipationStatus,
    Session,
    SheetImport,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
REQUIRED = ("given_name", "family_name", "institution", "date")
# Headers as clerks write them, folded: English, and the region's languages in both scripts.
_HEADER_ALIASES = {
    "given_name": "given_name", "given_names": "given_name", "first_name": "given_name", "ime": "given_name",
    "family_name": "family_name", "surname": "family_name", "last_name": "family_name", "prezime": "family_name",
    "institution": "institution", "institucija": "institution", "organisation": "institution",
    "date": "date", "datum": "date", "session_date": "date",
    "part": "part", "dio": "part", "deo": "part",
    "sex": "sex", "spol": "sex", "pol": "sex",
    "position": "position", "pozicija": "position", "funkcija": "position",
    "email": "email", "e_mail": "email", "phone": "phone", "telefon": "phone",
    "birth_year": "birth_year", "godina_rodjenja": "birth_year", "country": "country", "drzava": "country",
}
_SEX = {"f": "female", "female": "female", "z": "female", "zenski": "female", "zensko": "female",
        "m": "male", "male": "male", "muski": "male", "musko": "male"}
_PARTS = {"": "", "day": "day", "dan": "day", "am": "am", "prijepodne": "am", "pm": "pm", "poslijepodne": "pm"}
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%Y.", "%d/%m/%Y")


@dataclass(frozen=True)
class SheetRow:
    line: int
    given_name: str
    family_name: str
    institution: Institution
    session: Session
    sex: str
    position: str
    email: str
    phone: str
    birth_year: int | None


@dataclass(frozen=True)
class ImportResult:
    sheet: SheetImport
    duplicate: bool  # the same file was imported before: nothing changed


def _header(text: object) -> str:
    folded = "_".join(names.tokens(str(text or "")))
    return _HEADER_ALIASES.get(folded, folded)


def read_table(content: bytes, filename: str) -> list[list[object]]:
    """The sheet's cells, first row the header. XLSX by its zip signature, else CSV (comma or semicolon)."""
    if content[:2] == b"PK":
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise _refuse({"file": [_("The file is not a readable XLSX workbook.")]}) from error
        sheet = workbook.worksheets[0]
        table = [list(row) for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        return [row for row in table if any(cell not in (None, "") for cell in row)]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse({"file": [_("The CSV file must be UTF-8 encoded.")]}) from None
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(c.strip() for c in row)]


def _refuse(fields: dict[str, list[str]]) -> RefusedError:
    return RefusedError(Refusal(code="invalid_sheet", message=_("The sheet was not imported: fix the rows listed."),
                                fields=fields))


def _parse_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar day, no time of day
        except ValueError:
            continue
    return None


class _Institutions:
    """Institutions by name or short name as written, in either script: "MUP RS" = "МУП РС"."""  # noqa: RUF002

    def __init__(self) -> None:
        self.by_key: dict[str, list[Institution]] = {}
        for institution in Institution.objects.filter(is_active=True):
            for text in {institution.name, institution.short_name} - {""}:
                self.by_key.setdefault(" ".join(names.tokens(text)), []).append(institution)

    def find(self, text: str, country: str) -> tuple[Institution | None, str]:
        found = self.by_key.get(" ".join(names.tokens(text)), [])
        if country:
            found = [i for i in found if i.country_id == country.upper()]
        if len({i.pk for i in found}) == 1:
            return found[0], ""
        if not found:
            return None, _("Unknown institution “%(name)s”.") % {"name": text}
        return None, _("“%(name)s” names several institutions: add a country column.") % {"name": text}


def parse(content: bytes, filename: str, activity: Activity) -> list[SheetRow]:
    """Read and check the whole sheet; raise with every row's errors, or return the rows."""
    if len(content) > MAX_BYTES:
        raise _refuse({"file": [_("The file is larger than 5 MB.")]})
    table = read_table(content, filename)
    if not table:
        raise _refuse({"file": [_("The sheet is empty.")]})
    header = [_header(cell) for cell in table[0]]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise _refuse({"columns": [_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}]})
    if len(table) - 1 > MAX_ROWS:
        raise _refuse({"file": [_("A sheet may have at most %(max)s rows.") % {"max": MAX_ROWS}]})
    sessions = {(s.on, s.part): s for s in activity.sessions.all()}
    institutions = _Institutions()
    rows: list[SheetRow] = []
    errors: dict[str, list[str]] = {}
    for line, cells in enumerate(table[1:], start=2):
        value = {column: ("" if index >= len(cells) or cells[index] is None else cells[index])
                 for index, column in enumerate(header)}
        text = {column: str(cell).strip() for column, cell in value.items()}
        problems: list[str] = []
        for column in ("given_name", "family_name", "institution"):
            if not text.get(column):
                problems.append(_("“%(column)s” is empty.") % {"column": column})
        on = _parse_date(value.get("date"))
        session = None
        if on is None:
            problems.append(_("“%(value)s” is not a date (use 2026-03-02 or 02.03.2026).")
                            % {"value": text.get("date", "")})
        else:
            part = _PARTS.get("".join(names.tokens(text.get("part", ""))))
            if part is None:
                problems.append(_("Part of day must be day, am or pm."))
            else:
                session = _session_for(sessions, on, part)
                if session is None:
                    problems.append(_("The activity has no session on %(date)s.") % {"date": on.isoformat()})
        institution, problem = (None, "")
        if text.get("institution"):
            institution, problem = institutions.find(text["institution"], text.get("country", ""))
            if problem:
                problems.append(problem)
        birth_year = None
        if text.get("birth_year"):
            digits = re.sub(r"\.0$", "", text["birth_year"])
            if digits.isdigit() and 1900 <= int(digits) <= 2100:
                birth_year = int(digits)
            else:
                problems.append(_("“%(value)s” is not a year of birth.") % {"value": text["birth_year"]})
        if problems or institution is None or session is None:
            errors[_("row %(line)s") % {"line": line}] = problems
            continue
        rows.append(SheetRow(
            line=line, given_name=text["given_name"], family_name=text["family_name"], institution=institution,
            session=session, sex=_SEX.get("".join(names.tokens(text.get("sex", ""))), "not_recorded"),
            position=text.get("position", ""), email=text.get("email", ""), phone=text.get("phone", ""),
            birth_year=birth_year))
    if errors:
        raise _refuse(errors)
    return rows


def _session_for(sessions: dict[tuple[date, str], Session], on: date, part: str) -> Session | None:
    if part:
        return sessions.get((on, part))
    same_day = [session for (day, _part), session in sessions.items() if day == on]
    if len(same_day) == 1:
        return same_day[0]
    return sessions.get((on, "day"))


class _Book:
    """What one sheet import writes besides officials, kept in memory and written in bulk:
    the spellings already known, the attendance rows (a session attended twice counts once)
    and the participations they imply. Same rows as services.keep_spelling and
    services.record_attendance would write one by one."""

    def __init__(self, activity: Activity, officials: dict[UUID, Official]) -> None:
        self.activity = activity
        self.spellings = set(OfficialName.objects.filter(official__in=list(officials)).values_list(
            "official_id", "given_name", "family_name"))
        self.attended = set(Attendance.objects.filter(session__activity=activity).values_list(
            "session_id", "official_id"))
        self.participations = {p.official_id: p for p in Participation.objects.filter(activity=activity)}
        self.new_names: list[OfficialName] = []
        self.new_attendance: list[tuple[Session, Official]] = []

    def keep_spelling(self, official: Official, given_name: str, family_name: str) -> None:
        spelling = (official.id, given_name.strip(), family_name.strip())
        if spelling in self.spellings:
            return
        self.spellings.add(spelling)
        self.new_names.append(OfficialName(official=official, given_name=spelling[1], family_name=spelling[2],
                                           source=NameSource.SHEET, origin=official,
                                           name_key=names.name_key(given_name, family_name)))

    def attend(self, session: Session, official: Official) -> None:
        if (session.id, official.id) in self.attended:
            return
        self.attended.add((session.id, official.id))
        self.new_attendance.append((session, official))

    def write(self, *, now: datetime, sheet_import_id: UUID) -> None:
        OfficialName.objects.bulk_create(self.new_names)
        Attendance.objects.bulk_create([
            Attendance(session=session, official=official, source=AttendanceSource.SHEET,
                       sheet_import_id=sheet_import_id, recorded_at=now)
            for session, official in self.new_attendance])
        fresh: dict[UUID, Participation] = {}
        for _session, official in self.new_attendance:
            participation = self.participations.get(official.id)
            if participation is None:
                if official.id not in fresh:
                    fresh[official.id] = Participation(activity=self.activity, official=official,
                                                       status=ParticipationStatus.ATTENDED)
            elif participation.status != ParticipationStatus.ATTENDED:
                participation.status = ParticipationStatus.ATTENDED
                participation.version += 1
                participation.save()
        Participation.objects.bulk_create(list(fresh.values()))


def import_sheet(*, actor: User, activity_id: UUID, content: bytes, filename: str) -> ImportResult:
    """Import a sign-in sheet: each row is matched to a known official (across scripts and
    spellings), or a new official is registered and any uncertain lookalike queued for review."""
    now = timezone.now()
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        activity = policy.get_for(actor, Activity.objects.select_for_update(), activity_id, "programme.manage")
        if not policy.can(actor, "programme.officials"):
            raise policy.PermissionRefusedError("programme.officials")
        previous = SheetImport.objects.filter(activity=activity, sha256=digest).first()
        if previous is not None:
            return ImportResult(sheet=previous, duplicate=True)
        rows = parse(content, filename, activity)
        sheet = SheetImport.objects.create(activity=activity, sha256=digest, filename=filename[:255],
                                           rows=len(rows), imported_by=actor)
        # Officials of other countries never match (dedupe.decide), so only the sheet's
        # countries are loaded: once per sheet, with their spellings, attendance and participations.
        countries = {row.institution.country_id for row in rows}
        known = {o.id: o for o in dedupe.live_officials().filter(country__in=countries)}
        registry = dedupe.Registry(known.values())
        book = _Book(activity, known)
        matched = created = queued = 0
        for row in rows:
            profile = dedupe.Profile(keys=dedupe.keys_of(row.given_name, row.family_name),
                                     institution=row.institution.pk, country=row.institution.country_id,
                                     birth_year=row.birth_year, email=row.email)
            found = registry.candidates(profile)
            match = next((official_id for official_id, d in found if d.outcome == dedupe.MATCH), None)
            if match is not None:
                official = known[match]
                book.keep_spelling(official, row.given_name, row.family_name)
                registry.add(official.id, profile)
                matched += 1
            else:
                official = services.new_official(
                    data=services.OfficialData(given_name=row.given_name, family_name=row.family_name,
                                               institution_id=row.institution.pk, sex=row.sex,
                                               position=row.position, email=row.email, phone=row.phone,
                                               birth_year=row.birth_year),
                    institution=row.institution, source=NameSource.SHEET)
                known[official.id] = official
                book.spellings.add((official.id, row.given_name.strip(), row.family_name.strip()))
                created += 1
                for other, decision in found[:3]:
                    dedupe.queue(other, official.id, decision)
                queued += bool(found)
                registry.add(official.id, profile)
            book.attend(row.session, official)
        book.write(now=now, sheet_import_id=sheet.id)
        sheet.matched, sheet.created, sheet.queued = matched, created, queued
        sheet.save(update_fields=["matched", "created", "queued"])
        services.log_write(actor=actor, institution=activity.organising_institution,
                           action="programme.sheet.import", case_type="programme.activity", case_id=activity.id,
                           now=now, event="sheet_imported",
                           details={"sheet": str(sheet.id), "rows": len(rows), "matched": matched,
                                    "created": created, "queued": queued})
    return ImportResult(sheet=sheet, duplicate=False)
