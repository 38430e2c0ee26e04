"""Helpers to bring a return case to any state through the services."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from korak.organisations.models import User
from korak.returns import services
from korak.returns.models import ReturnCase
from korak.returns.rules import State, Step

PATHS: dict[State, list[Step]] = {
    State.DECIDED: [],
    State.REMOVAL_SCHEDULED: [Step.SCHEDULE_REMOVAL],
    State.DEPARTED: [Step.RECORD_DEPARTURE],
    State.REMOVED: [Step.RECORD_RISK, Step.SCHEDULE_REMOVAL, Step.RECORD_REMOVAL],
    State.ABSCONDED: [Step.RECORD_ABSCONDING],
    State.NOT_REMOVABLE: [Step.DECLARE_NOT_REMOVABLE],
}
# What must have happened before the path, for a step to make sense.
PREPARATION: dict[Step, list[Step]] = {
    Step.REMIND_IDENTIFICATION: [Step.REQUEST_IDENTIFICATION],
    Step.ANSWER_IDENTIFICATION: [Step.REQUEST_IDENTIFICATION],
    Step.ISSUE_TRAVEL_DOCUMENT: [Step.REQUEST_TRAVEL_DOCUMENT],
    Step.ANSWER_READMISSION: [Step.REQUEST_READMISSION],
    # Enforcement inside the voluntary-departure period needs a recorded risk (Art 8(2)).
    Step.ORDER_DETENTION: [Step.RECORD_RISK],
    Step.REVIEW_DETENTION: [Step.RECORD_RISK, Step.ORDER_DETENTION],
    Step.EXTEND_DETENTION: [Step.RECORD_RISK, Step.ORDER_DETENTION],
    Step.END_DETENTION: [Step.RECORD_RISK, Step.ORDER_DETENTION],
    Step.RECORD_REMOVAL: [Step.RECORD_RISK],
}


def step_input(step: Step, **overrides: Any) -> services.StepInput:
    today = timezone.localdate()
    values: dict[str, Any] = {
        Step.EXTEND_VOLUNTARY_DEPARTURE: {"days": 5, "reason": "family_ties"},
        Step.RECORD_RISK: {"reason": "absconding"},
        Step.IMPOSE_ENTRY_BAN: {"years": 3},
        Step.REQUEST_IDENTIFICATION: {"country": "AF"},
        Step.ANSWER_IDENTIFICATION: {"identified": True},
        Step.REQUEST_TRAVEL_DOCUMENT: {"country": "AF"},
        Step.ISSUE_TRAVEL_DOCUMENT: {"valid_until": today + timedelta(days=180)},
        Step.REQUEST_READMISSION: {"agreement": "bilateral"},
        Step.ANSWER_READMISSION: {"accepted": True},
        Step.ORDER_ALTERNATIVE: {"kind": "reporting"},
        Step.EXTEND_DETENTION: {"months": 6, "reason": "non_cooperation"},
        Step.SCHEDULE_REMOVAL: {"on": today + timedelta(days=30)},
        Step.DECLARE_NOT_REMOVABLE: {"reason": "health"},
    }.get(step, {})
    values.update(overrides)
    return services.StepInput(**values)


def drive(case: ReturnCase, actor: User, steps: list[Step]) -> ReturnCase:
    for step in steps:
        case = services.apply_step(actor=actor, case_id=case.pk, step=step, data=step_input(step))
    return case


@pytest.fixture
def return_case(officer_ba: User, person_ba: Any, sfa_ba: Any) -> ReturnCase:
    """A return decided today with seven days for voluntary departure."""
    return services.decide_return(actor=officer_ba, person=person_ba, institution=sfa_ba, country_of_return="AF",
                                  voluntary_departure_days=7)
