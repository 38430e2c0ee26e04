"""Services: each write leaves its CaseEvent and audit entry (without categories, narratives or
reasons), refusals write nothing, consent gates referrals, and the override is its own
permission with a reason and its own audit entry."""

from datetime import date
from typing import Any

import pytest

from korak import policy
from korak.audit.models import AuditEntry
from korak.audit.queries import verify_chain
from korak.core.refusal import RefusedError
from korak.events.models import CaseEvent
from korak.organisations.models import Institution, User
from korak.people.models import Person
from korak.protection import queries, services
from korak.protection.models import Referral, ReferralState
from korak.protection.rules import Category
from korak.protection.tests.conftest import CANARY

pytestmark = pytest.mark.django_db
REASON = "The person is in immediate danger tonight and cannot be asked before the shelter closes."


def referral_fields(partner: Institution, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"partner_id": partner.pk, "service": "shelter", "need": "A safe place tonight",
                              "contact": "Through the reception desk", "contact_window": "Weekdays 9-12",
                              "language": "fa", "shared_information": "First name only: Test"}
    values.update(overrides)
    return values


def _counts() -> tuple[int, int, int]:
    return Referral.objects.count(), AuditEntry.objects.count(), CaseEvent.objects.count()


def test_screening_writes_event_and_audit_without_categories_or_narrative(screened_ba: Person) -> None:
    event = CaseEvent.objects.get(case_id=screened_ba.id, type="vulnerability_screened")
    entry = AuditEntry.objects.get(action="protection.screening.record")
    for text in (str(event.payload), str(entry.details)):
        assert "gender" not in text
        assert CANARY not in text
    assert event.payload["guarantees_apply"] is True
    assert verify_chain().ok


def test_screening_is_refused_to_the_wrong_role_institution_and_country(
        person_ba: Person, escort_ba: User, protection_border_ba: User, protection_rs: User,
        supervisor_ba: User) -> None:
    for user in (escort_ba, protection_border_ba, protection_rs, supervisor_ba):
        with pytest.raises(policy.NotFoundError):
            services.record_screening(actor=user, person_id=person_ba.id, categories=[Category.CHILD])
    assert not queries.guarantees_for(person_ba.id).apply


def test_gbv_referral_without_consent_is_refused_and_writes_nothing(
        screened_ba: Person, protection_ba: User, ngo_ba: Institution) -> None:
    before = _counts()
    with pytest.raises(RefusedError) as refused:
        services.refer(actor=protection_ba, person_id=screened_ba.id, **referral_fields(ngo_ba))
    assert refused.value.refusal.code == "consent_required"
    assert _counts() == before


def test_referral_with_consent_for_that_service(screened_ba: Person, protection_ba: User,
                                                ngo_ba: Institution) -> None:
    consent = services.record_consent(actor=protection_ba, person_id=screened_ba.id, purpose="shelter")
    referral = services.refer(actor=protection_ba, person_id=screened_ba.id, **referral_fields(ngo_ba))
    assert referral.consent == consent
    assert referral.overridden_by is None
    assert not AuditEntry.objects.filter(action="protection.referral.consent_override").exists()
    # A consent for a shelter is not a consent for medical care.
    with pytest.raises(RefusedError):
        services.refer(actor=protection_ba, person_id=screened_ba.id, **referral_fields(ngo_ba, service="medical"))


def test_override_needs_its_own_permission(screened_ba: Person, officer_ba: User, ngo_ba: Institution) -> None:
    """officer_ba may refer (and is the assigned officer), but holds no override permission."""
    assert policy.can(officer_ba, "protection.refer", screened_ba)
    before = _counts()
    with pytest.raises(RefusedError) as refused:
        services.refer(actor=officer_ba, person_id=screened_ba.id, override_reason=REASON, **referral_fields(ngo_ba))
    assert refused.value.refusal.code == "override_not_permitted"
    assert refused.value.status == 403
    assert _counts() == before


def test_override_needs_a_reason_of_some_length(screened_ba: Person, protection_ba: User,
                                                ngo_ba: Institution) -> None:
    with pytest.raises(RefusedError) as refused:
        services.refer(actor=protection_ba, person_id=screened_ba.id, override_reason="urgent",
                       **referral_fields(ngo_ba))
    assert "override_reason" in refused.value.refusal.fields
    assert Referral.objects.count() == 0


def test_override_with_permission_and_reason_leaves_its_own_audit_entry(
        screened_ba: Person, protection_ba: User, ngo_ba: Institution) -> None:
    referral = services.refer(actor=protection_ba, person_id=screened_ba.id, override_reason=REASON,
                              **referral_fields(ngo_ba))
    assert referral.consent is None
    assert referral.overridden_by == protection_ba
    entry = AuditEntry.objects.get(action="protection.referral.consent_override")
    assert entry.object_id == str(referral.pk)
    assert entry.actor == str(protection_ba.pk)
    assert entry.details == {"service": "shelter", "reason_length": len(REASON)}
    assert REASON not in str(entry.details)
    assert Referral.objects.get(pk=referral.pk).override_reason == REASON
    assert verify_chain().ok


