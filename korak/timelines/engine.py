"""Compute a deadline from a rule, a start instant and a country — pure: no ORM, no I/O, no
clock. The caller passes the start time (STYLE.md §4); every step of the computation is kept
as a structured `Step` so the UI can say why a date is what it is (explain.py renders them).

Counting conventions (model.Convention):

* EU acts follow Regulation (EEC, Euratom) No 1182/71, Art. 3: the hour or day in which the
  event happens is not counted (3(1)); a period in days runs from the start of the next day to
  the end of its last day, a period in weeks or months ends on the same weekday or date as the
  event day, or on the month's last day when that date does not exist (3(2)); a period not in
  hours whose last day is a Saturday, Sunday or public holiday ends at the end of the next
  working day (3(4)); a period of two days or more includes at least two working days (3(5)).
  Hours run in absolute time, so a change to or from summer time neither adds nor loses one.
* National rules follow the general administrative procedure laws of the four countries
  (the same day and month rules and the next-working-day rule, no two-working-days rule);
  a period in hours runs from the exact moment of the event.

A rule may set roll_forward = false: ceilings on detention end on their calendar day, since a
weekend must not lengthen a deprivation of liberty.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType

from korak.timelines.calendars import Calendar, calendar_for, holidays_version
from korak.timelines.errors import NaiveDatetimeError, UnknownExtensionError
from korak.timelines.model import Consequence, Convention, Extension, Reference, Rule, Unit

END_OF_DAY = time(23, 59, 59, 999999)
HOUR = timedelta(hours=1)

type Param = str | int | bool


@dataclass(frozen=True)
class Step:
    """One reason in a deadline's explanation: a stable code plus the values it speaks of."""

    code: str
    params: Mapping[str, Param] = field(default_factory=dict)


@dataclass(frozen=True)
class Deadline:
    rule_id: str
    title: str
    jurisdiction: str
    law_version: str
    country: str
    calendar: str
    start: datetime
    due_date: date
    due_at: datetime
    reference: Reference
    consequence: Consequence
    verified: bool
    note: str
    extensions_applied: tuple[str, ...]
    explanation: tuple[Step, ...]


def compute(rule: Rule, start: datetime, country: str, extensions_applied: Sequence[str] = (), *,
            calendar: Calendar | None = None) -> Deadline:
    """The deadline `rule` sets for an event at `start` (aware) in `country`."""
    if start.tzinfo is None or start.utcoffset() is None:
        raise NaiveDatetimeError("the start time has no UTC offset; give it as e.g. 2026-07-01T09:30:00+02:00")
    cal = calendar or calendar_for(country)
    extensions = _resolve_extensions(rule, extensions_applied)
    local_start = start.astimezone(cal.tz)
    rule_step, reference_step, convention_step = _rule_steps(rule)
    steps: list[Step] = [
        rule_step,
        reference_step,
        Step("start_event", {"event": rule.start_event, "at": local_start.isoformat(), "timezone": cal.tz.key}),
        _calendar_step(cal),
        convention_step,
    ]
    for ext in extensions:
        steps.append(Step("extension", {"id": ext.id, "amount": ext.amount, "unit": ext.unit.value,
                                        "condition": ext.condition, "reference": str(ext.reference)}))
    if rule.is_hour_based:
        due_at = _hours(rule, start, cal, extensions, steps)
        due_date = due_at.date()
    else:
        due_date = _days(rule, local_start.date(), cal, extensions, steps)
        due_at = datetime.combine(due_date, END_OF_DAY, tzinfo=cal.tz)
    steps.append(Step("due", {"due_date": due_date.isoformat(), "due_at": due_at.isoformat()}))
    if not rule.verified or not all(ext.verified for ext in extensions):
        steps.append(Step("unverified", {"note": rule.note or "; ".join(e.note for e in extensions if e.note)}))
    if not rule.counting.verified:
        steps.append(Step("convention_unverified", {"note": rule.counting.note}))
    return Deadline(rule_id=rule.id, title=rule.title, jurisdiction=rule.jurisdiction, law_version=rule.law_version,
                    country=cal.country, calendar=cal.description, start=start, due_date=due_date, due_at=due_at,
                    reference=rule.reference, consequence=rule.consequence,
                    verified=rule.verified and all(ext.verified for ext in extensions), note=rule.note,
                    extensions_applied=tuple(ext.id for ext in extensions), explanation=tuple(steps))


