"""The shapes of rules and law versions, as read from korak/timelines/rules/**.toml."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Unit(StrEnum):
    HOURS = "hours"
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    WEEKS = "weeks"
    MONTHS = "months"


class ConsequenceKind(StrEnum):
    ALERT = "alert"
    BLOCKED_ACTION = "blocked_action"
    REQUIRED_DECISION = "required_decision"


class Convention(StrEnum):
    """How a period is counted.

    EU_1182_71: Regulation (EEC, Euratom) No 1182/71, Art. 3 — the hour or day of the event is
    not counted; weeks and months end on the same weekday or date (or the month's last day);
    a period not in hours ending on a Saturday, Sunday or public holiday ends on the next
    working day (3(4)); a period of two days or more includes at least two working days (3(5)).

    NATIONAL_GAPA: the general administrative procedure laws of BA, RS, ME and MK — the day
    of the event is not counted; months end on the same date or the month's last day; a
    period ending on a day the authority does not work ends on the next working day. Hours
    run from the exact moment of the event.
    """

    EU_1182_71 = "eu_1182_71"
    NATIONAL_GAPA = "national_gapa"


@dataclass(frozen=True)
class Reference:
    instrument: str
    article: str = ""
    paragraph: str = ""

    def __str__(self) -> str:
        if not self.article:
            return f"{self.instrument} (article not identified)"
        para = f"({self.paragraph})" if self.paragraph else ""
        return f"{self.instrument}, Art. {self.article}{para}"


@dataclass(frozen=True)
class Duration:
    amount: int
    unit: Unit


@dataclass(frozen=True)
class Extension:
    id: str
    amount: int
    unit: Unit
    condition: str
    reference: Reference
    verified: bool
    note: str = ""
    excludes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Consequence:
    kind: ConsequenceKind
    text: str


@dataclass(frozen=True)
class Counting:
    convention: Convention
    reference: Reference
    verified: bool
    note: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    start_event: str
    duration: Duration
    consequence: Consequence
    reference: Reference
    verified: bool
    note: str
    jurisdiction: str
    law_version: str
    counting: Counting
    extensions: tuple[Extension, ...] = ()
    # False for ceilings on deprivation of liberty: a weekend must not lengthen detention.
    roll_forward: bool = True

    def extension(self, extension_id: str) -> Extension | None:
        return next((ext for ext in self.extensions if ext.id == extension_id), None)

    @property
    def is_hour_based(self) -> bool:
        return self.duration.unit is Unit.HOURS


@dataclass(frozen=True)
class LawVersion:
    jurisdiction: str
    version: str
    title: str
    effective_from: date
    effective_until: date | None
    counting: Counting
    source: str
    note: str = ""
    rules: dict[str, Rule] = field(default_factory=dict)

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_until is None or day <= self.effective_until)
