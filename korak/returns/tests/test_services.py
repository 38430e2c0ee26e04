"""Every step through the service, its CaseEvent and audit entry; the refusals (out of order,
wrong persona, stale version) and the safeguards that name themselves."""

from typing import Any

import pytest

from korak import policy
from korak.audit.models import AuditEntry
from korak.core.refusal import RefusedError, StaleVersionError
from korak.events.models import CaseEvent
from korak.organisations.models import User
from korak.returns import queries, rules, services
from korak.returns.models import ReturnCase
from korak.returns.rules import State, Step
from korak.returns.tests.conftest import PATHS, PREPARATION, drive, step_input

ALLOWED = [(step, source) for step, transition in rules.TRANSITIONS.items() for source in sorted(transition.sources)]
PERSONAS = ["officer_border_ba", "escort_ba", "officer_rs"]  # wrong institution, wrong role, wrong country


def test_the_decision_opens_the_case(return_case: ReturnCase) -> None:
    event = CaseEvent.objects.get(case_id=return_case.pk)
    assert event.type == "return.decided" and event.case_type == services.CASE_TYPE
    assert event.payload["jurisdiction"] == "BA" and event.payload["law_version"] is None
    assert event.payload["voluntary_departure_days"] == 7
    assert (return_case.voluntary_departure_until - return_case.decided_at.date()).days in {6, 7, 8}


@pytest.mark.parametrize(("step", "source"), ALLOWED, ids=lambda value: str(value))
def test_every_allowed_step_through_the_service(step: Step, source: State, return_case: ReturnCase,
                                                officer_ba: User) -> None:
    case = drive(return_case, officer_ba, PREPARATION.get(step, []) + PATHS[source])
    assert case.state == source
    before = CaseEvent.objects.filter(case_id=case.pk).count()
    result = services.apply_step(actor=officer_ba, case_id=case.pk, step=step, data=step_input(step),
                                 expected_version=case.version)
    assert result.state == rules.next_state(source, step)
    events = list(CaseEvent.objects.filter(case_id=case.pk).order_by("recorded_at"))
    assert len(events) == before + 1 and events[-1].type == rules.TRANSITIONS[step].event
    assert AuditEntry.objects.order_by("-seq").first().action == rules.TRANSITIONS[step].event


def test_a_step_out_of_order_is_refused(return_case: ReturnCase, officer_ba: User) -> None:
    with pytest.raises(RefusedError) as refused:
        services.apply_step(actor=officer_ba, case_id=return_case.pk, step=Step.RECORD_REMOVAL)
    assert refused.value.refusal.code == "step_not_allowed"
    assert CaseEvent.objects.filter(case_id=return_case.pk).count() == 1


def test_an_answered_request_takes_no_reminder(return_case: ReturnCase, officer_ba: User) -> None:
    drive(return_case, officer_ba, [Step.REQUEST_IDENTIFICATION, Step.ANSWER_IDENTIFICATION])
    with pytest.raises(RefusedError) as refused:
        drive(return_case, officer_ba, [Step.REMIND_IDENTIFICATION])
    assert refused.value.refusal.code == "request_answered"


def test_an_ended_detention_is_not_reviewed(return_case: ReturnCase, officer_ba: User) -> None:
    drive(return_case, officer_ba, [Step.RECORD_RISK, Step.ORDER_DETENTION, Step.END_DETENTION])
    with pytest.raises(RefusedError) as refused:
        drive(return_case, officer_ba, [Step.REVIEW_DETENTION])
    assert refused.value.refusal.code == "detention_ended"


def test_a_stale_version_is_refused(return_case: ReturnCase, officer_ba: User) -> None:
    drive(return_case, officer_ba, [Step.RECORD_RISK])
    with pytest.raises(StaleVersionError):
        services.apply_step(actor=officer_ba, case_id=return_case.pk, step=Step.ENROL_AVR, expected_version=1)