# The steps that depend only on the rule or the calendar are built once: recomputing a million
# deadlines should not rebuild a million identical sentences' worth of values.
_RULE_STEPS: dict[int, tuple[Rule, tuple[Step, Step, Step]]] = {}
_CALENDAR_STEPS: dict[int, tuple[Calendar, Step]] = {}


def _rule_steps(rule: Rule) -> tuple[Step, Step, Step]:
    cached = _RULE_STEPS.get(id(rule))
    if cached is None or cached[0] is not rule:
        # Read-only views: these steps are shared by every deadline of the rule.
        steps = (Step("rule", MappingProxyType({"rule_id": rule.id, "title": rule.title,
                                                "jurisdiction": rule.jurisdiction, "law_version": rule.law_version})),
                 Step("reference", MappingProxyType({"reference": str(rule.reference)})),
                 Step("convention", MappingProxyType({"convention": rule.counting.convention.value,
                                                      "reference": str(rule.counting.reference)})))
        cached = _RULE_STEPS[id(rule)] = (rule, steps)
    return cached[1]


def _calendar_step(cal: Calendar) -> Step:
    cached = _CALENDAR_STEPS.get(id(cal))
    if cached is None or cached[0] is not cal:
        step = Step("calendar", MappingProxyType({"calendar": cal.description,
                                                  "holidays_version": holidays_version()}))
        cached = _CALENDAR_STEPS[id(cal)] = (cal, step)
    return cached[1]


def _resolve_extensions(rule: Rule, requested: Sequence[str]) -> list[Extension]:
    chosen: list[Extension] = []
    for ext_id in requested:
        ext = rule.extension(ext_id)
        if ext is None:
            known = ", ".join(e.id for e in rule.extensions) or "none"
            raise UnknownExtensionError(f"rule {rule.id!r} has no extension {ext_id!r} (known: {known})")
        if ext in chosen:
            raise UnknownExtensionError(f"extension {ext_id!r} of rule {rule.id!r} was applied twice")
        chosen.append(ext)
    ids = {ext.id for ext in chosen}
    for ext in chosen:
        clash = ids.intersection(ext.excludes)
        if clash:
            raise UnknownExtensionError(f"extension {ext.id!r} of rule {rule.id!r} cannot be combined with "
                                   f"{', '.join(sorted(clash))}")
    return chosen


def _hours(rule: Rule, start: datetime, cal: Calendar, extensions: list[Extension], steps: list[Step]) -> datetime:
    total = rule.duration.amount + sum(ext.amount for ext in extensions)
    instant = start.astimezone(UTC)
    if rule.counting.convention is Convention.EU_1182_71:
        begins = instant.replace(minute=0, second=0, microsecond=0) + HOUR
        steps.append(Step("hour_excluded", {"begins": begins.astimezone(cal.tz).isoformat()}))
    else:
        begins = instant
        steps.append(Step("hours_from_moment", {"begins": begins.astimezone(cal.tz).isoformat()}))
    ends = (begins + timedelta(hours=total)).astimezone(cal.tz)
    steps.append(Step("count_hours", {"amount": total, "ends": ends.isoformat()}))
    steps.append(Step("hours_ignore_holidays", {}))
    start_offset, end_offset = start.astimezone(cal.tz).utcoffset(), ends.utcoffset()
    if start_offset != end_offset:
        steps.append(Step("dst_change", {"from_offset": _offset(start_offset), "to_offset": _offset(end_offset)}))
    return ends


