"""Helpers for the timelines tests: pure, no database."""

from collections.abc import Sequence
from datetime import date, datetime

import pytest

from korak.timelines.calendars import calendar_for
from korak.timelines.engine import Deadline, compute
from korak.timelines.loader import RuleBook, load_rulebook, rule_for


@pytest.fixture(scope="session")
def book() -> RuleBook:
    return load_rulebook()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def d(text: str) -> date:
    return date.fromisoformat(text)


def deadline(jurisdiction: str, rule_id: str, start: str, country: str, extensions: Sequence[str] = (), *,
             law_version: str | None = None, subdivision: str | None = None) -> Deadline:
    """Pick the rule in force at `start` (as the CLI does) and compute its deadline."""
    when = at(start)
    calendar = calendar_for(country, subdivision)
    rule = rule_for(load_rulebook(), jurisdiction=jurisdiction, rule_id=rule_id, start=when, country=country,
                    law_version=law_version)
    return compute(rule, when, country, extensions, calendar=calendar)


def codes(result: Deadline) -> list[str]:
    return [step.code for step in result.explanation]


def step(result: Deadline, code: str) -> dict[str, object]:
    return dict(next(s for s in result.explanation if s.code == code).params)
