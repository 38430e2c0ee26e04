"""Every step through the service: the state it leads to, its CaseEvent, its audit entry, the
legal clock it starts; and the refusals (out of order, stale version, wrong persona)."""

from typing import Any

import pytest

from korak import policy
from korak.asylum import queries, rules, services
from korak.asylum.models import Application
from korak.asylum.rules import State, Step
from korak.asylum.tests.conftest import PATHS, PREPARATION, drive, step_input
from korak.audit.models import AuditEntry
from korak.core.refusal import RefusedError, StaleVersionError
from korak.events.models import CaseEvent
from korak.organisations.models import User
from korak.timelines.models import Deadline

ALLOWED = [(step, source) for step, transition in rules.TRANSITIONS.items() for source in sorted(transition.sources)]


def test_the_intention_opens_the_case_with_its_rule_set(application: Application, officer_ba: User) -> None:
    event = CaseEvent.objects.get(case_id=application.pk)
    assert event.type == "asylum.intention_expressed" and event.case_type == services.CASE_TYPE
    assert event.payload == {"jurisdiction": "BA", "law_version": None, "at_border": False}
    assert application.state == State.INTENTION_EXPRESSED and application.assigned_officer == officer_ba
    assert AuditEntry.objects.filter(object_id=str(application.pk), action="asylum.asylum.intention_expressed").exists()


@pytest.mark.parametrize(("step", "source"), ALLOWED, ids=lambda value: str(value))
def test_every_allowed_step_through_the_service(step: Step, source: State, application: Application,
                                                officer_ba: User) -> None:
    application = drive(application, officer_ba, PATHS[source] + PREPARATION.get(step, []))
    assert application.state == source
    events_before = CaseEvent.objects.filter(case_id=application.pk).count()
    result = services.apply_step(actor=officer_ba, application_id=application.pk, step=step, data=step_input(step),
                                 expected_version=application.version)
    assert result.state == rules.next_state(source, step)
    assert result.version == application.version + 1
    events = list(CaseEvent.objects.filter(case_id=application.pk).order_by("recorded_at"))
    assert len(events) == events_before + 1 and events[-1].type == rules.TRANSITIONS[step].event
    assert AuditEntry.objects.order_by("-seq").first().action == f"asylum.{rules.TRANSITIONS[step].event}"


def test_a_step_out_of_order_is_refused_and_changes_nothing(application: Application, officer_ba: User) -> None:
    with pytest.raises(RefusedError) as refused:
        services.apply_step(actor=officer_ba, application_id=application.pk, step=Step.DECIDE,
                            data=step_input(Step.DECIDE))
    assert refused.value.refusal.code == "step_not_allowed" and refused.value.status == 409
    application.refresh_from_db()
    assert application.state == State.INTENTION_EXPRESSED and application.version == 1
    assert CaseEvent.objects.filter(case_id=application.pk).count() == 1


def test_a_stale_version_is_refused(application: Application, officer_ba: User) -> None:
    drive(application, officer_ba, [Step.REGISTER])
    with pytest.raises(StaleVersionError):
        services.apply_step(actor=officer_ba, application_id=application.pk, step=Step.LODGE, expected_version=1)


def test_registration_starts_the_legal_clock(application: Application, officer_ba: User) -> None:
    drive(application, officer_ba, [Step.REGISTER])
    assert Deadline.objects.filter(case_id=application.pk).exists()


def test_the_interviewer_of_the_requested_sex_is_enforced(application: Application, officer_ba: User) -> None:
    drive(application, officer_ba, [Step.REGISTER, Step.LODGE])
    services.apply_step(actor=officer_ba, application_id=application.pk, step=Step.SCHEDULE_INTERVIEW,
                        data=step_input(Step.SCHEDULE_INTERVIEW, interviewer_sex_requested="female"))
    with pytest.raises(RefusedError) as refused:
        services.apply_step(actor=officer_ba, application_id=application.pk, step=Step.HOLD_INTERVIEW,
                            data=services.StepInput(interviewer_sex="male"))
    assert refused.value.refusal.reference == "Dir 2013/32/EU Art 15(3)(b)-(c)"
    done = services.apply_step(actor=officer_ba, application_id=application.pk, step=Step.HOLD_INTERVIEW,
                               data=services.StepInput(interviewer_sex="female"))
    assert done.interviews.get().interviewer_sex == "female"


def test_bad_step_input_names_the_field(application: Application, officer_ba: User) -> None:
    drive(application, officer_ba, [Step.REGISTER, Step.LODGE])
    with pytest.raises(RefusedError) as refused:
        services.apply_step(actor=officer_ba, application_id=application.pk, step=Step.ASSIGN_PROCEDURE,
                            data=services.StepInput(procedure="fast"))
    assert "procedure" in refused.value.refusal.fields


def test_pending_until_final_and_during_a_suspensive_appeal_only(application: Application, officer_ba: User,
                                                                 person_ba: Any) -> None:
    assert queries.pending_for_person(person_ba.pk)
    drive(application, officer_ba, PATHS[State.APPEALED])
    assert queries.pending_for_person(person_ba.pk)  # the appeal of step_input is suspensive
    drive(application, officer_ba, [Step.DISMISS_APPEAL])
    assert queries.pending_for_person(person_ba.pk)
    drive(application, officer_ba, [Step.MAKE_FINAL])
    assert not queries.pending_for_person(person_ba.pk)


def test_a_non_suspensive_appeal_does_not_keep_the_application_pending(application: Application, officer_ba: User,
                                                                      person_ba: Any) -> None:
    drive(application, officer_ba, PATHS[State.NOTIFIED])
    services.apply_step(actor=officer_ba, application_id=application.pk, step=Step.APPEAL,
                        data=services.StepInput(suspensive=False))
    assert not queries.pending_for_person(person_ba.pk)


PERSONAS = ["officer_border_ba", "escort_ba", "officer_rs"]  # wrong institution, wrong role, wrong country


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("step", list(Step))
def test_every_step_is_refused_to_the_wrong_persona(step: Step, persona: str, application: Application,
                                                    request: pytest.FixtureRequest) -> None:
    stranger = request.getfixturevalue(persona)
    with pytest.raises(policy.NotFoundError):
        services.apply_step(actor=stranger, application_id=application.pk, step=step, data=step_input(step))
    assert CaseEvent.objects.filter(case_id=application.pk).count() == 1


@pytest.mark.parametrize("persona", PERSONAS)
def test_opening_an_application_is_refused_to_the_wrong_persona(persona: str, person_ba: Any, sfa_ba: Any,
                                                                 request: pytest.FixtureRequest) -> None:
    stranger = request.getfixturevalue(persona)
    with pytest.raises(policy.NotFoundError):
        services.express_intention(actor=stranger, person=person_ba, institution=sfa_ba)
    assert not Application.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_application_is_invisible_to_the_wrong_persona(persona: str, application: Application,
                                                           request: pytest.FixtureRequest) -> None:
    stranger = request.getfixturevalue(persona)
    with pytest.raises(policy.NotFoundError):
        queries.get_application(actor=stranger, application_id=application.pk)
    assert queries.list_applications(actor=stranger) == []