def _offset(delta: timedelta | None) -> str:
    minutes = int((delta or timedelta()).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _days(rule: Rule, event_day: date, cal: Calendar, extensions: list[Extension], steps: list[Step]) -> date:
    steps.append(Step("event_day_excluded", {"event_day": event_day.isoformat(),
                                             "first_day": (event_day + timedelta(days=1)).isoformat()}))
    # Consecutive parts in the same unit are one period: six months extended by six months is
    # twelve months from the event, not six months counted twice from a clamped month end.
    segments: list[tuple[Unit, int]] = []
    for unit, amount in [(rule.duration.unit, rule.duration.amount), *((e.unit, e.amount) for e in extensions)]:
        if segments and segments[-1][0] is unit:
            segments[-1] = (unit, segments[-1][1] + amount)
        else:
            segments.append((unit, amount))
    anchor = event_day
    for unit, amount in segments:
        anchor = _count(unit, amount, anchor, cal, steps)
    end = anchor
    if not rule.roll_forward:
        reason = cal.non_working_reason(end)
        steps.append(Step("no_roll_forward", {"last_day": end.isoformat(), "non_working": reason}))
        return end
    if not cal.is_working_day(end):
        skipped = []
        day = end
        while not cal.is_working_day(day):
            skipped.append(f"{day.isoformat()} ({cal.non_working_reason(day)})")
            day += timedelta(days=1)
        steps.append(Step("rolled_forward", {"from": end.isoformat(), "to": day.isoformat(),
                                             "skipped": "; ".join(skipped)}))
        end = day
    if (rule.counting.convention is Convention.EU_1182_71 and _two_days_or_more(segments)
            and cal.working_days_between(event_day, end, enough=2) < 2):
        before = end
        while cal.working_days_between(event_day, end, enough=2) < 2:
            end = cal.next_working_day(end)
        steps.append(Step("two_working_days", {"from": before.isoformat(), "to": end.isoformat()}))
    return end


def _two_days_or_more(segments: list[tuple[Unit, int]]) -> bool:
    if any(unit in (Unit.WEEKS, Unit.MONTHS) for unit, _ in segments):
        return True
    return sum(amount for unit, amount in segments if unit is Unit.CALENDAR_DAYS) >= 2


def _count(unit: Unit, amount: int, anchor: date, cal: Calendar, steps: list[Step]) -> date:
    if unit is Unit.CALENDAR_DAYS:
        end = anchor + timedelta(days=amount)
        steps.append(Step("count_days", {"amount": amount, "from": anchor.isoformat(), "to": end.isoformat()}))
    elif unit is Unit.WEEKS:
        end = anchor + timedelta(weeks=amount)
        steps.append(Step("count_weeks", {"amount": amount, "from": anchor.isoformat(), "to": end.isoformat(),
                                          "weekday": end.strftime("%A")}))
    elif unit is Unit.MONTHS:
        end, clamped = add_months(anchor, amount)
        steps.append(Step("count_months", {"amount": amount, "from": anchor.isoformat(), "to": end.isoformat()}))
        if clamped:
            steps.append(Step("month_end", {"day": anchor.day, "to": end.isoformat()}))
    elif unit is Unit.WORKING_DAYS:
        end, skipped = cal.add_working_days(anchor, amount)
        steps.append(Step("count_working_days", {"amount": amount, "from": anchor.isoformat(), "to": end.isoformat(),
                                                 "skipped": skipped}))
    else:  # pragma: no cover - the loader refuses hours mixed into a day-based rule
        raise UnknownExtensionError(f"cannot count {unit.value} in a period counted in days")
    return end


def add_months(day: date, months: int) -> tuple[date, bool]:
    """`day` plus `months` calendar months; the month's last day when that date does not exist
    (31 August + 6 months = 28 or 29 February). The flag says whether it was clamped."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    last = _calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last)), day.day > last