def test_removal_inside_the_voluntary_departure_period_is_refused_until_a_risk_is_recorded(
        return_case: ReturnCase, officer_ba: User) -> None:
    """Dir 2008/115/EC Art 8(2) and 7(4)."""
    inside = step_input(Step.SCHEDULE_REMOVAL, on=return_case.voluntary_departure_until)
    with pytest.raises(RefusedError) as refused:
        services.apply_step(actor=officer_ba, case_id=return_case.pk, step=Step.SCHEDULE_REMOVAL, data=inside)
    assert refused.value.refusal.code == "voluntary_departure"
    drive(return_case, officer_ba, [Step.RECORD_RISK])
    done = services.apply_step(actor=officer_ba, case_id=return_case.pk, step=Step.SCHEDULE_REMOVAL, data=inside)
    assert done.state == State.REMOVAL_SCHEDULED


def test_no_detention_inside_the_voluntary_departure_period_without_a_risk(return_case: ReturnCase,
                                                                          officer_ba: User) -> None:
    """Dir 2008/115/EC Art 8(2): detention to enforce the return is enforcement too."""
    with pytest.raises(RefusedError) as refused:
        drive(return_case, officer_ba, [Step.ORDER_DETENTION])
    assert refused.value.refusal.code == "voluntary_departure"
    assert not return_case.detentions.exists()
    assert drive(return_case, officer_ba, [Step.RECORD_RISK, Step.ORDER_DETENTION]).detentions.count() == 1


def test_an_unaccompanied_child_is_not_removed_without_the_safeguards(
        return_case: ReturnCase, officer_ba: User, monkeypatch: pytest.MonkeyPatch) -> None:
    """Dir 2008/115/EC Art 10, with the facts the protection app answers."""
    monkeypatch.setattr(services, "child_facts", lambda _person_id, on: services.ChildFacts(
        unaccompanied_child=True, best_interests_assessed=True, representative_assigned=False))
    with pytest.raises(RefusedError) as refused:
        drive(return_case, officer_ba, [Step.SCHEDULE_REMOVAL])
    assert refused.value.refusal.code == "child_return" and refused.value.refusal.reference == rules.CHILD_RETURN
    monkeypatch.setattr(services, "child_facts", lambda _person_id, on: services.ChildFacts(
        unaccompanied_child=True, best_interests_assessed=True, representative_assigned=True))
    assert drive(return_case, officer_ba, [Step.SCHEDULE_REMOVAL]).state == State.REMOVAL_SCHEDULED


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("step", list(Step))
def test_every_step_is_refused_to_the_wrong_persona(step: Step, persona: str, return_case: ReturnCase,
                                                    request: pytest.FixtureRequest) -> None:
    stranger = request.getfixturevalue(persona)
    with pytest.raises(policy.NotFoundError):
        services.apply_step(actor=stranger, case_id=return_case.pk, step=step, data=step_input(step))
    assert CaseEvent.objects.filter(case_id=return_case.pk).count() == 1


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_return_decision_is_refused_to_the_wrong_persona(persona: str, person_ba: Any, sfa_ba: Any,
                                                           request: pytest.FixtureRequest) -> None:
    with pytest.raises(policy.NotFoundError):
        services.decide_return(actor=request.getfixturevalue(persona), person=person_ba, institution=sfa_ba,
                               country_of_return="AF", voluntary_departure_days=7)
    assert not ReturnCase.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_case_is_invisible_to_the_wrong_persona(persona: str, return_case: ReturnCase,
                                                    request: pytest.FixtureRequest) -> None:
    stranger = request.getfixturevalue(persona)
    with pytest.raises(policy.NotFoundError):
        queries.get_case(actor=stranger, case_id=return_case.pk)
    assert queries.list_cases(actor=stranger) == []


def test_a_return_coordinator_may_enforce_but_not_detain(return_case: ReturnCase, sfa_ba: Any) -> None:
    from korak.organisations.models import Role
    from tests.personas import make_user

    coordinator = make_user("coordinator_ba", sfa_ba, Role.RETURN_COORDINATOR)
    assert drive(return_case, coordinator, [Step.SCHEDULE_REMOVAL]).state == State.REMOVAL_SCHEDULED
    with pytest.raises(policy.NotFoundError):
        drive(return_case, coordinator, [Step.ORDER_DETENTION])
