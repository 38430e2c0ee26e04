"""The return procedure's tables and safeguards, without a database."""

from datetime import date

import pytest

from korak.returns import models, rules
from korak.returns.rules import DetentionState, RequestState, State, Step

ALLOWED = [(step, source) for step, transition in rules.TRANSITIONS.items() for source in sorted(transition.sources)]
REFUSED = [(step, next(state for state in State if state not in transition.sources))
           for step, transition in rules.TRANSITIONS.items() if transition.sources != rules.ANY]


@pytest.mark.parametrize(("step", "source"), ALLOWED, ids=lambda value: str(value))
def test_every_allowed_transition_leads_where_the_table_says(step: Step, source: State) -> None:
    assert rules.check_transition(source, step) is None
    target = rules.TRANSITIONS[step].target
    assert rules.next_state(source, step) == (source if target is None else target)


@pytest.mark.parametrize(("step", "source"), REFUSED, ids=lambda value: str(value))
def test_a_step_out_of_order_is_refused(step: Step, source: State) -> None:
    refusal = rules.check_transition(source, step)
    assert refusal is not None and refusal.code == "step_not_allowed"


@pytest.mark.parametrize("step", list(rules.REQUEST_TRANSITIONS))
def test_a_pending_request_takes_its_step_and_an_answered_one_refuses_it(step: Step) -> None:
    assert rules.check_request(step, RequestState.PENDING) is None
    refusal = rules.check_request(step, RequestState.ANSWERED)
    assert refusal is not None and refusal.code == "request_answered"


@pytest.mark.parametrize("step", list(rules.DETENTION_TRANSITIONS))
def test_an_active_measure_takes_its_step_and_an_ended_one_refuses_it(step: Step) -> None:
    assert rules.check_detention_step(step, DetentionState.ACTIVE) is None
    refusal = rules.check_detention_step(step, DetentionState.ENDED)
    assert refusal is not None and refusal.code == "detention_ended"


def test_the_codes_of_the_tables_and_of_the_rules_agree() -> None:
    assert {state.value for state in State} == set(models.State.values)
    assert set(rules.STEP_ACTIONS) == set(Step) == set(rules.STEP_LABELS)
    assert rules.ALTERNATIVES | {"detention"} == set(models.Measure.values)


def test_every_step_writes_an_event_of_the_shared_list() -> None:
    shared = {"return.voluntary_departure_extended", "return.risk_recorded", "return.entry_ban_imposed",
              "return.identification_requested", "return.identification_reminded",
              "return.identification_answered", "return.travel_document_requested", "return.travel_document_issued",
              "return.readmission_requested", "return.readmission_answered", "return.detention_ordered",
              "return.detention_reviewed", "return.detention_extended", "return.detention_ended",
              "return.alternative_ordered", "return.avr_enrolled", "return.removal_scheduled", "return.departed",
              "return.removed", "return.absconded", "return.not_removable"}
    assert {transition.event for transition in rules.TRANSITIONS.values()} == shared


def test_non_refoulement_refuses_while_asylum_is_pending() -> None:
    """Dir 2008/115/EC Art 5, 9(1)(a); Dir 2013/32/EU Art 9(1), 46(5)."""
    refusal = rules.check_non_refoulement(asylum_pending=True, protection_granted=False)
    assert refusal is not None and refusal.code == "non_refoulement"
    assert "Non-refoulement" in str(refusal.message) and "Art 9(1)" in refusal.reference
    assert rules.check_non_refoulement(asylum_pending=False, protection_granted=True) is not None
    assert rules.check_non_refoulement(asylum_pending=False, protection_granted=False) is None


def test_no_enforcement_inside_the_voluntary_departure_period() -> None:
    """Dir 2008/115/EC Art 8(2): a return decided 2026-07-01 with 30 days runs to 2026-07-31."""
    until = rules.voluntary_departure_until(date(2026, 7, 1), 30)
    assert until == date(2026, 7, 31)
    refusal = rules.check_voluntary_departure(on=date(2026, 7, 31), until=until, risk_recorded=False)
    assert refusal is not None and refusal.code == "voluntary_departure" and "Art 8(2)" in refusal.reference
    assert rules.check_voluntary_departure(on=date(2026, 8, 1), until=until, risk_recorded=False) is None
    # Art 7(4): a recorded risk allows enforcement inside the period.
    assert rules.check_voluntary_departure(on=date(2026, 7, 10), until=until, risk_recorded=True) is None
    assert rules.check_voluntary_departure(on=date(2026, 7, 10), until=None, risk_recorded=False) is None


@pytest.mark.parametrize(("days", "risk", "ok"), [
    (7, "", True), (30, "", True), (6, "", False), (31, "", False), (None, "", False),
    (None, "absconding", True), (3, "absconding", True), (31, "absconding", False), (0, "absconding", False),
])
def test_voluntary_departure_is_seven_to_thirty_days_unless_a_risk_is_named(days: int | None, risk: str,
                                                                            ok: bool) -> None:
    """Dir 2008/115/EC Art 7(1) and 7(4)."""
    assert (rules.check_voluntary_departure_days(days, risk) is None) is ok


def test_an_unaccompanied_child_needs_an_assessment_and_a_representative() -> None:
    """Dir 2008/115/EC Art 10."""
    refusal = rules.check_child_return(unaccompanied_child=True, best_interests_assessed=True,
                                       representative_assigned=False)
    assert refusal is not None and refusal.code == "child_return" and refusal.reference == rules.CHILD_RETURN
    assert "representative" in str(refusal.message)
    assert rules.check_child_return(unaccompanied_child=True, best_interests_assessed=False,
                                    representative_assigned=True) is not None
    assert rules.check_child_return(unaccompanied_child=True, best_interests_assessed=True,
                                    representative_assigned=True) is None
    assert rules.check_child_return(unaccompanied_child=False, best_interests_assessed=False,
                                    representative_assigned=False) is None


