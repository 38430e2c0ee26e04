"""Person lists from outside the registry: the issue's CSV columns, any script, partial dates.

Reading is strict because a pair list is acted on: a missing column or an unreadable birth
date stops the run with the row and the field named, instead of silently linking less."""

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

COLUMNS = ("id", "given_name", "family_name", "birth_date", "sex", "nationality")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class LinkageInputError(ValueError):
    """Bad input: the message names the file's row and field, never the value (it may be a name)."""


@dataclass(frozen=True, slots=True)
class Person:
    """One row as written; birth date parts are 0 where unknown."""

    id: str
    given_name: str
    family_name: str
    year: int = 0
    month: int = 0
    day: int = 0
    sex: str = ""
    nationality: str = ""


def parse_birth_date(text: str) -> tuple[int, int, int]:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` → (year, month, day), 0 for the unknown parts; "" → (0, 0, 0).
    Raises ValueError for anything else, including impossible calendar dates."""
    text = text.strip()
    if not text:
        return 0, 0, 0
    found = _DATE.match(text)
    if not found:
        raise ValueError("expected YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else 0 for part in found.groups())
    if not 1850 <= year <= 2200:
        raise ValueError("year out of range")
    if month and not 1 <= month <= 12:
        raise ValueError("month out of range")
    if day:
        date(year, month, day)  # raises ValueError for 2001-02-30
    return year, month, day


def _sex(text: str) -> str:
    value = text.strip().upper()[:1]
    return value if value in {"M", "F"} else ""


def read_persons(path: Path) -> list[Person]:
    """Read a CSV with the issue's columns (header required, order free, extra columns ignored)."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise LinkageInputError(f"{path}: cannot read ({exc.strerror})") from exc
    with handle:
        try:
            return parse_rows(csv.DictReader(handle), source=str(path))
        except UnicodeDecodeError as exc:
            raise LinkageInputError(f"{path}: not UTF-8 text") from exc
        except csv.Error as exc:
            raise LinkageInputError(f"{path}: not a CSV file ({exc})") from exc


def parse_rows(reader: "csv.DictReader[str]", *, source: str) -> list[Person]:
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise LinkageInputError(f"{source}: missing column {', '.join(missing)}")
    reader.fieldnames = header
    return list(_persons(reader, source=source))


def _persons(rows: Iterable[dict[str, str]], *, source: str) -> Iterable[Person]:
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        ident = (row.get("id") or "").strip()
        if not ident:
            raise LinkageInputError(f"{source}: row {line}: field id is empty")
        if ident in seen:
            raise LinkageInputError(f"{source}: row {line}: field id repeats an earlier row")
        seen.add(ident)
        try:
            year, month, day = parse_birth_date(row.get("birth_date") or "")
        except ValueError as exc:
            raise LinkageInputError(f"{source}: row {line}: field birth_date: {exc}") from exc
        yield Person(id=ident, given_name=(row.get("given_name") or "").strip(),
                     family_name=(row.get("family_name") or "").strip(), year=year, month=month, day=day,
                     sex=_sex(row.get("sex") or ""), nationality=(row.get("nationality") or "").strip().upper())
