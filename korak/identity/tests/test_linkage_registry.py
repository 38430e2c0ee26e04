"""Registry deduplication: the review queue, and merge / un-merge as audited services that keep
every original record. All synthetic people."""

from typing import Any

import pytest

from korak import cli, policy
from korak.audit.models import AuditEntry
from korak.audit.queries import verify_chain
from korak.events.models import CaseEvent
from korak.identity.linkage import registry
from korak.identity.models import MatchCandidate, PersonMerge, ReviewStatus
from korak.organisations.models import Institution, User
from korak.people import services as people
from korak.people.models import Person
from tests.personas import person_data


def register(officer: User, institution: Institution, given: str, family: str, **overrides: Any) -> Person:
    return people.register_person(actor=officer, institution=institution,
                                  data=person_data(given_name=given, family_name=family, **overrides)).person


@pytest.fixture
def registry_ba(officer_ba: User, sfa_ba: Institution) -> dict[str, Person]:
    """Two persons registered twice (another script, another spelling, swapped order), and others."""
    return {
        "ahmadi": register(officer_ba, sfa_ba, "Mohammad", "Ahmadi", birth_year=1999, birth_month=3, birth_day=14),
        "ahmadi_cyr": register(officer_ba, sfa_ba, "Мухамед", "Ахмади", birth_year=1999, birth_month=3, birth_day=14),
        "hussein": register(officer_ba, sfa_ba, "Fatima", "Hussein", birth_year=1990, birth_month=5, birth_day=12),
        "hussein_swapped": register(officer_ba, sfa_ba, "Husein", "Fatima", birth_year=1990, birth_month=5,
                                    birth_day=12),
        "karimi": register(officer_ba, sfa_ba, "Omar", "Karimi", birth_year=1972, birth_month=8, birth_day=8),
        "noori": register(officer_ba, sfa_ba, "Zainab", "Noori", birth_year=2001, birth_month=11, birth_day=30),
    }


def _pairs() -> set[frozenset[Any]]:
    return {frozenset((c.person_a_id, c.person_b_id)) for c in MatchCandidate.objects.all()}


def test_dedupe_queues_the_duplicates_with_an_explanation_and_an_audit_entry(registry_ba: dict[str, Person]) -> None:
    run = registry.dedupe_registry()
    assert run.persons == 6
    assert _pairs() == {frozenset((registry_ba["ahmadi"].pk, registry_ba["ahmadi_cyr"].pk)),
                        frozenset((registry_ba["hussein"].pk, registry_ba["hussein_swapped"].pk))}
    assert run.likely == 2 and run.clusters == 2
    both = [registry_ba["ahmadi"], registry_ba["ahmadi_cyr"]]
    candidate = MatchCandidate.objects.get(person_a__in=both, person_b__in=both)
    assert candidate.status == ReviewStatus.PENDING and candidate.levels["birth_date"] == "exact"
    entry = AuditEntry.objects.get(action="identity.dedupe.run")
    assert entry.details["queued"] == 2 and "Ahmadi" not in str(entry.details)
    # A second run refreshes the queue instead of duplicating it, and keeps decisions.
    MatchCandidate.objects.filter(pk=candidate.pk).update(status=ReviewStatus.REJECTED)
    registry.dedupe_registry()
    assert MatchCandidate.objects.count() == 2
    assert MatchCandidate.objects.get(pk=candidate.pk).status == ReviewStatus.REJECTED


