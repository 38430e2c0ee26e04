"""Issue 4's acceptance scenarios, through the services, with the clock moved by time_machine."""

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from korak.asylum import services as asylum
from korak.asylum.rules import Step as AsylumStep
from korak.asylum.tests.conftest import drive as drive_asylum
from korak.core.refusal import RefusedError
from korak.organisations.models import User
from korak.returns import queries, services
from korak.returns.models import ReturnCase
from korak.returns.rules import State, Step
from korak.returns.tests.conftest import drive, step_input
from korak.timelines.models import Deadline

SARAJEVO = ZoneInfo("Europe/Sarajevo")
_TO_NOTIFIED = [AsylumStep.REGISTER, AsylumStep.LODGE, AsylumStep.ADMIT, AsylumStep.DECIDE, AsylumStep.NOTIFY]


def _without_period(officer: User, person: Any, institution: Any) -> ReturnCase:
    return services.decide_return(actor=officer, person=person, institution=institution, country_of_return="AF",
                                  voluntary_departure_days=None, risk="absconding")


def _schedule(officer: User, case: ReturnCase) -> ReturnCase:
    return services.apply_step(actor=officer, case_id=case.pk, step=Step.SCHEDULE_REMOVAL,
                               data=step_input(Step.SCHEDULE_REMOVAL))


def test_removal_is_refused_while_asylum_is_pending_and_scheduled_after_a_final_rejection(
        officer_ba: User, person_ba: Any, sfa_ba: Any) -> None:
    """Non-refoulement (Dir 2008/115/EC Art 5, 9(1)(a); Dir 2013/32/EU Art 9(1), 46(5))."""
    application = asylum.express_intention(actor=officer_ba, person=person_ba, institution=sfa_ba)
    case = _without_period(officer_ba, person_ba, sfa_ba)
    with pytest.raises(RefusedError) as refused:
        _schedule(officer_ba, case)
    assert refused.value.refusal.code == "non_refoulement"
    assert "Non-refoulement" in str(refused.value.refusal.message)
    assert "Dir 2008/115/EC Art 5" in refused.value.refusal.reference
    case.refresh_from_db()
    assert case.state == State.DECIDED

    drive_asylum(application, officer_ba, [*_TO_NOTIFIED, AsylumStep.MAKE_FINAL])
    scheduled = _schedule(officer_ba, case)
    assert scheduled.state == State.REMOVAL_SCHEDULED and scheduled.removal_on is not None


def test_a_suspensive_appeal_blocks_removal_and_a_non_suspensive_one_does_not(
        officer_ba: User, person_ba: Any, sfa_ba: Any) -> None:
    application = asylum.express_intention(actor=officer_ba, person=person_ba, institution=sfa_ba)
    drive_asylum(application, officer_ba, _TO_NOTIFIED)
    asylum.apply_step(actor=officer_ba, application_id=application.pk, step=AsylumStep.APPEAL,
                      data=asylum.StepInput(suspensive=True))
    case = _without_period(officer_ba, person_ba, sfa_ba)
    with pytest.raises(RefusedError) as refused:
        _schedule(officer_ba, case)
    assert refused.value.refusal.code == "non_refoulement"
    # The court refuses the appeal's suspensive effect in another application: a fresh, non-suspensive one.
    drive_asylum(application, officer_ba, [AsylumStep.DISMISS_APPEAL, AsylumStep.MAKE_FINAL])
    other = asylum.express_intention(actor=officer_ba, person=person_ba, institution=sfa_ba)
    drive_asylum(other, officer_ba, _TO_NOTIFIED)
    asylum.apply_step(actor=officer_ba, application_id=other.pk, step=AsylumStep.APPEAL,
                      data=asylum.StepInput(suspensive=False))
    assert _schedule(officer_ba, case).state == State.REMOVAL_SCHEDULED


def test_a_person_granted_protection_is_not_removed(officer_ba: User, person_ba: Any, sfa_ba: Any) -> None:
    application = asylum.express_intention(actor=officer_ba, person=person_ba, institution=sfa_ba)
    drive_asylum(application, officer_ba, [AsylumStep.REGISTER, AsylumStep.LODGE, AsylumStep.ADMIT])
    asylum.apply_step(actor=officer_ba, application_id=application.pk, step=AsylumStep.DECIDE,
                      data=asylum.StepInput(outcome="refugee_status"))
    drive_asylum(application, officer_ba, [AsylumStep.NOTIFY, AsylumStep.MAKE_FINAL])
    with pytest.raises(RefusedError) as refused:
        _schedule(officer_ba, _without_period(officer_ba, person_ba, sfa_ba))
    assert refused.value.refusal.code == "non_refoulement"


