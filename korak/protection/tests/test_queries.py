"""The guards other apps ask: guarantees_for and return_safeguards, from the latest screening,
the best-interests assessments and the appointments in force on the day."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from korak.organisations.models import User
from korak.people.models import Person
from korak.protection import queries, services
from korak.protection.rules import Category, ChildSafeguards, Guarantee
from korak.protection.tests.conftest import screen

pytestmark = pytest.mark.django_db


def test_unscreened_person_has_no_guarantees_and_no_child_safeguard(person_ba: Person) -> None:
    assert not queries.guarantees_for(person_ba.id).apply
    assert queries.return_safeguards(person_ba.id) == ChildSafeguards(False, False, False)
    assert queries.return_safeguards(person_ba.id).refusal_to_return() is None


def test_guarantees_follow_the_latest_screening(person_ba: Person, protection_ba: User) -> None:
    with time_machine.travel("2026-07-01 09:00 +02:00", tick=False):
        screen(protection_ba, person_ba, Category.GENDER_BASED_VIOLENCE)
    assert Guarantee.SAME_SEX_INTERVIEWER in queries.guarantees_for(person_ba.id)
    with time_machine.travel("2026-07-03 09:00 +02:00", tick=False):
        screen(protection_ba, person_ba, Category.PREGNANCY)
    latest = queries.guarantees_for(person_ba.id)
    assert Guarantee.SAME_SEX_INTERVIEWER not in latest
    assert latest.medical_check_before_return


def test_unaccompanied_child_without_assessment_or_representative_is_blocked(
        person_ba: Person, protection_ba: User) -> None:
    screen(protection_ba, person_ba, Category.UNACCOMPANIED_CHILD, Category.CHILD)
    safeguards = queries.return_safeguards(person_ba.id)
    assert safeguards == ChildSafeguards(unaccompanied_child=True, best_interests_assessed=False,
                                         representative_assigned=False)
    assert safeguards.refusal_to_return() is not None
    assert queries.guarantees_for(person_ba.id).no_border_procedure


def test_assessment_and_representative_lift_the_block(person_ba: Person, protection_ba: User) -> None:
    screen(protection_ba, person_ba, Category.UNACCOMPANIED_CHILD, Category.CHILD)
    with time_machine.travel("2026-07-01 09:00 +02:00", tick=False):
        services.record_best_interests(actor=protection_ba, person_id=person_ba.id, assessed_on=date(2026, 6, 30),
                                       outcome="return", reasoning="Family traced and willing to receive the child.")
        services.appoint_representative(actor=protection_ba, person_id=person_ba.id, kind="guardian",
                                        name="Amra Test", organisation="Centre for Social Work (test)",
                                        appointed_on=date(2026, 6, 29))
    on = date(2026, 7, 2)
    assert queries.return_safeguards(person_ba.id, on=on) == ChildSafeguards(True, True, True, True)
    assert queries.return_safeguards(person_ba.id, on=on).refusal_to_return() is None
    # Before the appointment the representative did not count yet.
    assert not queries.return_safeguards(person_ba.id, on=date(2026, 6, 28)).representative_assigned


def test_an_ended_appointment_no_longer_counts(person_ba: Person, protection_ba: User) -> None:
    screen(protection_ba, person_ba, Category.UNACCOMPANIED_CHILD, Category.CHILD)
    today = timezone.localdate()
    representative = services.appoint_representative(
        actor=protection_ba, person_id=person_ba.id, kind="representative", name="R. Test",
        organisation="Centre for Social Work (test)", appointed_on=today - timedelta(days=10))
    services.end_representative(actor=protection_ba, representative_id=representative.pk,
                                ended_on=today - timedelta(days=1))
    assert not queries.return_safeguards(person_ba.id, on=today).representative_assigned
    assert queries.return_safeguards(person_ba.id, on=today - timedelta(days=2)).representative_assigned


def test_bulk_forms_answer_for_many_persons_in_a_fixed_number_of_queries(
        person_ba: Person, protection_ba: User, officer_ba: User, sfa_ba: object) -> None:
    from korak.people import services as people
    from tests.personas import person_data

    others = [people.register_person(actor=officer_ba, institution=sfa_ba,  # type: ignore[arg-type]
                                     data=person_data(given_name=f"Test{i}", birth_year=2000 + i)).person
              for i in range(5)]
    screen(protection_ba, others[0], Category.UNACCOMPANIED_CHILD, Category.CHILD)
    ids = [person_ba.id, *(p.id for p in others)]
    with CaptureQueriesContext(connection) as captured:
        safeguards = queries.return_safeguards_for(ids)
    assert len(captured.captured_queries) == 3
    assert [safeguards[i].unaccompanied_child for i in ids] == [False, True, False, False, False, False]
    with CaptureQueriesContext(connection) as captured:
        guarantees = queries.guarantees_for_many(ids)
    assert len(captured.captured_queries) == 1
    assert guarantees[others[0].id].no_border_procedure
    assert not guarantees[person_ba.id].apply


def test_the_latest_assessment_decides_whether_return_is_in_the_best_interests(
        person_ba: Person, protection_ba: User) -> None:
    screen(protection_ba, person_ba, Category.UNACCOMPANIED_CHILD, Category.CHILD)
    with time_machine.travel("2026-07-10 09:00 +02:00", tick=False):
        services.appoint_representative(actor=protection_ba, person_id=person_ba.id, kind="guardian", name="G",
                                        organisation="CSW", appointed_on=date(2026, 7, 1))
        services.record_best_interests(actor=protection_ba, person_id=person_ba.id, assessed_on=date(2026, 7, 2),
                                       outcome="return", reasoning="Family traced and willing to receive the child.")
        services.record_best_interests(actor=protection_ba, person_id=person_ba.id, assessed_on=date(2026, 7, 8),
                                       outcome="stay", reasoning="New facts: the family home is no longer safe.")
    later = queries.return_safeguards(person_ba.id, on=date(2026, 7, 9))
    assert later.return_in_best_interests is False
    assert later.refusal_to_return() is not None
    earlier = queries.return_safeguards(person_ba.id, on=date(2026, 7, 5))
    assert earlier.return_in_best_interests is True
    assert earlier.refusal_to_return() is None
