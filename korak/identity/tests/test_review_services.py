"""The review queue's services and readers: decisions recorded with who and when, stale decisions
refused, a rejected or unconfirmed pair never merged, merge then un-merge leaving every person
value as it was with a verifying audit chain, and the lists filtered like their detail pages.
All synthetic people."""

from typing import Any

import pytest
import time_machine
from django.utils import timezone

from korak import policy
from korak.audit.models import AuditEntry
from korak.audit.queries import verify_chain
from korak.core.refusal import RefusedError
from korak.identity import review
from korak.identity.linkage import registry
from korak.identity.models import MatchCandidate, PersonMerge, ReviewStatus
from korak.organisations.models import Institution, Role, User
from korak.people import services as people
from korak.people.models import Person
from tests.personas import make_user, person_data

LEVELS = {"given_name": "keys agree (variant or skeleton) or jaro-winkler ≥ 0.95", "family_name": "exact",
          "birth_date": "exact", "sex": "same", "nationality": "unknown"}


def register(officer: User, institution: Institution, given: str, family: str, **overrides: Any) -> Person:
    return people.register_person(actor=officer, institution=institution,
                                  data=person_data(given_name=given, family_name=family, **overrides)).person


def make_pair(officer: User, institution: Institution, *, score: float = 0.82,
              other_institution: Institution | None = None, other_officer: User | None = None) -> MatchCandidate:
    """One queued pair: the same synthetic person registered in Latin and in Cyrillic."""
    a = register(officer, institution, "Mohammad", "Ahmadi", birth_year=1999, birth_month=3, birth_day=14)
    b = register(other_officer or officer, other_institution or institution, "Мухамед", "Ахмади",
                 birth_year=1999, birth_month=3, birth_day=14)
    return MatchCandidate.objects.create(person_a=a, person_b=b, score=score, levels=LEVELS, run="test")


@pytest.fixture
def supervisor_border_ba(border_ba: Institution) -> User:
    return make_user("supervisor_border_ba", border_ba, Role.SUPERVISOR)


@pytest.fixture
def candidate(officer_ba: User, sfa_ba: Institution) -> MatchCandidate:
    return make_pair(officer_ba, sfa_ba)


def values_of_every_person() -> dict[Any, dict[str, Any]]:
    return {p.pk: registry.snapshot(p) | {"updated_at": p.updated_at, "aliases": list(
        p.aliases.order_by("pk").values_list("given_name", "family_name"))} for p in Person.objects.all()}


# --- decisions ---------------------------------------------------------------------------------

def test_a_decision_is_recorded_with_who_and_when(candidate: MatchCandidate, officer_ba: User) -> None:
    at = timezone.now().replace(microsecond=0)
    with time_machine.travel(at, tick=False):
        decided = registry.decide_candidate(actor=officer_ba, candidate_id=candidate.pk, same_person=False,
                                            expected_status="pending")
    decided.refresh_from_db()
    assert (decided.status, decided.decided_by, decided.decided_at) == (ReviewStatus.REJECTED, officer_ba, at)
    entry = AuditEntry.objects.get(action="identity.candidate.decide")
    assert (entry.actor, entry.object_id, entry.details["to"]) == (str(officer_ba.pk), str(candidate.pk), "rejected")
    assert "Ahmadi" not in str(entry.details)


def test_a_stale_decision_is_refused_not_overwritten(candidate: MatchCandidate, officer_ba: User,
                                                     supervisor_ba: User) -> None:
    registry.decide_candidate(actor=supervisor_ba, candidate_id=candidate.pk, same_person=True,
                              expected_status="pending")
    with pytest.raises(RefusedError) as refused:
        registry.decide_candidate(actor=officer_ba, candidate_id=candidate.pk, same_person=False,
                                  expected_status="pending")
    assert refused.value.status == 412 and "expected_status" in refused.value.refusal.fields
    candidate.refresh_from_db()
    assert (candidate.status, candidate.decided_by) == (ReviewStatus.CONFIRMED, supervisor_ba)


def test_a_merged_pair_cannot_be_decided_until_the_merge_is_undone(candidate: MatchCandidate, supervisor_ba: User,
                                                                   officer_ba: User) -> None:
    registry.decide_candidate(actor=officer_ba, candidate_id=candidate.pk, same_person=True)
    registry.merge_persons(actor=supervisor_ba, survivor_id=candidate.person_a_id, merged_id=candidate.person_b_id,
                           reason="same passport", candidate_id=candidate.pk)
    with pytest.raises(registry.MergeRefusedError, match="undo the merge") as refused:
        registry.decide_candidate(actor=officer_ba, candidate_id=candidate.pk, same_person=False)
    assert refused.value.status == 409