@pytest.mark.parametrize("step", [Step.REQUEST_IDENTIFICATION, Step.REQUEST_TRAVEL_DOCUMENT,
                                  Step.REQUEST_READMISSION])
def test_no_applicant_data_goes_to_the_country_of_origin_while_asylum_is_pending(
        step: Step, officer_ba: User, person_ba: Any, sfa_ba: Any) -> None:
    """Dir 2013/32/EU Art 30 (readmission also falls under non-refoulement)."""
    asylum.express_intention(actor=officer_ba, person=person_ba, institution=sfa_ba)
    case = _without_period(officer_ba, person_ba, sfa_ba)
    with pytest.raises(RefusedError) as refused:
        services.apply_step(actor=officer_ba, case_id=case.pk, step=step, data=step_input(step))
    assert refused.value.refusal.code in {"confidentiality", "non_refoulement"}
    assert not case.identification_requests.exists() and not case.travel_documents.exists()


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=SARAJEVO)


def test_detention_from_10_january_2026(officer_ba: User, person_ba: Any, sfa_ba: Any) -> None:
    """Dir 2008/115/EC Art 15(5)-(6): an alert at six months, an extension only with a reason,
    and no detention beyond eighteen months in total."""
    with time_machine.travel(_at(date(2026, 1, 10)), tick=False):
        case = _without_period(officer_ba, person_ba, sfa_ba)
        drive(case, officer_ba, [Step.ORDER_DETENTION])
        measure = case.detentions.get()
        assert measure.until == date(2026, 7, 10)
        assert Deadline.objects.filter(case_id=case.pk, rule_id="return.detention.initial_max").exists()
    with time_machine.travel(_at(date(2026, 7, 9)), tick=False):
        assert queries.detention_alerts(actor=officer_ba, on=date(2026, 7, 9)) == []
    with time_machine.travel(_at(date(2026, 7, 10)), tick=False):
        alerts = queries.detention_alerts(actor=officer_ba, on=date(2026, 7, 10))
        assert [status.measure.pk for status in alerts] == [measure.pk]
        # Continuing needs a recorded extension, with one of the two reasons.
        with pytest.raises(RefusedError) as refused:
            services.apply_step(actor=officer_ba, case_id=case.pk, step=Step.EXTEND_DETENTION,
                                data=services.StepInput(months=12, reason=""))
        assert refused.value.refusal.code == "detention_ceiling" and "reason" in refused.value.refusal.fields
        services.apply_step(actor=officer_ba, case_id=case.pk, step=Step.EXTEND_DETENTION,
                            data=services.StepInput(months=6, reason="document_delay"))
        assert queries.detention_alerts(actor=officer_ba, on=date(2026, 7, 10)) == []
    with time_machine.travel(_at(date(2027, 1, 10)), tick=False):
        services.apply_step(actor=officer_ba, case_id=case.pk, step=Step.EXTEND_DETENTION,
                            data=services.StepInput(months=6, reason="non_cooperation"))
        measure.refresh_from_db()
        assert measure.until == date(2027, 7, 10)
    with time_machine.travel(_at(date(2027, 7, 1)), tick=False):
        with pytest.raises(RefusedError) as refused:
            services.apply_step(actor=officer_ba, case_id=case.pk, step=Step.EXTEND_DETENTION,
                                data=services.StepInput(months=1, reason="non_cooperation"))
        assert refused.value.refusal.code == "detention_ceiling" and "2027-07-10" in str(refused.value.refusal.message)
    with time_machine.travel(_at(date(2027, 7, 11)), tick=False):
        with pytest.raises(RefusedError) as refused:
            services.apply_step(actor=officer_ba, case_id=case.pk, step=Step.REVIEW_DETENTION)
        assert refused.value.refusal.code == "detention_ceiling"
        # Release is always possible; a new detention under the same decision is refused.
        drive(case, officer_ba, [Step.END_DETENTION])
        with pytest.raises(RefusedError) as refused:
            drive(case, officer_ba, [Step.ORDER_DETENTION])
        assert refused.value.refusal.code == "detention_ceiling"


