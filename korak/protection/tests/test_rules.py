"""Pure rules: each category's guarantees with the article it implements, the child safeguards
of a return (Dir 2008/115 Art 10), consent for referrals, and the referral states."""

from datetime import UTC, datetime, timedelta

import pytest

from korak.protection import rules
from korak.protection.models import ReferralState, Service
from korak.protection.rules import Category, ChildSafeguards, Guarantee

NOW = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)


def test_no_category_no_guarantee() -> None:
    found = rules.guarantees([])
    assert not found.apply
    assert found.ordered() == []


def test_unaccompanied_child_is_exempt_from_the_border_procedure_apr_53_1() -> None:
    found = rules.guarantees([Category.UNACCOMPANIED_CHILD, Category.CHILD])
    assert found.no_border_procedure
    assert {Guarantee.REPRESENTATIVE, Guarantee.CHILD_FRIENDLY_INTERVIEW, Guarantee.BEST_INTERESTS_BEFORE_RETURN,
            Guarantee.PRIORITY_EXAMINATION, Guarantee.ADEQUATE_SUPPORT} <= found.codes
    assert rules.GUARANTEE_REFERENCES[Guarantee.NO_BORDER_PROCEDURE] == "Reg 2024/1348 Art 53(1)"


def test_accompanied_child_keeps_the_border_procedure_but_gets_a_child_friendly_interview() -> None:
    found = rules.guarantees([Category.CHILD])
    assert not found.no_border_procedure
    assert Guarantee.CHILD_FRIENDLY_INTERVIEW in found


def test_gbv_survivor_may_ask_for_an_interviewer_of_the_same_sex_apd_15_3() -> None:
    found = rules.guarantees([Category.GENDER_BASED_VIOLENCE])
    assert Guarantee.SAME_SEX_INTERVIEWER in found
    assert found.priority_examination
    assert not found.medical_check_before_return


@pytest.mark.parametrize("category", [Category.PREGNANCY, Category.SERIOUS_ILLNESS, Category.DISABILITY,
                                      Category.MENTAL_HEALTH, Category.OLDER_PERSON, Category.TORTURE])
def test_health_related_needs_require_a_medical_check_before_return(category: Category) -> None:
    assert rules.guarantees([category]).medical_check_before_return


def test_every_category_has_a_plain_label_and_guarantees_and_every_guarantee_a_reference() -> None:
    assert set(rules.CATEGORY_LABELS) == set(Category)
    assert set(rules.GUARANTEES_BY_CATEGORY) == set(Category)
    assert all(rules.GUARANTEES_BY_CATEGORY[c] for c in Category)
    assert set(rules.GUARANTEE_LABELS) == set(Guarantee) == set(rules.GUARANTEE_REFERENCES)
    for label in rules.CATEGORY_LABELS.values():
        # Plain words: no abbreviation such as GBV, UASC or VoT.
        assert not any(word.isupper() and len(word) > 1 for word in str(label).replace("(", " ").split())


def test_categories_round_trip_and_unknown_codes_are_dropped() -> None:
    stored = rules.store_categories([Category.PREGNANCY, Category.CHILD, Category.CHILD])
    assert stored == "child,pregnancy"
    assert rules.parse_categories(stored) == {Category.CHILD, Category.PREGNANCY}
    assert rules.parse_categories("child,made_up,") == {Category.CHILD}
    assert rules.parse_categories("") == frozenset()


def test_unaccompanied_child_must_also_be_marked_child() -> None:
    refusal = rules.check_screening([Category.UNACCOMPANIED_CHILD], "")
    assert refusal is not None
    assert "categories" in refusal.fields
    assert rules.check_screening([Category.UNACCOMPANIED_CHILD, Category.CHILD], "") is None


def test_adult_or_accompanied_child_needs_no_child_safeguard_to_return() -> None:
    assert ChildSafeguards(False, False, False).refusal_to_return() is None