# --- merging ------------------------------------------------------------------------------------

@pytest.mark.parametrize("decision", [None, False])
def test_a_pending_or_rejected_pair_cannot_be_merged(candidate: MatchCandidate, officer_ba: User,
                                                     supervisor_ba: User, decision: bool | None) -> None:
    if decision is not None:
        registry.decide_candidate(actor=officer_ba, candidate_id=candidate.pk, same_person=decision)
    for candidate_id in (candidate.pk, None):  # also when the caller does not name the pair
        with pytest.raises(registry.MergeRefusedError) as refused:
            registry.merge_persons(actor=supervisor_ba, survivor_id=candidate.person_a_id,
                                   merged_id=candidate.person_b_id, reason="looks alike", candidate_id=candidate_id)
        assert refused.value.status == 409
    assert not PersonMerge.objects.exists()
    assert not AuditEntry.objects.filter(action="identity.person.merge").exists()


def test_merge_then_unmerge_leaves_every_person_value_unchanged_and_the_chain_verifies(
        candidate: MatchCandidate, officer_ba: User, supervisor_ba: User, sfa_ba: Institution) -> None:
    register(officer_ba, sfa_ba, "Zainab", "Noori", birth_year=2001)
    registry.decide_candidate(actor=officer_ba, candidate_id=candidate.pk, same_person=True)
    before = values_of_every_person()

    merge = registry.merge_persons(actor=supervisor_ba, survivor_id=candidate.person_b_id,
                                   merged_id=candidate.person_a_id, reason="same passport photo",
                                   candidate_id=candidate.pk)
    assert values_of_every_person() == before
    kept = PersonMerge.objects.get(pk=merge.pk).snapshot
    for side, person_id in (("survivor", candidate.person_b_id), ("merged", candidate.person_a_id)):
        assert kept[side] == {k: v for k, v in before[person_id].items() if k in kept[side]}
    assert (kept["merged"]["given_name"], kept["survivor"]["family_name"]) == ("Mohammad", "Ахмади")
    assert review.merges(supervisor_ba).get() == merge
    assert verify_chain().ok

    registry.unmerge_persons(actor=supervisor_ba, merge_id=merge.pk, reason="twins, documents checked")
    assert values_of_every_person() == before
    candidate.refresh_from_db()
    assert (candidate.status, candidate.decided_by, candidate.decided_at) == (ReviewStatus.PENDING, None, None)
    actions = list(AuditEntry.objects.filter(action__startswith="identity.").order_by("seq")
                   .values_list("action", flat=True))
    assert actions == ["identity.candidate.decide", "identity.person.merge", "identity.person.unmerge"]
    verdict = verify_chain()
    assert verdict.ok and verdict.checked == AuditEntry.objects.count()


def test_the_reason_is_required_and_named(candidate: MatchCandidate, officer_ba: User, supervisor_ba: User) -> None:
    registry.decide_candidate(actor=officer_ba, candidate_id=candidate.pk, same_person=True)
    for reason in ("  ", "x" * 501):
        with pytest.raises(RefusedError) as refused:
            registry.merge_persons(actor=supervisor_ba, survivor_id=candidate.person_a_id,
                                   merged_id=candidate.person_b_id, reason=reason, candidate_id=candidate.pk)
        assert refused.value.status == 422 and list(refused.value.refusal.fields) == ["reason"]


# --- the policy: wrong role, institution, country -----------------------------------------------

def test_the_wrong_role_institution_and_country_cannot_decide_merge_or_undo(
        candidate: MatchCandidate, officer_ba: User, supervisor_ba: User, escort_ba: User, officer_rs: User,
        officer_border_ba: User, supervisor_border_ba: User) -> None:
    for user in (escort_ba, officer_rs, officer_border_ba):
        with pytest.raises(policy.NotFoundError):
            registry.decide_candidate(actor=user, candidate_id=candidate.pk, same_person=True)
    registry.decide_candidate(actor=officer_ba, candidate_id=candidate.pk, same_person=True)
    for user in (officer_ba, escort_ba, officer_rs, supervisor_border_ba):
        with pytest.raises(policy.NotFoundError):
            registry.merge_persons(actor=user, survivor_id=candidate.person_a_id, merged_id=candidate.person_b_id,
                                   reason="same", candidate_id=candidate.pk)
    merge = registry.merge_persons(actor=supervisor_ba, survivor_id=candidate.person_a_id,
                                   merged_id=candidate.person_b_id, reason="same", candidate_id=candidate.pk)
    for user in (officer_ba, escort_ba, officer_rs, supervisor_border_ba):
        with pytest.raises(policy.NotFoundError):
            registry.unmerge_persons(actor=user, merge_id=merge.pk, reason="no")
    assert PersonMerge.objects.get().undone_at is None