def test_ready_to_return_is_computed(officer_ba: User, person_ba: Any, sfa_ba: Any) -> None:
    case = _without_period(officer_ba, person_ba, sfa_ba)
    today = timezone.localdate()
    assert not queries.ready_to_return(actor=officer_ba, on=today).exists()
    drive(case, officer_ba, [Step.REQUEST_IDENTIFICATION, Step.ANSWER_IDENTIFICATION])
    assert not queries.readiness(case, on=today).ready
    drive(case, officer_ba, [Step.REQUEST_TRAVEL_DOCUMENT, Step.ISSUE_TRAVEL_DOCUMENT])
    assert list(queries.ready_to_return(actor=officer_ba, on=today)) == [case]
    assert queries.readiness(case, on=today).ready
    # A document that has expired by then, or a new asylum application, takes the person off the list.
    assert not queries.ready_to_return(actor=officer_ba, on=today + timedelta(days=365)).exists()
    asylum.express_intention(actor=officer_ba, person=person_ba, institution=sfa_ba)
    assert not queries.ready_to_return(actor=None, on=today).exists()
    assert queries.readiness(case, on=today).suspensive_pending


def test_a_valid_passport_of_the_country_of_return_in_the_registry_documents_the_case(
        officer_ba: User, person_ba: Any, sfa_ba: Any) -> None:
    from korak.people.models import DocumentType, IdentityDocument

    case = _without_period(officer_ba, person_ba, sfa_ba)
    today = timezone.localdate()
    elsewhere = IdentityDocument.objects.create(
        person=person_ba, type=DocumentType.PASSPORT, number="X1", number_normalised="X1",
        issuing_country="PK" if case.country_of_return != "PK" else "IR", valid_until=today + timedelta(days=400))
    assert not queries.ready_to_return(actor=officer_ba, on=today).exists()
    assert not queries.readiness(case, on=today).documented
    IdentityDocument.objects.create(
        person=person_ba, type=DocumentType.PASSPORT, number="P2", number_normalised="P2",
        issuing_country=case.country_of_return, valid_until=today + timedelta(days=30))
    assert list(queries.ready_to_return(actor=officer_ba, on=today)) == [case]
    assert queries.readiness(case, on=today).ready
    # Expired by then: no longer a document to travel on.
    assert not queries.ready_to_return(actor=officer_ba, on=today + timedelta(days=31)).exists()
    assert elsewhere.pk is not None


def test_response_times_per_country(officer_ba: User, person_ba: Any, sfa_ba: Any) -> None:
    with time_machine.travel(_at(date(2026, 3, 1)), tick=False):
        case = _without_period(officer_ba, person_ba, sfa_ba)
        drive(case, officer_ba, [Step.REQUEST_IDENTIFICATION])
    with time_machine.travel(_at(date(2026, 3, 21)), tick=False):
        drive(case, officer_ba, [Step.ANSWER_IDENTIFICATION])
        drive(case, officer_ba, [Step.REQUEST_IDENTIFICATION])
    rows = queries.identification_response_times(actor=officer_ba, on=date(2026, 4, 25))
    assert [(r.country, r.answered, r.pending, r.average_days, r.reminders_due) for r in rows] == [
        ("AF", 1, 1, 20.0, 1)]


def test_an_unaccompanied_child_recorded_by_protection_is_removed_only_with_the_safeguards(
        officer_ba: User, person_ba: Any, sfa_ba: Any) -> None:
    """Dir 2008/115/EC Art 10, with the facts the protection app records."""
    from korak.organisations.models import Role
    from korak.protection import services as protection
    from korak.protection.rules import Category
    from tests.personas import make_user

    protection_officer = make_user("protection_ba", sfa_ba, Role.PROTECTION_OFFICER)
    protection.record_screening(actor=protection_officer, person_id=person_ba.id,
                                categories=[Category.CHILD, Category.UNACCOMPANIED_CHILD])
    case = _without_period(officer_ba, person_ba, sfa_ba)
    with pytest.raises(RefusedError) as refused:
        _schedule(officer_ba, case)
    assert refused.value.refusal.code == "child_return"
    assert "Return of an unaccompanied child" in str(refused.value.refusal.message)
    today = timezone.localdate()
    protection.record_best_interests(actor=protection_officer, person_id=person_ba.id, assessed_on=today,
                                     outcome="return", reasoning="Family tracing confirmed a safe home.")
    with pytest.raises(RefusedError):
        _schedule(officer_ba, case)
    protection.appoint_representative(actor=protection_officer, person_id=person_ba.id, kind="guardian",
                                      name="Synthetic Guardian", organisation="Centre for Social Work (test)",
                                      appointed_on=today)
    assert _schedule(officer_ba, case).state == State.REMOVAL_SCHEDULED
