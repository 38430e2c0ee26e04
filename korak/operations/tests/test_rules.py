"""The pure rules: every transition, every condition of the confirmation gate, the staffing
rule, the log's guards, reports, recommendations and complaints."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from korak.operations import models, rules
from korak.operations.rules import ConfirmationFacts, EscortFact, MonitorFact, ReturneeFact

FIRST, LAST = date(2026, 9, 20), date(2026, 9, 21)


def met() -> ConfirmationFacts:
    return ConfirmationFacts(
        first_day=FIRST, last_day=LAST,
        escorts=(EscortFact("Lea", "escort_leader", True), EscortFact("Oto", "escort_officer", True)),
        interpreter_languages=frozenset({"ps", "fa"}),
        monitors=(MonitorFact("Mira", "Ombudsman", "ombudsman", FIRST - timedelta(days=5)),),
        returnees=(ReturneeFact("Karimi, Ahmad", ("ps", "fa"), "medium", "fit", informed_of_complaints=True),),
    )


def codes(facts: ConfirmationFacts) -> list[str]:
    return [c.code for c in rules.unmet_conditions(facts)]


def test_all_conditions_met_confirms() -> None:
    assert rules.unmet_conditions(met()) == []
    assert rules.check_confirmation(met()) is None


def test_escort_certificate_expiring_before_last_day_is_listed_with_the_escort_and_reference() -> None:
    facts = replace(met(), escorts=(EscortFact("Lea", "escort_leader", True), EscortFact("Oto", "escort_officer",
                                                                                           False)))
    [unmet] = rules.unmet_conditions(facts)
    assert unmet.code == "escort_certificate"
    assert "Oto" in unmet.message and "2026-09-21" in unmet.message
    assert unmet.reference == rules.REF_CERTIFICATE


def test_an_operation_whose_first_day_has_passed_cannot_be_confirmed() -> None:
    assert codes(replace(met(), today=FIRST)) == []
    facts = replace(met(), today=FIRST + timedelta(days=1))
    [unmet] = rules.unmet_conditions(facts)
    assert unmet.code == "first_day_past" and "2026-09-20" in unmet.message


def test_monitor_from_the_police_is_not_independent() -> None:
    facts = replace(met(), monitors=(MonitorFact("Pero", "Border Police", "border_police", FIRST - timedelta(10)),))
    assert codes(facts) == ["monitor_independent"]


@pytest.mark.parametrize("kind", ["border_police", "foreigners_service", "asylum_office", "ministry"])
def test_enforcing_bodies_cannot_monitor(kind: str) -> None:
    facts = replace(met(), monitors=(MonitorFact("X", "Y", kind, FIRST - timedelta(10)),))
    assert "monitor_independent" in codes(facts)


@pytest.mark.parametrize("kind", ["ombudsman", "ngo", "international"])
def test_independent_bodies_may_monitor(kind: str) -> None:
    facts = replace(met(), monitors=(MonitorFact("X", "Y", kind, FIRST - timedelta(10)),))
    assert codes(facts) == []


def test_no_monitor() -> None:
    assert codes(replace(met(), monitors=())) == ["monitor"]


def test_monitor_notified_exactly_n_days_before_is_enough_one_day_later_is_not() -> None:
    on_time = replace(met(), monitors=(MonitorFact("M", "O", "ombudsman", FIRST - timedelta(days=5)),))
    late = replace(met(), monitors=(MonitorFact("M", "O", "ombudsman", FIRST - timedelta(days=4)),))
    assert codes(on_time) == []
    assert codes(late) == ["monitor_notice"]
    longer = replace(on_time, settings=rules.OpsSettings(monitor_notice_days=7))
    assert codes(longer) == ["monitor_notice"]


def test_language_without_interpreter_names_language_and_returnee() -> None:
    facts = replace(met(), interpreter_languages=frozenset({"ps"}))
    [unmet] = rules.unmet_conditions(facts)
    assert unmet.code == "interpreter" and "fa" in unmet.message and "Karimi, Ahmad" in unmet.message


def test_unaccompanied_child_needs_best_interests_assessment_and_representative() -> None:
    child = replace(met().returnees[0], unaccompanied_child=True)
    assert codes(replace(met(), returnees=(child,))) == ["child_best_interests", "child_representative"]
    assessed = replace(child, best_interests_assessed=True, representative_assigned=True)
    assert codes(replace(met(), returnees=(assessed,))) == []


@pytest.mark.parametrize(("change", "code"), [
    ({"risk_level": ""}, "risk_assessment"),
    ({"fit_to_travel": ""}, "fit_to_travel"),
    ({"fit_to_travel": "unfit"}, "fit_to_travel"),
    ({"informed_of_complaints": False}, "complaints_informed"),
    ({"asylum_pending": True}, "asylum_pending"),
    ({"suspensive_appeal_pending": True}, "suspensive_appeal"),
    ({"return_case": "none"}, "return_case"),
    ({"return_case": "not_ready"}, "return_case_not_ready"),
])
def test_each_returnee_condition(change: dict[str, object], code: str) -> None:
    returnee = replace(met().returnees[0], **change)  # type: ignore[arg-type]
    assert codes(replace(met(), returnees=(returnee,))) == [code]


def test_fit_with_conditions_is_fit() -> None:
    returnee = replace(met().returnees[0], fit_to_travel="fit_with_conditions")
    assert codes(replace(met(), returnees=(returnee,))) == []


def test_every_unmet_condition_is_listed_not_only_the_first() -> None:
    child = replace(met().returnees[0], unaccompanied_child=True, languages=("ps", "ur"))
    facts = replace(met(), returnees=(child,),
                    escorts=(EscortFact("Lea", "escort_leader", True), EscortFact("Oto", "escort_officer", False)),
                    monitors=(MonitorFact("Pero", "Border Police", "border_police", FIRST),))
    refusal = rules.check_confirmation(facts)
    assert refusal is not None and refusal.code == "confirmation_refused"
    assert set(refusal.fields) == {"escort_certificate", "monitor_independent", "interpreter",
                                   "child_best_interests", "child_representative"}
    assert "5" in str(refusal.message)
    assert all(rules.REF_CHILD in text for text in refusal.fields["child_best_interests"])


def test_staffing_rule_per_risk_level() -> None:
    settings = rules.OpsSettings()
    assert rules.required_escorts(["high"], settings) == 2
    assert rules.required_escorts(["high", "medium", "low", "low", "low"], settings) == 2 + 1 + 2
    assert rules.required_escorts([], settings) == 0
    high = replace(met().returnees[0], risk_level="high")
    facts = replace(met(), returnees=(high, replace(high, name="B")))
    assert codes(facts) == ["staffing"]


def test_escort_leader_required() -> None:
    facts = replace(met(), escorts=(EscortFact("A", "escort_officer", True), EscortFact("B", "escort_officer", True)))
    assert codes(facts) == ["escort_leader"]


def test_no_returnee() -> None:
    assert "returnees" in codes(replace(met(), returnees=()))


@pytest.mark.parametrize(("current", "target", "allowed"), [
    ("planned", "confirmed", True), ("planned", "cancelled", True), ("planned", "in_progress", False),
    ("confirmed", "in_progress", True), ("confirmed", "planned", True), ("confirmed", "completed", False),
    ("in_progress", "completed", True), ("in_progress", "cancelled", True), ("in_progress", "planned", False),
    ("completed", "cancelled", False), ("cancelled", "planned", False),
])
def test_transitions(current: str, target: str, allowed: bool) -> None:
    assert (rules.check_transition(current, target) is None) is allowed


def test_state_values_match_the_model() -> None:
    assert set(rules.TRANSITIONS) == set(models.OperationState.values)
    assert set(rules.RESPONSE_TRANSITIONS) == set(models.RecommendationStatus.values)
    assert set(models.LogKind.values) >= rules.FORCE_KINDS


@pytest.mark.parametrize("kind", ["force", "restraint"])
def test_force_or_restraint_needs_justification_and_assessed_returnee(kind: str) -> None:
    refusal = rules.check_log_entry(kind=kind, description="Cuffed at the gate.", justification="",
                                    returnee_named=True, returnee_risk_level="high")
    assert refusal is not None and set(refusal.fields) == {"justification"} and refusal.reference == rules.REF_RISK
    refusal = rules.check_log_entry(kind=kind, description="Cuffed.", justification="x" * 30,
                                    returnee_named=True, returnee_risk_level="")
    assert refusal is not None and set(refusal.fields) == {"returnee"}
    refusal = rules.check_log_entry(kind=kind, description="Cuffed.", justification="x" * 30,
                                    returnee_named=False, returnee_risk_level="")
    assert refusal is not None and set(refusal.fields) == {"returnee"}
    assert rules.check_log_entry(kind=kind, description="Cuffed.", justification="Assessed high risk of self-harm.",
                                 returnee_named=True, returnee_risk_level="high") is None


def test_plain_event_needs_only_a_description() -> None:
    assert rules.check_log_entry(kind="event", description="Boarded.", justification="", returnee_named=False,
                                 returnee_risk_level="") is None
    assert rules.check_log_entry(kind="event", description=" ", justification="", returnee_named=False,
                                 returnee_risk_level="") is not None


def test_serious_incident_report_due_and_overdue() -> None:
    at = datetime(2026, 9, 20, 10, tzinfo=UTC)
    due = rules.incident_report_due(severity="serious", occurred_at=at, hours=24)
    assert due == at + timedelta(hours=24)
    assert rules.incident_report_due(severity="minor", occurred_at=at, hours=24) is None
    assert not rules.is_overdue(due=due, done=False, now=at + timedelta(hours=24))
    assert rules.is_overdue(due=due, done=False, now=at + timedelta(hours=24, seconds=1))
    assert not rules.is_overdue(due=due, done=True, now=at + timedelta(days=3))
    assert rules.is_overdue(due=date(2026, 9, 20), done=False, now=datetime(2026, 9, 21, 0, 1, tzinfo=UTC))


def test_submitted_report_is_not_editable() -> None:
    assert rules.check_report_editable("draft") is None
    refusal = rules.check_report_editable("submitted")
    assert refusal is not None and refusal.code == "report_submitted"


def test_empty_report_cannot_be_submitted() -> None:
    assert rules.check_report_complete(sections={"pre_return": " ", "handover": ""}) is not None
    assert rules.check_report_complete(sections={"pre_return": "", "handover": "Calm."}) is None


@pytest.mark.parametrize(("current", "new", "allowed"), [
    ("open", "accepted", True), ("open", "closed", False), ("accepted", "closed", True),
    ("in_progress", "closed", True), ("closed", "accepted", False), ("not_accepted", "closed", True),
])
def test_recommendation_status_is_tracked_until_closed(current: str, new: str, allowed: bool) -> None:
    assert (rules.check_response(current=current, new=new, text="We agree and will act.") is None) is allowed


def test_response_needs_text() -> None:
    refusal = rules.check_response(current="open", new="accepted", text="ok")
    assert refusal is not None and "text" in refusal.fields


def test_redact_replaces_names_in_any_case_longest_first() -> None:
    text = "Ahmad Karimi told AHMAD that Karimi's bag was lost."
    assert rules.redact(text, ["Ahmad", "Ahmad Karimi", "Karimi", "a"]) == "[…] told […] that […]'s bag was lost."


def test_complaint_goes_to_an_independent_body_and_a_representative_is_named() -> None:
    assert rules.check_complaint(lodged_by="returnee", representative_name="", summary="Hurt.",
                                 handling_kind="ombudsman") is None
    refusal = rules.check_complaint(lodged_by="representative", representative_name="", summary="",
                                    handling_kind="border_police")
    assert refusal is not None
    assert set(refusal.fields) == {"representative_name", "summary", "handling_institution"}
    assert rules.complaint_due(lodged_on=date(2026, 9, 1), days=30) == date(2026, 10, 1)


def test_complaint_decision() -> None:
    assert rules.check_decision(decided=False, outcome="upheld", reasons="The escort used force.") is None
    assert rules.check_decision(decided=True, outcome="upheld", reasons="Again.") is not None
    assert rules.check_decision(decided=False, outcome="maybe", reasons="Why not.") is not None
