"""A case for the timelines tests: records CaseEvents directly, as the asylum and returns
services do, and runs the clock on each (services.on_case_event)."""

import uuid
from datetime import date, datetime
from typing import Any

from korak.events.models import CaseEvent
from korak.events.services import record_event
from korak.organisations.models import Institution, User
from korak.timelines import queries, services
from korak.timelines.models import Deadline


class Case:
    def __init__(self, actor: User, institution: Institution, case_type: str = "asylum.application",
                 officer: User | None = None) -> None:
        self.id = uuid.uuid4()
        self.actor, self.institution, self.case_type, self.officer = actor, institution, case_type, officer

    def event(self, type_: str, at: str, officer: User | None = None, **payload: Any) -> CaseEvent:
        when = datetime.fromisoformat(at)
        event = record_event(type=type_, case_type=self.case_type, case_id=self.id, actor=self.actor,
                             institution=self.institution, occurred_at=when, recorded_at=when, payload=payload)
        services.on_case_event(event, officer=officer or self.officer)
        return event

    def rows(self) -> dict[str, Deadline]:
        return {row.rule_id: row for row in queries.deadlines_for_case(self.id)}

    def open(self) -> dict[str, date]:
        return {row.rule_id: row.due_date for row in queries.deadlines_for_case(self.id) if row.status == "open"}
