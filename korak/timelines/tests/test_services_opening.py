"""The event that opens a case (services.on_case_event(..., opens_case=True)): nothing is read,
and the rows are the ones a full replay of the same event writes."""

import uuid
from datetime import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from korak.events.models import CaseEvent
from korak.events.services import record_event
from korak.organisations.models import Institution, User
from korak.timelines import services
from korak.timelines.models import Deadline

pytestmark = pytest.mark.django_db

# Compared column by column: everything the clock writes, not the row's own id and timestamps.
_COLUMNS = ("case_kind", "institution_id", "officer_id", "rule_id", "title", "jurisdiction", "law_version", "country",
            "reference", "consequence", "verified", "started_at", "due_at", "due_date", "extensions", "status",
            "closed_at", "explanation", "version")


def _open(actor: User, institution: Institution, type_: str, at: str, *, opens_case: bool,
          **payload: Any) -> tuple[CaseEvent, list[dict[str, Any]]]:
    case_type = "asylum.application" if type_.startswith("asylum.") else "returns.case"
    when = datetime.fromisoformat(at)
    event = record_event(type=type_, case_type=case_type, case_id=uuid.uuid4(), actor=actor,
                         institution=institution, occurred_at=when, recorded_at=when, payload=payload)
    services.on_case_event(event, officer=actor, opens_case=opens_case)
    rows = list(Deadline.objects.filter(case_id=event.case_id).order_by("rule_id").values(*_COLUMNS))
    return event, rows


@pytest.mark.parametrize(("type_", "payload"), [
    ("asylum.intention_expressed", {"jurisdiction": "EU", "law_version": None, "at_border": True}),
    ("asylum.intention_expressed", {"jurisdiction": "BA", "law_version": None, "at_border": False}),
    ("return.decided", {"jurisdiction": "EU", "law_version": None, "voluntary_departure_days": 15, "risk": ""}),
    ("return.decided", {"jurisdiction": "BA", "law_version": None, "voluntary_departure_days": None,
                        "risk": "absconding"}),
])
def test_the_opening_event_writes_what_a_full_replay_writes(officer_ba: User, sfa_ba: Institution, type_: str,
                                                             payload: dict[str, Any]) -> None:
    # An offset other than UTC: the database gives the time back in UTC, the shortcut must agree.
    at = "2026-07-01T23:30+02:00"
    _replayed_event, replayed = _open(officer_ba, sfa_ba, type_, at, opens_case=False, **payload)
    _event, opened = _open(officer_ba, sfa_ba, type_, at, opens_case=True, **payload)
    assert opened == replayed
    if payload["jurisdiction"] == "EU":
        assert opened, "under EU law the opening event starts a deadline"


def test_the_opening_event_reads_nothing(officer_ba: User, sfa_ba: Institution) -> None:
    when = datetime.fromisoformat("2026-07-01T10:00+02:00")
    event = record_event(type="asylum.intention_expressed", case_type="asylum.application", case_id=uuid.uuid4(),
                         actor=officer_ba, institution=sfa_ba, occurred_at=when, recorded_at=when,
                         payload={"jurisdiction": "EU"})
    with CaptureQueriesContext(connection) as captured:
        services.on_case_event(event, officer=officer_ba, opens_case=True)
    # One bulk insert of the registration deadline; no read of events or deadlines.
    assert [q["sql"].split()[0] for q in captured] == ["INSERT"], [q["sql"][:80] for q in captured]