def test_unaccompanied_child_return_needs_assessment_and_representative_dir_2008_115_art_10() -> None:
    refusal = ChildSafeguards(True, False, False).refusal_to_return()
    assert refusal is not None
    assert refusal.code == "child_safeguard"
    assert refusal.reference == "Dir 2008/115 Art 10"
    assert len(refusal.fields["safeguards"]) == 2
    only_representative = ChildSafeguards(True, True, False).refusal_to_return()
    assert only_representative is not None
    assert len(only_representative.fields["safeguards"]) == 1
    assert ChildSafeguards(True, True, True).refusal_to_return() is None


def test_consent_covers_only_its_purpose_and_only_until_withdrawn() -> None:
    given = rules.ConsentRecord(purpose="shelter", given_at=NOW - timedelta(days=1), withdrawn_at=None)
    assert rules.consent_covers([given], purpose="shelter", now=NOW)
    assert not rules.consent_covers([given], purpose="medical", now=NOW)
    withdrawn = rules.ConsentRecord(purpose="shelter", given_at=NOW - timedelta(days=2),
                                    withdrawn_at=NOW - timedelta(hours=1))
    assert not rules.consent_covers([withdrawn], purpose="shelter", now=NOW)
    future = rules.ConsentRecord(purpose="shelter", given_at=NOW + timedelta(minutes=1), withdrawn_at=None)
    assert not rules.consent_covers([future], purpose="shelter", now=NOW)


def test_referral_without_consent_is_refused_and_override_needs_permission_and_reason() -> None:
    assert rules.check_referral_consent(has_consent=True, override_reason=None, may_override=False) is None
    refused = rules.check_referral_consent(has_consent=False, override_reason=None, may_override=True)
    assert refused is not None
    assert refused.code == "consent_required"
    reason = "Immediate danger: the person cannot be asked today and needs a shelter tonight."
    not_permitted = rules.check_referral_consent(has_consent=False, override_reason=reason, may_override=False)
    assert not_permitted is not None
    assert not_permitted.code == "override_not_permitted"
    short = rules.check_referral_consent(has_consent=False, override_reason="urgent", may_override=True)
    assert short is not None
    assert "override_reason" in short.fields
    assert rules.check_referral_consent(has_consent=False, override_reason=reason, may_override=True) is None


def test_referral_transitions() -> None:
    partner, referrer = rules.PARTNER_TRANSITIONS, rules.REFERRER_TRANSITIONS
    state = rules.ReferralState
    assert rules.check_transition(partner, state.SENT, state.ACCEPTED) is None
    assert rules.check_transition(partner, state.SENT, state.DECLINED) is None
    assert rules.check_transition(partner, state.ACCEPTED, state.COMPLETED) is None
    assert rules.check_transition(partner, state.SENT, state.COMPLETED) is not None
    assert rules.check_transition(partner, state.DECLINED, state.ACCEPTED) is not None
    assert rules.check_transition(partner, state.SENT, state.WITHDRAWN) is not None
    assert rules.check_transition(referrer, state.ACCEPTED, state.WITHDRAWN) is None
    assert rules.check_transition(referrer, state.COMPLETED, state.WITHDRAWN) is not None


def test_the_rules_and_the_tables_name_the_same_states_and_services() -> None:
    assert {s.value for s in rules.ReferralState} == set(ReferralState.values)
    assert set(ReferralState.values) == {"sent", "accepted", "declined", "completed", "withdrawn"}
    assert set(Service.values) == {"shelter", "medical", "psychosocial", "legal_aid"}


def test_an_assessment_against_return_blocks_the_return() -> None:
    against = ChildSafeguards(True, True, True, return_in_best_interests=False).refusal_to_return()
    assert against is not None
    assert len(against.fields["safeguards"]) == 1
    assert ChildSafeguards(True, True, True, return_in_best_interests=True).refusal_to_return() is None