def test_merge_and_unmerge_keep_every_original_record_and_the_chain_verifies(
        registry_ba: dict[str, Person], officer_ba: User, supervisor_ba: User) -> None:
    registry.dedupe_registry()
    survivor, merged = registry_ba["ahmadi"], registry_ba["ahmadi_cyr"]
    candidate = MatchCandidate.objects.get(person_a__in=[survivor, merged], person_b__in=[survivor, merged])
    registry.decide_candidate(actor=officer_ba, candidate_id=candidate.pk, same_person=True)
    before = {p.pk: registry.snapshot(p) for p in Person.objects.all()}

    merge = registry.merge_persons(actor=supervisor_ba, survivor_id=survivor.pk, merged_id=merged.pk,
                                   reason="same passport photo", candidate_id=candidate.pk)
    after_merge = {p.pk: registry.snapshot(p) for p in Person.objects.all()}
    assert after_merge == before  # no person edited, none deleted
    assert merge.snapshot["merged"]["given_name"] == "Мухамед" and merge.snapshot["survivor"]["family_name"] == "Ahmadi"
    assert MatchCandidate.objects.get(pk=candidate.pk).status == ReviewStatus.MERGED
    assert registry.merged_away() == {merged.pk}
    assert verify_chain().ok
    # The merged person is no longer deduplicated against the registry.
    assert registry.dedupe_registry().persons == 5

    registry.unmerge_persons(actor=supervisor_ba, merge_id=merge.pk, reason="twins, documents checked")
    after_unmerge = {p.pk: registry.snapshot(p) for p in Person.objects.all()}
    assert after_unmerge == before
    merge.refresh_from_db()
    assert merge.undone_at is not None and merge.undo_reason == "twins, documents checked"
    assert PersonMerge.objects.count() == 1 and registry.merged_away() == set()
    assert MatchCandidate.objects.get(pk=candidate.pk).status == ReviewStatus.PENDING
    actions = list(AuditEntry.objects.filter(action__startswith="identity.person").values_list("action", flat=True))
    assert actions == ["identity.person.merge", "identity.person.unmerge"]
    assert CaseEvent.objects.filter(type__in=["person_merged", "person_unmerged"], case_id=merged.pk).count() == 2
    verdict = verify_chain()
    assert verdict.ok and verdict.checked >= 10


def test_merge_refuses_the_wrong_states(registry_ba: dict[str, Person], supervisor_ba: User) -> None:
    a, b, c = registry_ba["hussein"], registry_ba["hussein_swapped"], registry_ba["karimi"]
    with pytest.raises(registry.MergeRefusedError, match="itself"):
        registry.merge_persons(actor=supervisor_ba, survivor_id=a.pk, merged_id=a.pk, reason="x")
    with pytest.raises(registry.MergeRefusedError, match="reason"):
        registry.merge_persons(actor=supervisor_ba, survivor_id=a.pk, merged_id=b.pk, reason=" ")
    merge = registry.merge_persons(actor=supervisor_ba, survivor_id=a.pk, merged_id=b.pk, reason="same person")
    with pytest.raises(registry.MergeRefusedError, match="already merged"):
        registry.merge_persons(actor=supervisor_ba, survivor_id=c.pk, merged_id=b.pk, reason="again")
    with pytest.raises(registry.MergeRefusedError, match="other persons are merged into this one"):
        registry.merge_persons(actor=supervisor_ba, survivor_id=c.pk, merged_id=a.pk, reason="chain")
    registry.unmerge_persons(actor=supervisor_ba, merge_id=merge.pk, reason="mistake")
    with pytest.raises(registry.MergeRefusedError, match="already undone"):
        registry.unmerge_persons(actor=supervisor_ba, merge_id=merge.pk, reason="mistake")
    assert not AuditEntry.objects.filter(action="identity.person.merge", object_id=str(c.pk)).exists()


def test_officers_other_countries_and_other_roles_cannot_merge(
        registry_ba: dict[str, Person], officer_ba: User, officer_rs: User, escort_ba: User,
        supervisor_ba: User) -> None:
    a, b = registry_ba["ahmadi"], registry_ba["ahmadi_cyr"]
    with pytest.raises(policy.NotFoundError):
        registry.merge_persons(actor=officer_ba, survivor_id=a.pk, merged_id=b.pk, reason="x")
    with pytest.raises(policy.NotFoundError):
        registry.merge_persons(actor=officer_rs, survivor_id=a.pk, merged_id=b.pk, reason="x")
    merge = registry.merge_persons(actor=supervisor_ba, survivor_id=a.pk, merged_id=b.pk, reason="same")
    with pytest.raises(policy.NotFoundError):
        registry.unmerge_persons(actor=officer_rs, merge_id=merge.pk, reason="x")
    registry.dedupe_registry()
    candidate = MatchCandidate.objects.first()
    assert candidate is not None
    with pytest.raises(policy.NotFoundError):
        registry.decide_candidate(actor=escort_ba, candidate_id=candidate.pk, same_person=True)
    with pytest.raises(policy.NotFoundError):
        registry.decide_candidate(actor=officer_rs, candidate_id=candidate.pk, same_person=False)
    assert PersonMerge.objects.filter(undone_at__isnull=True).count() == 1


def test_dedupe_verb_prints_a_summary(registry_ba: dict[str, Person], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["identity", "dedupe", "--json", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert '"persons": 6' in out and '"queued": 2' in out
    assert MatchCandidate.objects.count() == 2
