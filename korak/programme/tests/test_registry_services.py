"""Programmes, activities, sessions and registrations: guards, events and audit entries."""

from datetime import date
from decimal import Decimal

import pytest

from korak import policy
from korak.audit.models import AuditEntry
from korak.core.refusal import RefusedError
from korak.events.models import CaseEvent
from korak.organisations.models import Institution, User
from korak.programme import rules, services
from korak.programme.models import Activity, Official, Programme
from korak.programme.tests.conftest import make_official


def test_transition_table() -> None:
    assert rules.check_transition("invited", "registered") is None
    assert rules.check_transition("waitlisted", "registered") is None
    refused = rules.check_transition("attended", "cancelled")
    assert refused is not None and refused.code == "participation_transition"
    assert rules.registration_status(registered=10, capacity=10) == "waitlisted"
    assert rules.registration_status(registered=9, capacity=10) == "registered"
    assert rules.registration_status(registered=500, capacity=None) == "registered"


def test_person_days_and_completion() -> None:
    assert rules.person_days(["day", "am", "pm", "day"]) == Decimal(3)
    assert rules.completed(attended=4, sessions=5, threshold=Decimal(80))
    assert not rules.completed(attended=3, sessions=5, threshold=Decimal(80))
    assert not rules.completed(attended=0, sessions=0, threshold=Decimal(0))


def test_activity_validation_names_fields(coordinator: User, programme: Programme, ministry_ba: Institution) -> None:
    with pytest.raises(RefusedError) as refused:
        services.create_activity(actor=coordinator, programme_id=programme.id, institution=ministry_ba,
                                 data=services.ActivityData(kind="training", title="x", country="bosnia",
                                                            starts_on=date(2026, 3, 2), ends_on=date(2026, 3, 1),
                                                            completion_threshold=Decimal(120)))
    assert set(refused.value.refusal.fields) == {"country", "ends_on", "completion_threshold"}
    assert not Activity.objects.exists()


def test_regional_activity_has_no_country() -> None:
    assert rules.check_activity(starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), country="",
                                threshold=Decimal(80)) is None


def test_session_outside_activity_refused(coordinator: User, activity: Activity) -> None:
    with pytest.raises(RefusedError):
        services.add_session(actor=coordinator, activity_id=activity.id, on=date(2026, 3, 9))
    with pytest.raises(RefusedError):
        services.add_session(actor=coordinator, activity_id=activity.id, on=date(2026, 3, 2))  # exists


def test_waiting_list_and_cancellation_promotes(coordinator: User, activity: Activity, sfa_ba: Institution) -> None:
    Activity.objects.filter(pk=activity.pk).update(capacity=2)
    people = [make_official(coordinator, sfa_ba, f"Name{i}", "Family") for i in range(4)]
    invited = services.invite(actor=coordinator, activity_id=activity.id, official_id=people[0].id)
    assert invited.status == "invited"
    statuses = [services.register(actor=coordinator, activity_id=activity.id, official_id=p.id).status
                for p in people]
    assert statuses == ["registered", "registered", "waitlisted", "waitlisted"]
    first = activity.participations.get(official=people[0])
    services.cancel(actor=coordinator, participation_id=first.id)
    assert activity.participations.get(official=people[2]).status == "registered"
    assert activity.participations.get(official=people[3]).status == "waitlisted"
    with pytest.raises(RefusedError):
        services.cancel(actor=coordinator, participation_id=first.id)
    assert CaseEvent.objects.filter(type="participation_cancelled").count() == 1
    assert AuditEntry.objects.filter(action="programme.participation.register").count() == 4


def test_other_institution_coordinator_cannot_touch_activity(coordinator_border: User, coordinator_rs: User,
                                                             escort_ba: User, activity: Activity,
                                                             official_sfa: Official) -> None:
    for user in (coordinator_border, coordinator_rs, escort_ba):
        with pytest.raises(policy.NotFoundError):
            services.add_session(actor=user, activity_id=activity.id, on=date(2026, 3, 6), part="pm")
        with pytest.raises(policy.NotFoundError):
            services.register(actor=user, activity_id=activity.id, official_id=official_sfa.id)


def test_official_names_kept_and_transliterated(coordinator: User, sfa_rs: Institution) -> None:
    official = make_official(coordinator, sfa_rs, "Ђорђе", "Јовановић", birth_year=1979)
    assert (official.latin_given, official.latin_family, official.country) == ("Đorđe", "Jovanović", "RS")
    updated = services.update_official(actor=coordinator, official_id=official.id, expected_version=1,
                                       data=services.OfficialData(given_name="Đorđe", family_name="Jovanović",
                                                                  institution_id=sfa_rs.id))
    assert updated.version == 2 and official.names.count() == 2
    with pytest.raises(services.StaleVersionError):
        services.update_official(actor=coordinator, official_id=official.id, expected_version=1,
                                 data=services.OfficialData(given_name="X", family_name="Y", institution_id=sfa_rs.id))
    with pytest.raises(RefusedError) as refused:
        services.create_official(actor=coordinator, data=services.OfficialData(
            given_name="", family_name="Y", institution_id=sfa_rs.id, birth_year=1800))
    assert set(refused.value.refusal.fields) == {"given_name", "birth_year"}


def test_only_coordinators_register_officials(officer_ba: User, coordinator_rs: User, sfa_ba: Institution) -> None:
    for user in (officer_ba, coordinator_rs):
        with pytest.raises(policy.PermissionRefusedError):
            services.create_official(actor=user, data=services.OfficialData(
                given_name="A", family_name="B", institution_id=sfa_ba.id))
