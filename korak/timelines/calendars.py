"""Working days and time zones of the four countries a Korak node serves.

Public holidays come from the maintained `holidays` library, in its "public" category only:
days a country's holiday law closes the administration for everyone. Holidays that a law
gives only to believers of one faith (Montenegro's and North Macedonia's religious days,
the `holidays` categories "orthodox", "catholic", "islamic", …) do not stop a legal clock,
because the authority still works on them.

Bosnia and Herzegovina has no state-level law on public holidays; each entity and the Brčko
District has its own. Asylum and foreigners' matters are state competences (Ministry of
Security, Service for Foreigners' Affairs), whose seat is in Sarajevo, in the Federation of
Bosnia and Herzegovina. So a BA calendar uses the Federation's holidays (`holidays`
subdivision "BIH") unless a deployment asks for "SRP" (Republika Srpska) or "BRC" (Brčko
District) for an office located there. Whichever is used is named in every explanation.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from korak.timelines.errors import UnknownCountryError

COUNTRY_TIMEZONES: dict[str, str] = {
    "BA": "Europe/Sarajevo",
    "RS": "Europe/Belgrade",
    "ME": "Europe/Podgorica",
    "MK": "Europe/Skopje",
}
COUNTRY_NAMES: dict[str, str] = {
    "BA": "Bosnia and Herzegovina",
    "RS": "Serbia",
    "ME": "Montenegro",
    "MK": "North Macedonia",
}
DEFAULT_SUBDIVISIONS: dict[str, str | None] = {"BA": "BIH", "RS": None, "ME": None, "MK": None}
SUBDIVISION_NAMES: dict[str, str] = {
    "BIH": "Federation of Bosnia and Herzegovina",
    "SRP": "Republika Srpska",
    "BRC": "Brčko District",
}
SATURDAY, SUNDAY = 5, 6


@dataclass(eq=False)
class Calendar:
    """The working days of one country (and, for BA, one entity) in its own time zone."""

    country: str
    subdivision: str | None
    tz: ZoneInfo
    _holidays: holidays.HolidayBase = field(repr=False)
    # Memo of date → reason it is not a working day ("" when it is one); lookups in the
    # `holidays` object are slow enough to matter when a million deadlines are recomputed.
    _memo: dict[date, str] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def description(self) -> str:
        where = COUNTRY_NAMES[self.country]
        if self.subdivision:
            where = f"{where} ({SUBDIVISION_NAMES.get(self.subdivision, self.subdivision)})"
        return f"public holidays of {where}, time zone {self.tz.key}"

    def holiday_name(self, day: date) -> str | None:
        with self._lock:
            name = self._holidays.get(day)
        return str(name) if name else None

    def non_working_reason(self, day: date) -> str:
        """Why `day` is not a working day ("Saturday", "Sunday" or the holiday's name), or ""."""
        reason = self._memo.get(day)
        if reason is None:
            weekday = day.weekday()
            name = self.holiday_name(day)
            if name:
                reason = name
            elif weekday == SATURDAY:
                reason = "Saturday"
            elif weekday == SUNDAY:
                reason = "Sunday"
            else:
                reason = ""
            self._memo[day] = reason
        return reason

    def is_working_day(self, day: date) -> bool:
        return not self.non_working_reason(day)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, count: int) -> tuple[date, int]:
        """The `count`-th working day after `day` (which itself is not counted), and how many
        non-working days were passed over on the way."""
        skipped = 0
        while count > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
            else:
                skipped += 1
        return day, skipped

    def working_days_between(self, after: date, until: date, *, enough: int | None = None) -> int:
        """Working days in the interval (after, until]; stops counting once `enough` are found."""
        count, day = 0, after
        while day < until and (enough is None or count < enough):
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


def normalise_country(country: str) -> str:
    code = country.strip().upper()
    if code not in COUNTRY_TIMEZONES:
        raise UnknownCountryError(f"unknown country {country!r}: expected one of {', '.join(COUNTRY_TIMEZONES)}")
    return code


def timezone_for(country: str) -> ZoneInfo:
    return ZoneInfo(COUNTRY_TIMEZONES[normalise_country(country)])


@lru_cache(maxsize=16)
def calendar_for(country: str, subdivision: str | None = None) -> Calendar:
    """The calendar of `country`; for BA `subdivision` picks the entity (default: the Federation)."""
    code = normalise_country(country)
    subdiv = subdivision.upper() if subdivision else DEFAULT_SUBDIVISIONS[code]
    if subdiv is not None and code != "BA":
        raise UnknownCountryError(f"country {code} has no holiday subdivisions in Korak; got {subdivision!r}")
    if subdiv is not None and subdiv not in SUBDIVISION_NAMES:
        raise UnknownCountryError(f"unknown BA subdivision {subdivision!r}: "
                                  f"expected one of {', '.join(SUBDIVISION_NAMES)}")
    table = holidays.country_holidays(code, subdiv=subdiv, language="en_US", categories=("public",))
    return Calendar(country=code, subdivision=subdiv, tz=ZoneInfo(COUNTRY_TIMEZONES[code]), _holidays=table)


def holidays_version() -> str:
    return str(getattr(holidays, "__version__", "unknown"))