def test_withdrawing_consent_withdraws_open_referrals(screened_ba: Person, protection_ba: User,
                                                      ngo_ba: Institution) -> None:
    consent = services.record_consent(actor=protection_ba, person_id=screened_ba.id, purpose="shelter")
    referral = services.refer(actor=protection_ba, person_id=screened_ba.id, **referral_fields(ngo_ba))
    services.withdraw_consent(actor=protection_ba, consent_id=consent.pk)
    referral.refresh_from_db()
    assert (referral.state, referral.version) == (ReferralState.WITHDRAWN, 2)
    with pytest.raises(RefusedError):
        services.refer(actor=protection_ba, person_id=screened_ba.id, **referral_fields(ngo_ba))


def test_referral_goes_only_to_a_partner_organisation(screened_ba: Person, protection_ba: User,
                                                      border_ba: Institution, sfa_rs: Institution) -> None:
    services.record_consent(actor=protection_ba, person_id=screened_ba.id, purpose="shelter")
    for wrong in (border_ba, sfa_rs):
        with pytest.raises(RefusedError) as refused:
            services.refer(actor=protection_ba, person_id=screened_ba.id, **referral_fields(wrong))
        assert "partner_id" in refused.value.refusal.fields


def test_partner_answers_and_another_partner_cannot(screened_ba: Person, protection_ba: User, ngo_ba: Institution,
                                                    partner_ba: User, partner_other_ba: User) -> None:
    services.record_consent(actor=protection_ba, person_id=screened_ba.id, purpose="shelter")
    referral = services.refer(actor=protection_ba, person_id=screened_ba.id, **referral_fields(ngo_ba))
    with pytest.raises(policy.NotFoundError):
        services.answer_referral(actor=partner_other_ba, referral_id=referral.pk, state="accepted")
    with pytest.raises(RefusedError):
        services.answer_referral(actor=partner_ba, referral_id=referral.pk, state="completed")
    services.answer_referral(actor=partner_ba, referral_id=referral.pk, state="accepted", note="Bed reserved.")
    services.answer_referral(actor=partner_ba, referral_id=referral.pk, state="completed")
    referral.refresh_from_db()
    assert (referral.state, referral.partner_note) == (ReferralState.COMPLETED, "Bed reserved.")
    assert AuditEntry.objects.filter(action="protection.referral.completed", actor=str(partner_ba.pk)).count() == 1
    # The referring side cannot answer for the partner.
    with pytest.raises(policy.NotFoundError):
        services.answer_referral(actor=protection_ba, referral_id=referral.pk, state="accepted")


def test_unassigned_case_officer_cannot_screen_record_consent_or_refer(screened_ba: Person, officer2_ba: User,
                                                                       ngo_ba: Institution) -> None:
    """Else one empty screening would make any case officer "assigned" and open every earlier note."""
    with pytest.raises(policy.NotFoundError):
        services.record_screening(actor=officer2_ba, person_id=screened_ba.id, categories=[])
    with pytest.raises(policy.NotFoundError):
        services.record_consent(actor=officer2_ba, person_id=screened_ba.id, purpose="shelter")
    with pytest.raises(policy.NotFoundError):
        services.refer(actor=officer2_ba, person_id=screened_ba.id, **referral_fields(ngo_ba))


def test_best_interests_needs_a_protection_officer_and_reasoning(person_ba: Person, officer_ba: User,
                                                                 protection_ba: User) -> None:
    with pytest.raises(policy.NotFoundError):
        services.record_best_interests(actor=officer_ba, person_id=person_ba.id, assessed_on=date(2026, 1, 1),
                                       outcome="stay", reasoning="Reasoning long enough to pass.")
    with pytest.raises(RefusedError) as refused:
        services.record_best_interests(actor=protection_ba, person_id=person_ba.id, assessed_on=date(2026, 1, 1),
                                       outcome="stay", reasoning="short")
    assert "reasoning" in refused.value.refusal.fields


def test_panel_shows_categories_only_with_need_to_know(screened_ba: Person, protection_ba: User, officer_ba: User,
                                                       officer2_ba: User, supervisor_ba: User) -> None:
    for user in (protection_ba, officer_ba):
        panel = queries.panel_for(actor=user, person_id=screened_ba.id)
        assert panel.sensitive is not None
        assert panel.sensitive.categories == [Category.GENDER_BASED_VIOLENCE]
        assert CANARY in panel.sensitive.screenings[0].narrative
    for user in (officer2_ba, supervisor_ba):
        panel = queries.panel_for(actor=user, person_id=screened_ba.id)
        assert panel.sensitive is None
        assert panel.guarantees.apply
    assert AuditEntry.objects.filter(action="protection.person.read").count() == 2
    assert AuditEntry.objects.filter(action="protection.guarantees.read").count() == 2
