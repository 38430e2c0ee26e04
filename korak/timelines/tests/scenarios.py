"""The shape of the table-driven scenario tests (test_scenarios_<family>.py): each row names
the rule, the start instant with its offset, the country whose calendar counts, the extensions,
the expected end (a date for periods in days, an instant for periods in hours), and the text of
the legal reference the deadline must cite — so every row proves one article, or says that the
article was not identified."""

from collections.abc import Sequence
from typing import Any

import pytest

from korak.timelines.tests.conftest import at, d, deadline

NOT_IDENTIFIED = "(article not identified)"


def row(rule: str, start: str, country: str, expected: str, cites: str, id: str, *,
        extensions: Sequence[str] = (), law_version: str | None = None, subdivision: str | None = None,
        jurisdiction: str | None = None) -> Any:
    return pytest.param(jurisdiction, rule, start, country, tuple(extensions), expected, cites, law_version,
                        subdivision, id=id)


FIELDS = "jurisdiction,rule,start,country,extensions,expected,cites,law_version,subdivision"


def check(family: str, jurisdiction: str | None, rule: str, start: str, country: str, extensions: tuple[str, ...],
          expected: str, cites: str, law_version: str | None, subdivision: str | None) -> None:
    result = deadline(jurisdiction or family, rule, start, country, extensions, law_version=law_version,
                      subdivision=subdivision)
    if "T" in expected:
        assert result.due_at == at(expected), (result.due_at.isoformat(), expected)
        assert result.due_at.utcoffset() == at(expected).utcoffset(), "local wall-clock offset"
        crossed = result.start.astimezone(result.due_at.tzinfo).utcoffset() != result.due_at.utcoffset()
        assert ("dst_change" in [step.code for step in result.explanation]) is crossed
    else:
        assert result.due_date == d(expected), (result.due_date.isoformat(), expected)
        assert result.due_at.date() == d(expected) and result.due_at.hour == 23
    assert cites in str(result.reference), (str(result.reference), cites)
    assert tuple(result.extensions_applied) == extensions
    if law_version:
        assert result.law_version == law_version
