"""Replay a case's events through the trigger table (triggers.py) and the engine: which
deadlines the case has, from which event each runs, which extensions apply, and whether each
is open, met or cancelled. Pure: events come in as plain `Fact`s, nothing is read or written.

The service (services.py) calls it on every case event with the case's events so far, and the
benchmark calls it for a million synthetic events; both get the same answer from the same
events, which is what "recomputing from events" means.

The case's jurisdiction and law version are fixed at its first event: the first event's
payload may name them (`jurisdiction`, `law_version`); otherwise the jurisdiction is the
country's own law and the version is the one in force on the local day of that first event.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from korak.timelines.calendars import Calendar, calendar_for
from korak.timelines.engine import Deadline, Step, compute
from korak.timelines.errors import TimelineError
from korak.timelines.loader import RuleBook, local_start_day
from korak.timelines.model import Duration, Extension, LawVersion, Rule, Unit
from korak.timelines.triggers import Action, triggers_for

OPEN, MET, CANCELLED = "open", "met", "cancelled"
# The voluntary-departure period a return decision grants is a deadline of its own, derived from
# the jurisdiction's `return.voluntary_departure.max` rule (same legal basis) with the granted days.
GRANTED_VD = "return.voluntary_departure.granted"
_VD_BASE = "return.voluntary_departure.max"


@dataclass(frozen=True)
class Fact:
    """One case event as the clock reads it."""

    id: Any
    type: str
    occurred_at: datetime
    payload: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Planned:
    rule: Rule
    start: Fact
    extensions: list[str] = field(default_factory=list)
    status: str = OPEN
    closed_by: Fact | None = None


@dataclass(frozen=True)
class CaseClock:
    jurisdiction: str
    law: LawVersion
    country: str


@dataclass
class Plan:
    clock: CaseClock | None
    deadlines: list[Planned]
    problem: str = ""


def case_clock(first: Fact, *, country: str, book: RuleBook) -> CaseClock:
    jurisdiction = str(first.payload.get("jurisdiction") or country).upper()
    version = first.payload.get("law_version")
    if version:
        law = book.version(jurisdiction, str(version))
    else:
        law = book.in_force(jurisdiction, local_start_day(first.occurred_at, country))
    return CaseClock(jurisdiction=jurisdiction, law=law, country=country)


def plan(events: Sequence[Fact], *, country: str, book: RuleBook) -> Plan:
    """The deadlines of a case whose events (in the order they happened) are `events`."""
    if not events:
        return Plan(clock=None, deadlines=[])
    try:
        clock = case_clock(events[0], country=country, book=book)
    except TimelineError as exc:
        return Plan(clock=None, deadlines=[], problem=str(exc))
    rules = clock.law.rules
    facts: dict[str, Any] = {}
    latest: dict[str, Fact] = {}
    current: dict[str, Planned] = {}
    planned: list[Planned] = []
    granted: dict[str, Any] = {}

    def start(rule: Rule, fact: Fact) -> None:
        now = current.get(rule.id)
        if now is not None and now.status in (OPEN, MET):
            return
        item = Planned(rule=rule, start=fact)
        current[rule.id] = item
        planned.append(item)

    for event in events:
        facts.update(event.payload)
        latest[event.type] = event
        if event.type == "return.decided":
            days = event.payload.get("voluntary_departure_days")
            base = rules.get(_VD_BASE)
            if base is not None and isinstance(days, int) and not isinstance(days, bool) and days > 0:
                granted.update(base=base, days=days, extra=[])
                start(_granted_rule(base, days, ()), event)
        elif event.type == "return.voluntary_departure_extended":
            item = current.get(GRANTED_VD)
            extra = event.payload.get("days")
            if item is not None and item.status == OPEN and isinstance(extra, int) and extra > 0:
                granted["extra"].append(extra)
                item.rule = _granted_rule(granted["base"], granted["days"], tuple(granted["extra"]))
                item.extensions = [ext.id for ext in item.rule.extensions]
        for trigger in triggers_for(event.type):
            if not trigger.applies(facts, clock.law.version):
                continue
            if trigger.action is Action.CLOSE_ALL:
                for item in planned:
                    if item.status == OPEN:
                        item.status, item.closed_by = CANCELLED, event
                continue
            for rule_id in trigger.rules:
                if trigger.action is Action.START:
                    rule = rules.get(rule_id)
                    anchor = latest.get(trigger.anchor) if trigger.anchor else event
                    if rule is not None and anchor is not None:
                        start(rule, anchor)
                    continue
                item = current.get(rule_id)
                if item is None or item.status != OPEN:
                    continue
                if trigger.action is Action.EXTEND:
                    ext = _next_extension(item, event.payload.get("extension"))
                    if ext is not None:
                        item.extensions.append(ext)
                else:
                    item.status = MET if trigger.action is Action.MEET else CANCELLED
                    item.closed_by = event
    return Plan(clock=clock, deadlines=planned)


def _next_extension(item: Planned, wanted: object) -> str | None:
    used = set(item.extensions)
    excluded = {other for ext_id in used if (ext := item.rule.extension(ext_id)) for other in ext.excludes}
    for ext in item.rule.extensions:
        if ext.id in used or ext.id in excluded:
            continue
        if wanted and ext.id != wanted:
            continue
        return ext.id
    return None


_GRANTED: dict[tuple[int, int, tuple[int, ...]], Rule] = {}


def _granted_rule(base: Rule, days: int, extra: tuple[int, ...]) -> Rule:
    key = (id(base), days, extra)
    rule = _GRANTED.get(key)
    if rule is None or rule.law_version != base.law_version:
        reference = dataclasses.replace(base.reference, paragraph="2") if base.jurisdiction == "EU" else base.reference
        extensions = tuple(
            Extension(id=f"extended.{index}", amount=amount, unit=Unit.CALENDAR_DAYS,
                      condition="the voluntary-departure period was extended by a recorded decision",
                      reference=reference, verified=base.verified, note=base.note)
            for index, amount in enumerate(extra, start=1))
        rule = dataclasses.replace(
            base, id=GRANTED_VD, title="End of the granted voluntary-departure period",
            start_event="return decision with a period for voluntary departure",
            duration=Duration(days, Unit.CALENDAR_DAYS), extensions=extensions,
            note=f"The period is the one the return decision granted ({days} days), counted like the rule "
                 f"{base.id}. {base.note}".strip())
        _GRANTED[key] = rule
    return rule


# --- computing, with a memo for recomputing many cases ---------------------------------------------

_MEMO: dict[tuple[Any, ...], tuple[Rule, Deadline]] = {}
MEMO_LIMIT = 500_000


def compute_planned(item: Planned, cal: Calendar) -> Deadline:
    """The engine's deadline for `item`. A period counted in days depends only on the local day
    of its start, so equal (rule, day, extensions) share one computation; only the start step
    is rewritten with this event's own time."""
    rule, start = item.rule, item.start.occurred_at
    extensions = tuple(item.extensions)
    if rule.is_hour_based:
        return compute(rule, start, cal.country, extensions, calendar=cal)
    local = start.astimezone(cal.tz)
    key = (id(rule), local.date(), cal.country, cal.subdivision, extensions)
    hit = _MEMO.get(key)
    if hit is None or hit[0] is not rule:
        result = compute(rule, start, cal.country, extensions, calendar=cal)
        if len(_MEMO) >= MEMO_LIMIT:
            _MEMO.clear()
        _MEMO[key] = (rule, result)
        return result
    cached = hit[1]
    steps = cached.explanation
    if steps[2].code != "start_event":  # pragma: no cover - the engine's step order changed
        return compute(rule, start, cal.country, extensions, calendar=cal)
    moved = Step("start_event", {"event": rule.start_event, "at": local.isoformat(), "timezone": cal.tz.key})
    return dataclasses.replace(cached, start=start, explanation=(*steps[:2], moved, *steps[3:]))


def deadlines(events: Sequence[Fact], *, country: str, book: RuleBook,
              calendar: Calendar | None = None) -> list[tuple[Planned, Deadline]]:
    """Plan and compute every deadline of one case."""
    result = plan(events, country=country, book=book)
    if result.clock is None:
        return []
    cal = calendar or calendar_for(country)
    return [(item, compute_planned(item, cal)) for item in result.deadlines]


def steps_json(deadline: Deadline) -> list[dict[str, Any]]:
    return [{"code": step.code, "params": dict(step.params)} for step in deadline.explanation]


def steps_from_json(raw: Iterable[Mapping[str, Any]]) -> list[Step]:
    return [Step(str(item.get("code", "")), dict(item.get("params", {}))) for item in raw]

