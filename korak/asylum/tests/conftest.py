"""Helpers to bring an application to any state through the services, as an officer would."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from korak.asylum import services
from korak.asylum.models import Application
from korak.asylum.rules import State, Step
from korak.organisations.models import User

# The shortest path from the intention to each state.
_IN_EXAMINATION = [Step.REGISTER, Step.LODGE, Step.ADMIT]
PATHS: dict[State, list[Step]] = {
    State.INTENTION_EXPRESSED: [],
    State.REGISTERED: [Step.REGISTER],
    State.LODGED: [Step.REGISTER, Step.LODGE],
    State.IN_EXAMINATION: _IN_EXAMINATION,
    State.DECIDED: [*_IN_EXAMINATION, Step.DECIDE],
    State.NOTIFIED: [*_IN_EXAMINATION, Step.DECIDE, Step.NOTIFY],
    State.APPEALED: [*_IN_EXAMINATION, Step.DECIDE, Step.NOTIFY, Step.APPEAL],
    State.APPEAL_DECIDED: [*_IN_EXAMINATION, Step.DECIDE, Step.NOTIFY, Step.APPEAL, Step.DISMISS_APPEAL],
    State.FINAL: [*_IN_EXAMINATION, Step.DECIDE, Step.NOTIFY, Step.MAKE_FINAL],
    State.WITHDRAWN: [Step.WITHDRAW],
}
# What must happen first, in the same state, for a step to make sense.
PREPARATION: dict[Step, list[Step]] = {Step.HOLD_INTERVIEW: [Step.SCHEDULE_INTERVIEW]}


def step_input(step: Step, **overrides: Any) -> services.StepInput:
    values: dict[str, Any] = {
        Step.ASSIGN_PROCEDURE: {"procedure": "regular"},
        Step.EXTEND_EXAMINATION: {"reason": "complex_case"},
        Step.SCHEDULE_INTERVIEW: {"scheduled_at": timezone.now() + timedelta(days=3), "interpreter_language": "ps"},
        Step.DECIDE: {"outcome": "rejected"},
        Step.APPEAL: {"suspensive": True},
    }.get(step, {})
    values.update(overrides)
    return services.StepInput(**values)


def drive(application: Application, actor: User, steps: list[Step]) -> Application:
    for step in steps:
        application = services.apply_step(actor=actor, application_id=application.pk, step=step,
                                          data=step_input(step))
    return application


@pytest.fixture
def application(officer_ba: User, person_ba: Any, sfa_ba: Any) -> Application:
    return services.express_intention(actor=officer_ba, person=person_ba, institution=sfa_ba)
