"""Birth dates as registries hold them, pure: YYYY, YYYY-MM or YYYY-MM-DD (and the
DD.MM.YYYY the region writes); 1 January as the placeholder for an unknown date; day and
month swapped (a US-style MM/DD entry) as a weaker agreement."""

import re
from dataclasses import dataclass

RULES = {
    "partial": "A date may be known in part: year, or year and month (ISO 8601 reduced precision, "
               "YYYY and YYYY-MM)",
    "placeholder": "1 January is written when only the year is known (UNHCR and national registries "
                   "record unknown dates of birth as 01.01.YYYY; the issue's '01.01.1999')",
    "swapped": "Day and month swapped (DD/MM read as MM/DD) agree, more weakly than an exact date",
    "close": "One keystroke apart: the same day and month with the year one apart or one digit "
             "different, or the same year and month with the day one apart or one digit different "
             "(a typing error); a year apart on another day only as an estimated age",
}


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def is_placeholder(self) -> bool:
        return self.month == 1 and self.day == 1

    @property
    def is_full(self) -> bool:
        return self.day is not None and not self.is_placeholder

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def parse_date(text: str) -> PartialDate | None:
    """'1999', '1999-03', '1999-03-14' or '14.03.1999' → a PartialDate; None if not a date."""
    text = text.strip()
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    if match:
        year, month, day = match.groups()
    else:
        dotted = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\.?", text)
        if not dotted:
            return None
        day, month, year = dotted.groups()
    parts = PartialDate(int(year), int(month) if month else None, int(day) if day else None)
    if parts.month is not None and not 1 <= parts.month <= 12:
        return None
    if parts.day is not None and not 1 <= parts.day <= 31:
        return None
    return parts


def from_parts(year: int | None, month: int | None, day: int | None) -> PartialDate | None:
    return None if year is None else PartialDate(year, month, day if month is not None else None)


@dataclass(frozen=True)
class DateAgreement:
    level: str  # exact, swapped, placeholder, partial, year, close, different, unknown
    weight: float
    contradicts: bool = False


# A date one keystroke from the other (a typed year or day, the rest equal).
CLOSE_WEIGHT = 0.6


def _one_digit_apart(a: int, b: int) -> bool:
    return sum(x != y for x, y in zip(f"{a:04d}", f"{b:04d}", strict=True)) == 1


def compare_dates(a: PartialDate | None, b: PartialDate | None) -> DateAgreement:
    """How two birth dates agree. A placeholder counts as the year alone."""
    if a is None or b is None:
        return DateAgreement("unknown", 0.5)
    if a.year != b.year:
        same_day = a.is_full and b.is_full and a.month == b.month and a.day == b.day
        if same_day and (abs(a.year - b.year) == 1 or _one_digit_apart(a.year, b.year)):
            # The same day of the year one year or digit apart: a typed year far more often
            # than chance (1 in 365), so it does not contradict.
            return DateAgreement("close", CLOSE_WEIGHT)
        if abs(a.year - b.year) == 1:
            # A year apart: an estimated age (a year alone or 1 January) is often off by one.
            vague = not (a.is_full and b.is_full)
            return DateAgreement("close", 0.4 if vague else 0.25, contradicts=True)
        return DateAgreement("different", 0.0, contradicts=True)
    if a.is_placeholder or b.is_placeholder:
        return DateAgreement("placeholder", 0.7) if a != b else DateAgreement("placeholder", 0.75)
    if a.month is None or b.month is None:
        return DateAgreement("partial", 0.7)
    if a.day is None or b.day is None:
        return DateAgreement("partial", 0.8) if a.month == b.month else DateAgreement("year", 0.45)
    if a.month == b.month and a.day == b.day:
        return DateAgreement("exact", 1.0)
    if a.month == b.day and a.day == b.month:
        return DateAgreement("swapped", 0.75)
    if a.month == b.month and (abs(a.day - b.day) == 1 or _one_digit_apart(a.day, b.day)):
        return DateAgreement("close", CLOSE_WEIGHT)  # a typed day
    return DateAgreement("year", 0.45)


def swapped(date: PartialDate) -> PartialDate | None:
    """The date with day and month exchanged, when that is a date and a different one."""
    if not date.is_full or date.day is None or date.month is None or date.day > 12 or date.day == date.month:
        return None
    return PartialDate(date.year, date.day, date.month)
