"""Services against the database: the confirmation gate's acceptance cases (issue 6), the
execution log, the monitor's workspace, complaints; each write leaves its CaseEvent and audit entry."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import DatabaseError, transaction

from korak import policy
from korak.audit.models import AuditEntry
from korak.core.refusal import RefusedError
from korak.events.models import CaseEvent
from korak.operations import monitoring, services
from korak.operations.models import (
    MonitoringReport,
    Operation,
    Recommendation,
    Returnee,
    TeamMember,
)
from korak.organisations.models import Institution, User
from korak.people.models import Person
from korak.programme.models import Certificate
from korak.protection import services as protection
from korak.protection.models import BestInterestsOutcome

from .conftest import LAST_DAY, NOW


def refusal_of(call: object) -> RefusedError:
    with pytest.raises(RefusedError) as caught:
        call()  # type: ignore[operator]
    return caught.value


def test_plan_records_event_and_audit(planned: Operation, coordinator_ba: User) -> None:
    assert planned.state == "planned"
    event = CaseEvent.objects.get(case_id=planned.pk, type="operation_planned")
    assert event.actor == coordinator_ba
    assert AuditEntry.objects.filter(action="operations.operation_planned", object_id=str(planned.pk)).exists()


def test_confirmation_succeeds_when_all_conditions_are_met(ready: Operation, coordinator_ba: User) -> None:
    confirmed = services.confirm_operation(actor=coordinator_ba, operation_id=ready.pk)
    assert confirmed.state == "confirmed" and confirmed.confirmed_at == NOW
    assert CaseEvent.objects.filter(case_id=ready.pk, type="operation_confirmed").count() == 1


def test_confirmation_refused_when_one_escort_certificate_expires_the_day_before_the_last_day(
        ready: Operation, coordinator_ba: User) -> None:
    officer = TeamMember.objects.get(operation=ready, role="escort_officer")
    # Valid on the first day, not on the last: the registry is asked about the last day.
    Certificate.objects.filter(official_id=officer.official_id).update(valid_until=LAST_DAY - timedelta(days=1))
    error = refusal_of(lambda: services.confirm_operation(actor=coordinator_ba, operation_id=ready.pk))
    assert error.refusal.code == "confirmation_refused" and error.status == 409
    assert list(error.refusal.fields) == ["escort_certificate"]
    assert "Oto Officer" in error.refusal.fields["escort_certificate"][0]
    assert LAST_DAY.isoformat() in error.refusal.fields["escort_certificate"][0]
    assert Operation.objects.get(pk=ready.pk).state == "planned"
    assert not CaseEvent.objects.filter(case_id=ready.pk, type="operation_confirmed").exists()


def test_confirmation_refused_when_the_monitor_belongs_to_the_police(
        ready: Operation, coordinator_ba: User, monitor_police_ba: User, border_ba: Institution) -> None:
    ready.monitor_assignments.all().delete()
    services.assign_monitor(actor=coordinator_ba, operation_id=ready.pk, monitor=monitor_police_ba,
                            institution=border_ba, notified_at=NOW - timedelta(days=1))
    error = refusal_of(lambda: services.confirm_operation(actor=coordinator_ba, operation_id=ready.pk))
    assert list(error.refusal.fields) == ["monitor_independent"]
    assert "Border Police (test)" in error.refusal.fields["monitor_independent"][0]


def test_confirmation_refused_when_a_returnee_language_has_no_interpreter(
        ready: Operation, coordinator_ba: User, add_person: object, case_for: Callable[[Person], object]) -> None:
    person = add_person(given="Bilal", family="Haidari", languages=("ur",))  # type: ignore[operator]
    case = case_for(person)
    returnee = services.add_returnee(actor=coordinator_ba, operation_id=ready.pk,
                                     return_case_id=case.pk)  # type: ignore[attr-defined]
    services.assess_returnee(actor=coordinator_ba, returnee_id=returnee.pk, assessment=services.Assessment(
        risk_level="low", risk_reasons="No history of resistance.", fit_to_travel="fit", informed_of_complaints=True))
    error = refusal_of(lambda: services.confirm_operation(actor=coordinator_ba, operation_id=ready.pk))
    assert list(error.refusal.fields) == ["interpreter"]
    assert "ur" in error.refusal.fields["interpreter"][0]


def test_confirmation_refused_for_unaccompanied_child_without_best_interests_assessment(
        ready: Operation, coordinator_ba: User, protection_ba: User, person_ba: Person) -> None:
    protection.record_screening(actor=protection_ba, person_id=person_ba.pk,
                                categories=["child", "unaccompanied_child"])
    protection.appoint_representative(actor=protection_ba, person_id=person_ba.pk, kind="guardian",
                                      name="G. Guardian", organisation="Centre for Social Work",
                                      appointed_on=NOW.date())
    error = refusal_of(lambda: services.confirm_operation(actor=coordinator_ba, operation_id=ready.pk))
    assert list(error.refusal.fields) == ["child_best_interests"]
    assert "unaccompanied child without a best-interests assessment" in error.refusal.fields[
        "child_best_interests"][0]
    protection.record_best_interests(actor=protection_ba, person_id=person_ba.pk, assessed_on=NOW.date(),
                                     outcome=BestInterestsOutcome.values[0],
                                     reasoning="Family traced and reception arranged in the home town.")
    assert services.confirm_operation(actor=coordinator_ba, operation_id=ready.pk).state == "confirmed"


def test_every_reason_is_listed_together(ready: Operation, coordinator_ba: User,
                                         monitor_police_ba: User, border_ba: Institution, add_person: object,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    Certificate.objects.update(valid_until=LAST_DAY - timedelta(days=1))
    ready.monitor_assignments.all().delete()
    services.assign_monitor(actor=coordinator_ba, operation_id=ready.pk, monitor=monitor_police_ba,
                            institution=border_ba)
    person = add_person(given="Bilal", family="Haidari", languages=("ur",))  # type: ignore[operator]
    services.add_returnee(actor=coordinator_ba, operation_id=ready.pk, person_id=person.pk)
    monkeypatch.setattr(services, "safeguards_for", lambda ids, on: {
        pid: services.Safeguards(unaccompanied_child=pid == person.pk) for pid in ids})
    error = refusal_of(lambda: services.confirm_operation(actor=coordinator_ba, operation_id=ready.pk))
    assert set(error.refusal.fields) >= {"escort_certificate", "monitor_independent", "interpreter",
                                         "child_best_interests", "risk_assessment", "fit_to_travel",
                                         "complaints_informed"}
    assert len(error.refusal.fields["escort_certificate"]) == 2


def test_gate_facts_take_a_fixed_number_of_queries(ready: Operation, django_assert_max_num_queries: object,
                                                   coordinator_ba: User, add_person: object) -> None:
    for index in range(5):
        person = add_person(given=f"Person{index}", family="Test", languages=("ps",))  # type: ignore[operator]
        services.add_returnee(actor=coordinator_ba, operation_id=ready.pk, person_id=person.pk)
    operation = Operation.objects.get(pk=ready.pk)
    # Team, certificates, returnees, three of protection, asylum, return cases, monitors, settings.
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        facts = services.gather_confirmation_facts(operation, NOW.date())
    assert len(facts.returnees) == 6


def test_changes_need_a_planned_operation(ready: Operation, coordinator_ba: User, add_person: object) -> None:
    services.confirm_operation(actor=coordinator_ba, operation_id=ready.pk)
    person = add_person(given="Late", family="Comer")  # type: ignore[operator]
    error = refusal_of(lambda: services.add_returnee(actor=coordinator_ba, operation_id=ready.pk,
                                                     person_id=person.pk))
    assert error.refusal.code == "not_editable"
    services.change_state(actor=coordinator_ba, operation_id=ready.pk, target="planned")
    services.add_returnee(actor=coordinator_ba, operation_id=ready.pk, person_id=person.pk)


def test_escort_needs_a_programme_official(planned: Operation, coordinator_ba: User) -> None:
    error = refusal_of(lambda: services.add_team_member(actor=coordinator_ba, operation_id=planned.pk,
                                                        data=services.MemberData(role="escort_officer",
                                                                                 full_name="No Cert")))
    assert "official_id" in error.refusal.fields


def test_monitor_must_hold_the_monitor_role(planned: Operation, coordinator_ba: User, officer_ba: User,
                                            sfa_ba: Institution) -> None:
    error = refusal_of(lambda: services.assign_monitor(actor=coordinator_ba, operation_id=planned.pk,
                                                       monitor=officer_ba, institution=sfa_ba))
    assert "monitor_id" in error.refusal.fields


# ------------------------------------------------------------------ execution log


@pytest.fixture
def confirmed(ready: Operation, coordinator_ba: User) -> Operation:
    return services.confirm_operation(actor=coordinator_ba, operation_id=ready.pk)


def test_restraint_refused_without_justification(confirmed: Operation, escort_ba: User) -> None:
    returnee = Returnee.objects.get(operation=confirmed)
    data = services.LogData(phase="pre_departure", kind="restraint", description="Handcuffs at boarding.",
                            occurred_at=NOW, returnee_id=returnee.pk)
    error = refusal_of(lambda: services.log_event(actor=escort_ba, operation_id=confirmed.pk, data=data))
    assert "justification" in error.refusal.fields
    entry = services.log_event(actor=escort_ba, operation_id=confirmed.pk, data=services.LogData(
        phase="pre_departure", kind="restraint", description="Handcuffs at boarding.", occurred_at=NOW,
        returnee_id=returnee.pk, justification="Medium risk: resisted the last removal with violence."))
    assert entry.justification.startswith("Medium risk")
    assert CaseEvent.objects.filter(case_id=confirmed.pk, type="execution_logged").count() == 1


def test_log_refused_on_planned_operation(ready: Operation, escort_ba: User) -> None:
    error = refusal_of(lambda: services.log_event(actor=escort_ba, operation_id=ready.pk, data=services.LogData(
        phase="pre_return", kind="event", description="x", occurred_at=NOW)))
    assert error.refusal.code == "not_loggable"


def test_serious_incident_report_due_and_filed(confirmed: Operation, escort_ba: User, coordinator_ba: User) -> None:
    incident = services.record_incident(actor=escort_ba, operation_id=confirmed.pk, data=services.IncidentData(
        phase="in_transit", severity="serious", description="Returnee injured at the stopover.", occurred_at=NOW))
    assert incident.report_due_at == NOW + timedelta(hours=24)
    filed = services.file_incident_report(actor=coordinator_ba, incident_id=incident.pk,
                                          report="Full account of the injury and first aid given.")
    assert filed.report_filed_at == NOW


# ------------------------------------------------------------------ monitor workspace


@pytest.fixture
def submitted(confirmed: Operation, monitor_ba: User) -> MonitoringReport:
    report = monitoring.start_report(actor=monitor_ba, operation_id=confirmed.pk)
    report = monitoring.save_report(actor=monitor_ba, report_id=report.pk, expected_version=report.version,
                                  sections={"pre_departure": "Ahmadi was calm; restraint applied without need.",
                                            "handover": "Handed over at 14:00."},
                                  recommendations=["Use restraints only on individual risk.",
                                                   "Bring two interpreters."])
    return monitoring.submit_report(actor=monitor_ba, report_id=report.pk, expected_version=report.version)


def test_submitted_report_cannot_be_changed_by_the_service_layer(submitted: MonitoringReport, monitor_ba: User) -> None:
    error = refusal_of(lambda: monitoring.save_report(actor=monitor_ba, report_id=submitted.pk,
                                                    expected_version=submitted.version,
                                                    sections={"handover": "Rewritten."}, recommendations=[]))
    assert error.refusal.code == "report_submitted"
    error = refusal_of(lambda: monitoring.submit_report(actor=monitor_ba, report_id=submitted.pk,
                                                      expected_version=submitted.version))
    assert error.refusal.code == "report_submitted"
    assert MonitoringReport.objects.get(pk=submitted.pk).handover == "Handed over at 14:00."


def test_submitted_report_cannot_be_changed_even_by_the_orm(submitted: MonitoringReport) -> None:
    submitted.handover = "Rewritten behind the service's back."
    with pytest.raises(DatabaseError), transaction.atomic():
        submitted.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        Recommendation.objects.create(report=submitted, number=9, text="Added later.")
    with pytest.raises(DatabaseError), transaction.atomic():
        Recommendation.objects.filter(report=submitted).update(text="Softened.")
    assert MonitoringReport.objects.get(pk=submitted.pk).handover == "Handed over at 14:00."


def test_correction_is_a_new_version_naming_the_old(submitted: MonitoringReport, monitor_ba: User) -> None:
    correction = monitoring.start_report(actor=monitor_ba, operation_id=submitted.operation_id)
    assert correction.pk != submitted.pk and correction.corrects_id == submitted.pk and correction.number == 2
    assert correction.handover == submitted.handover
    assert [r.text for r in correction.recommendations.all()] == [r.text for r in submitted.recommendations.all()]


def test_other_monitor_cannot_touch_the_report(submitted: MonitoringReport, other_monitor_ba: User,
                                               coordinator_ba: User) -> None:
    with pytest.raises(policy.NotFoundError):
        monitoring.start_report(actor=other_monitor_ba, operation_id=submitted.operation_id)
    for actor in (other_monitor_ba, coordinator_ba):
        with pytest.raises((policy.NotFoundError, policy.PermissionRefusedError)):
            monitoring.save_report(actor=actor, report_id=submitted.pk, expected_version=submitted.version,
                                 sections={}, recommendations=[])


def test_recommendation_responses_are_tracked_until_closed(submitted: MonitoringReport, coordinator_ba: User,
                                                            monitor_ba: User) -> None:
    from korak.operations import queries

    first, second = submitted.recommendations.all()
    monitoring.respond_to_recommendation(actor=coordinator_ba, recommendation_id=first.pk, status="accepted",
                                       text="Instruction issued to escorts.")
    monitoring.respond_to_recommendation(actor=coordinator_ba, recommendation_id=first.pk, status="closed",
                                       text="Training delivered.")
    statuses = {r.number: r.status for r in queries.recommendations(submitted)}
    assert statuses == {1: "closed", 2: "open"}
    error = refusal_of(lambda: monitoring.respond_to_recommendation(
        actor=coordinator_ba, recommendation_id=first.pk, status="accepted", text="Reopen?"))
    assert error.refusal.code == "invalid_transition"
    with pytest.raises(policy.NotFoundError):
        monitoring.respond_to_recommendation(actor=monitor_ba, recommendation_id=second.pk, status="accepted",
                                           text="The monitor cannot answer for the authority.")


def test_publication_is_redacted(submitted: MonitoringReport, monitor_ba: User) -> None:
    published = monitoring.publish_report(actor=monitor_ba, report_id=submitted.pk, redact_terms=["14:00"])
    text = published.sections["pre_departure"]
    assert "Ahmadi" not in text and "[…]" in text
    assert "14:00" not in published.sections["handover"]
    assert MonitoringReport.objects.get(pk=submitted.pk).pre_departure.startswith("Ahmadi")


# ------------------------------------------------------------------ complaints


def test_complaint_lodged_and_decided_by_the_independent_body(
        confirmed: Operation, coordinator_ba: User, monitor_ba: User, ombudsman_ba: Institution,
        border_ba: Institution) -> None:
    returnee = Returnee.objects.get(operation=confirmed)
    error = refusal_of(lambda: monitoring.lodge_complaint(actor=coordinator_ba, operation_id=confirmed.pk,
                                                        data=monitoring.ComplaintData(
                                                            returnee_id=returnee.pk, lodged_by="returnee",
                                                            summary="Hurt wrists.", handling_institution=border_ba)))
    assert "handling_institution" in error.refusal.fields
    complaint = monitoring.lodge_complaint(
        actor=coordinator_ba, operation_id=confirmed.pk, data=monitoring.ComplaintData(
            returnee_id=returnee.pk, lodged_by="representative", representative_name="Lawyer L.",
            summary="Handcuffs too tight for six hours.", handling_institution=ombudsman_ba))
    assert complaint.due_on == NOW.date() + timedelta(days=30)
    with pytest.raises(policy.NotFoundError):
        monitoring.decide_complaint(actor=coordinator_ba, complaint_id=complaint.pk, outcome="rejected",
                                  reasons="We disagree with it.")
    decided = monitoring.decide_complaint(actor=monitor_ba, complaint_id=complaint.pk, outcome="upheld",
                                        reasons="Restraint was not justified by risk.")
    assert decided.outcome == "upheld"
    error = refusal_of(lambda: monitoring.decide_complaint(actor=monitor_ba, complaint_id=complaint.pk,
                                                         outcome="rejected", reasons="Changed my mind."))
    assert error.refusal.code == "already_decided"


def test_settings_change_the_notice_period(ready: Operation, supervisor_ba: User, coordinator_ba: User,
                                           sfa_ba: Institution) -> None:
    services.update_settings(actor=supervisor_ba, institution=sfa_ba,
                             values=services.rules.OpsSettings(monitor_notice_days=30))
    error = refusal_of(lambda: services.confirm_operation(actor=coordinator_ba, operation_id=ready.pk))
    assert list(error.refusal.fields) == ["monitor_notice"]
    with pytest.raises(policy.PermissionRefusedError):
        services.update_settings(actor=coordinator_ba, institution=sfa_ba, values=services.rules.OpsSettings())


def test_returnee_drawn_from_a_ready_return_case_only(planned: Operation, coordinator_ba: User, person_ba: Person,
                                                      officer_ba: User, sfa_ba: Institution,
                                                      case_for: Callable[[Person], object]) -> None:
    from korak.asylum import services as asylum
    from korak.returns import services as returns

    undocumented = returns.decide_return(actor=officer_ba, person=person_ba, institution=sfa_ba,
                                         country_of_return="AF", voluntary_departure_days=None, risk="absconding")
    error = refusal_of(lambda: services.add_returnee(actor=coordinator_ba, operation_id=planned.pk,
                                                     return_case_id=undocumented.pk))
    assert "return_case_id" in error.refusal.fields
    case = case_for(person_ba)
    returnee = services.add_returnee(actor=coordinator_ba, operation_id=planned.pk,
                                     return_case_id=case.pk)  # type: ignore[attr-defined]
    assert returnee.person_id == person_ba.pk
    facts = services.gather_confirmation_facts(Operation.objects.get(pk=planned.pk), NOW.date())
    assert facts.returnees[0].return_case == "ready" and not facts.returnees[0].asylum_pending
    # A new asylum application takes the case off "ready" and is listed as a safeguard.
    asylum.express_intention(actor=officer_ba, person=person_ba, institution=sfa_ba)
    facts = services.gather_confirmation_facts(Operation.objects.get(pk=planned.pk), NOW.date())
    assert facts.returnees[0].return_case == "not_ready" and facts.returnees[0].asylum_pending