def test_a_pair_across_two_institutions_is_only_for_whoever_reaches_both(
        officer_ba: User, sfa_ba: Institution, officer_border_ba: User, border_ba: Institution) -> None:
    across = make_pair(officer_ba, sfa_ba, other_institution=border_ba, other_officer=officer_border_ba)
    for user in (officer_ba, officer_border_ba):
        assert not review.queue(user).exists()
        with pytest.raises(policy.NotFoundError):
            review.get_pair(user, across.pk)
        with pytest.raises(policy.NotFoundError):
            registry.decide_candidate(actor=user, candidate_id=across.pk, same_person=True)


# --- the readers ----------------------------------------------------------------------------------

def test_the_queue_filters_by_status_band_and_institution_and_counts_per_status(
        officer_ba: User, sfa_ba: Institution, officer_border_ba: User, border_ba: Institution) -> None:
    high = make_pair(officer_ba, sfa_ba, score=0.97)
    low = make_pair(officer_ba, sfa_ba, score=0.41)
    theirs = make_pair(officer_border_ba, border_ba, score=0.8)
    registry.decide_candidate(actor=officer_ba, candidate_id=low.pk, same_person=False)
    assert list(review.queue(officer_ba)) == [high]
    assert list(review.queue(officer_ba, status="")) == [high, low]
    assert list(review.queue(officer_ba, status="", band="uncertain")) == [low]
    assert list(review.queue(officer_ba, status="", institution_id=border_ba.pk)) == []
    assert review.totals(officer_ba) == {"pending": 1, "confirmed": 0, "rejected": 1, "merged": 0}
    assert list(review.queue(officer_border_ba)) == [theirs]


def test_reading_a_pair_is_audited_with_ids_only(candidate: MatchCandidate, officer_ba: User) -> None:
    pair = review.get_pair(officer_ba, candidate.pk)
    assert (pair.a.birth_date, pair.a.nationalities, pair.a.documents) == ("1999-03-14", ["AF"], 0)
    words = {row.field: row.words for row in pair.agreements}
    assert words["family_name"] == "identical after transliteration"
    assert words["nationality"] == "not known on one side"
    entry = AuditEntry.objects.get(action="identity.candidate.read")
    assert entry.details == {"persons": [str(candidate.person_a_id), str(candidate.person_b_id)]}
    reads = AuditEntry.objects.filter(action="people.person.read").values_list("object_id", flat=True)
    assert sorted(reads) == sorted([str(candidate.person_a_id), str(candidate.person_b_id)])
    assert "Ahmadi" not in str(list(AuditEntry.objects.values_list("details", flat=True)))


def test_a_persons_merge_history(candidate: MatchCandidate, officer_ba: User, supervisor_ba: User,
                                 sfa_ba: Institution) -> None:
    registry.decide_candidate(actor=officer_ba, candidate_id=candidate.pk, same_person=True)
    first = registry.merge_persons(actor=supervisor_ba, survivor_id=candidate.person_a_id,
                                   merged_id=candidate.person_b_id, reason="same", candidate_id=candidate.pk)
    registry.unmerge_persons(actor=supervisor_ba, merge_id=first.pk, reason="two persons")
    other = register(officer_ba, sfa_ba, "Omar", "Karimi")
    second = registry.merge_persons(actor=supervisor_ba, survivor_id=other.pk, merged_id=candidate.person_b_id,
                                    reason="documents")
    assert set(review.merges(officer_ba, person_id=candidate.person_b_id)) == {first, second}
    assert list(review.merges(officer_ba, person_id=candidate.person_a_id)) == [first]
    assert list(review.merges(officer_ba, open_only=True)) == [second]


def test_the_demo_fills_the_queue_from_its_near_duplicates(officer_ba: User, sfa_ba: Institution) -> None:
    from korak.demo.build import Staff
    from korak.identity import demo

    register(officer_ba, sfa_ba, "Mohammad", "Ahmadi", birth_year=1999, birth_month=3, birth_day=14)
    register(officer_ba, sfa_ba, "Мухамед", "Ахмади", birth_year=1999, birth_month=3, birth_day=14)
    register(officer_ba, sfa_ba, "Zainab", "Noori", birth_year=2001)
    demo.build(staff=Staff(users={}, institutions={}), seed=7, quiet=True)
    assert MatchCandidate.objects.filter(status=ReviewStatus.PENDING).count() == 1
    assert AuditEntry.objects.get(action="identity.dedupe.run").actor == "demo"