def test_no_data_to_the_country_of_origin_while_asylum_is_pending() -> None:
    """Dir 2013/32/EU Art 30."""
    refusal = rules.check_no_data_to_origin(asylum_pending=True)
    assert refusal is not None and refusal.code == "confidentiality" and "Art 30" in refusal.reference
    assert rules.check_no_data_to_origin(asylum_pending=False) is None


def test_detention_from_10_january_2026_alerts_at_six_months_and_stops_at_eighteen() -> None:
    """Dir 2008/115/EC Art 15(5)-(6): the acceptance scenario, in dates."""
    limits = rules.detention_limits(started_on=date(2026, 1, 10))
    assert limits.alert_on == limits.initial_until == date(2026, 7, 10)
    assert limits.absolute_until == date(2027, 7, 10)
    assert not rules.detention_alert(on=date(2026, 7, 9), alert_on=limits.alert_on, until=limits.initial_until)
    assert rules.detention_alert(on=date(2026, 7, 10), alert_on=limits.alert_on, until=limits.initial_until)
    # Continuing past the authorised end needs an extension.
    assert rules.check_detention_continues(on=date(2026, 7, 10), until=limits.initial_until) is None
    refusal = rules.check_detention_continues(on=date(2026, 7, 11), until=limits.initial_until)
    assert refusal is not None and refusal.code == "detention_ceiling"


def test_a_detention_extension_needs_one_of_the_two_reasons() -> None:
    """Art 15(6): lack of cooperation, or delays in obtaining documents from third countries."""
    absolute = date(2027, 7, 10)
    refusal = rules.check_detention_extension(until=date(2026, 7, 10), months=6, reason="", absolute_until=absolute)
    assert refusal is not None and refusal.code == "detention_ceiling" and "reason" in refusal.fields
    assert rules.check_detention_extension(until=date(2026, 7, 10), months=12, reason="non_cooperation",
                                           absolute_until=absolute) is None


def test_no_extension_beyond_eighteen_months_in_total() -> None:
    absolute = date(2027, 7, 10)
    refusal = rules.check_detention_extension(until=date(2026, 7, 10), months=13, reason="document_delay",
                                              absolute_until=absolute)
    assert refusal is not None and refusal.code == "detention_ceiling" and "2027-07-10" in str(refusal.message)


def test_earlier_periods_count_towards_the_ceiling() -> None:
    """All detention periods for the same return decision count together."""
    limits = rules.detention_limits(started_on=date(2026, 1, 10), served_days_before=100)
    assert limits.absolute_until == date(2027, 4, 1)
    assert rules.check_detention_order(served_days_before=546, on=date(2026, 1, 10)) is not None
    assert rules.check_detention_order(served_days_before=0, on=date(2026, 1, 10)) is None


def test_month_end_clamping_of_the_six_month_mark() -> None:
    """31 August + 6 months is the last day of February."""
    assert rules.detention_limits(started_on=date(2026, 8, 31)).alert_on == date(2027, 2, 28)


def test_ready_to_return_needs_all_four_facts() -> None:
    """IRMA Dataset 3: identified, documented, available, nothing suspensive pending."""
    assert rules.is_ready_to_return(identified=True, documented=True, available=True, suspensive_pending=False)
    for missing in ("identified", "documented", "available"):
        facts = {"identified": True, "documented": True, "available": True, "suspensive_pending": False}
        facts[missing] = False
        assert not rules.is_ready_to_return(**facts)
    assert not rules.is_ready_to_return(identified=True, documented=True, available=True, suspensive_pending=True)


def test_readmission_reply_deadline_follows_the_agreement() -> None:
    assert rules.readmission_reply_due(date(2026, 3, 1), "eu_standard") == date(2026, 3, 13)
    assert rules.readmission_reply_due(date(2026, 3, 1), "bilateral") == date(2026, 3, 31)


@pytest.mark.parametrize(("years", "ok"), [(0, False), (1, True), (5, True), (6, False)])
def test_entry_ban_of_up_to_five_years(years: int, ok: bool) -> None:
    """Dir 2008/115/EC Art 11(2)."""
    assert (rules.check_entry_ban(years) is None) is ok


def test_only_the_steps_the_open_items_admit_are_offered() -> None:
    nothing = rules.available_steps(State.DECIDED, rules.OpenItems())
    for step in (Step.REMIND_IDENTIFICATION, Step.ANSWER_IDENTIFICATION, Step.ISSUE_TRAVEL_DOCUMENT,
                 Step.ANSWER_READMISSION, Step.REVIEW_DETENTION, Step.EXTEND_DETENTION, Step.END_DETENTION,
                 Step.EXTEND_VOLUNTARY_DEPARTURE):
        assert step not in nothing
    assert Step.ORDER_DETENTION in nothing and Step.REQUEST_IDENTIFICATION in nothing
    detained = rules.available_steps(State.DECIDED, rules.OpenItems(measure="detention", identification_pending=True))
    assert {Step.REVIEW_DETENTION, Step.EXTEND_DETENTION, Step.END_DETENTION, Step.ANSWER_IDENTIFICATION} <= set(
        detained)
    assert Step.ORDER_DETENTION not in detained
    reporting = rules.available_steps(State.DECIDED, rules.OpenItems(measure="reporting"))
    assert Step.EXTEND_DETENTION not in reporting and Step.END_DETENTION in reporting
