"""The asylum procedure's table and guards, without a database."""

import pytest

from korak.asylum import models, rules
from korak.asylum.rules import State, Step

ALLOWED = [(step, source) for step, transition in rules.TRANSITIONS.items() for source in sorted(transition.sources)]
REFUSED = [(step, next(state for state in State if state not in transition.sources))
           for step, transition in rules.TRANSITIONS.items()]


@pytest.mark.parametrize(("step", "source"), ALLOWED, ids=lambda value: str(value))
def test_every_allowed_transition_leads_where_the_table_says(step: Step, source: State) -> None:
    assert rules.check_transition(source, step) is None
    target = rules.TRANSITIONS[step].target
    assert rules.next_state(source, step) == (source if target is None else target)
    assert step in rules.allowed_steps(source)


@pytest.mark.parametrize(("step", "source"), REFUSED, ids=lambda value: str(value))
def test_a_step_out_of_order_is_refused(step: Step, source: State) -> None:
    refusal = rules.check_transition(source, step)
    assert refusal is not None and refusal.code == "step_not_allowed"
    assert step not in rules.allowed_steps(source)


def test_nothing_follows_a_final_or_withdrawn_application() -> None:
    assert rules.allowed_steps(State.FINAL) == []
    assert rules.allowed_steps(State.WITHDRAWN) == []


def test_the_codes_of_the_tables_and_of_the_rules_agree() -> None:
    assert {state.value for state in State} == set(models.State.values)
    assert set(models.Outcome.values) == rules.OUTCOMES
    assert set(models.Procedure.values) == rules.PROCEDURES
    assert set(rules.STEP_ACTIONS) == set(Step)


def test_every_step_writes_an_event_of_the_shared_list() -> None:
    shared = {"asylum.registered", "asylum.lodged", "asylum.admissibility_decided", "asylum.procedure_assigned",
              "asylum.examination_extended", "asylum.interview_scheduled", "asylum.interview_held",
              "asylum.decided", "asylum.notified", "asylum.appeal_lodged", "asylum.appeal_decided", "asylum.final",
              "asylum.withdrawn"}
    assert {transition.event for transition in rules.TRANSITIONS.values()} == shared


@pytest.mark.parametrize("state", [s for s in State if s not in {State.FINAL, State.WITHDRAWN, State.APPEALED}])
def test_an_application_is_pending_until_final(state: State) -> None:
    """Dir 2013/32/EU Art 9(1): the right to remain until the first-instance decision and beyond."""
    assert rules.is_pending(state, suspensive_appeal=False)


def test_only_a_suspensive_appeal_keeps_the_application_pending() -> None:
    """Dir 2013/32/EU Art 46(5)-(6)."""
    assert rules.is_pending(State.APPEALED, suspensive_appeal=True)
    assert not rules.is_pending(State.APPEALED, suspensive_appeal=False)
    assert not rules.is_pending(State.FINAL, suspensive_appeal=True)
    assert not rules.is_pending(State.WITHDRAWN, suspensive_appeal=False)


def test_interviewer_of_the_requested_sex() -> None:
    """Dir 2013/32/EU Art 15(3)(b)."""
    refusal = rules.check_interview(requested_sex="female", interviewer_sex="male", interpreter_language="",
                                    applicant_languages=())
    assert refusal is not None and refusal.reference == "Dir 2013/32/EU Art 15(3)(b)-(c)"
    assert "interviewer_sex" in refusal.fields
    assert rules.check_interview(requested_sex="female", interviewer_sex="female", interpreter_language="",
                                 applicant_languages=()) is None
    assert rules.check_interview(requested_sex="", interviewer_sex="male", interpreter_language="",
                                 applicant_languages=()) is None


def test_interpreter_in_a_language_the_applicant_speaks() -> None:
    """Dir 2013/32/EU Art 15(3)(c)."""
    refusal = rules.check_interview(requested_sex="", interviewer_sex="", interpreter_language="ar",
                                    applicant_languages=("ps", "fa"))
    assert refusal is not None and "interpreter_language" in refusal.fields
    assert rules.check_interview(requested_sex="", interviewer_sex="", interpreter_language="ps",
                                 applicant_languages=("ps", "fa")) is None


def test_a_grant_of_protection_is_not_appealed() -> None:
    assert rules.check_appeal("refugee_status") is not None
    assert rules.check_appeal("rejected") is None
