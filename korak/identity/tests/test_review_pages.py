"""The review pages: the queue, a pair side by side with its decision and merge, the merges with
their undo; each refused to the wrong role, institution and country. All synthetic people."""

import re
from collections.abc import Callable
from itertools import combinations

import pytest
from django.test import Client

from korak.audit.models import AuditEntry
from korak.identity.linkage import registry
from korak.identity.models import MatchCandidate, PersonMerge, ReviewStatus
from korak.identity.tests.test_review_services import make_pair, register
from korak.organisations.models import Institution, Role, User
from tests.personas import make_user


@pytest.fixture
def candidate(officer_ba: User, sfa_ba: Institution) -> MatchCandidate:
    return make_pair(officer_ba, sfa_ba)


@pytest.fixture
def supervisor_border_ba(border_ba: Institution) -> User:
    return make_user("supervisor_border_ba", border_ba, Role.SUPERVISOR)


def confirmed_and_merged(candidate: MatchCandidate, officer: User, supervisor: User) -> PersonMerge:
    registry.decide_candidate(actor=officer, candidate_id=candidate.pk, same_person=True)
    return registry.merge_persons(actor=supervisor, survivor_id=candidate.person_a_id,
                                  merged_id=candidate.person_b_id, reason="same passport", candidate_id=candidate.pk)


def test_the_queue_lists_pending_pairs_with_totals_and_filters(client_for: Callable[[User], Client],
                                                               officer_ba: User, sfa_ba: Institution) -> None:
    high = make_pair(officer_ba, sfa_ba, score=0.97)
    low = make_pair(officer_ba, sfa_ba, score=0.41)
    registry.decide_candidate(actor=officer_ba, candidate_id=low.pk, same_person=False)
    client = client_for(officer_ba)
    html = client.get("/identity/review/").content.decode()
    assert f"/identity/review/{high.pk}/" in html and f"/identity/review/{low.pk}/" not in html
    assert "Waiting for review: <strong>1</strong>" in html and "Different persons: <strong>1</strong>" in html
    rejected = client.get("/identity/review/", {"status": "rejected"}).content.decode()
    assert f"/identity/review/{low.pk}/" in rejected and f"/identity/review/{high.pk}/" not in rejected
    band = client.get("/identity/review/", {"status": "", "band": "high"}).content.decode()
    assert f"/identity/review/{high.pk}/" in band and f"/identity/review/{low.pk}/" not in band
    # htmx swaps the table only.
    fragment = client.get("/identity/review/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and f"/identity/review/{high.pk}/" in fragment
    assert client.get("/identity/review/", {"band": "bogus"}).status_code == 422
    assert client.get("/identity/review/", {"page": "999"}).status_code == 200


def test_the_queue_is_paginated(client_for: Callable[[User], Client], officer_ba: User, sfa_ba: Institution) -> None:
    persons = [register(officer_ba, sfa_ba, "Karim", f"Noori{letter}") for letter in "abcdefghijk"]
    MatchCandidate.objects.bulk_create([MatchCandidate(person_a=a, person_b=b, score=0.5, levels={}, run="t")
                                        for a, b in combinations(persons, 2)])  # 55 pairs
    client = client_for(officer_ba)
    html = client.get("/identity/review/").content.decode()
    assert "Page 1 of 2" in html and "status=pending&amp;page=2" in html
    assert len(re.findall(r"/identity/review/[0-9a-f-]{36}/", html)) == 50
    second = client.get("/identity/review/", {"page": 2}).content.decode()
    assert "Page 2 of 2" in second


def test_the_pair_page_shows_both_records_and_audits_the_read(client_for: Callable[[User], Client],
                                                              candidate: MatchCandidate, officer_ba: User) -> None:
    response = client_for(officer_ba).get(f"/identity/review/{candidate.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Ахмади, Мухамед", "Ahmadi, Mohammad", "1999-03-14", "identical after transliteration",
                 "Same person", "Different persons", "0.82"):
        assert text in html, text
    assert "Which record stays" not in html  # not confirmed, and an officer does not merge
    assert AuditEntry.objects.filter(action="identity.candidate.read", object_id=str(candidate.pk)).count() == 1


def test_an_officer_decides_and_a_supervisor_merges_then_undoes(client_for: Callable[[User], Client],
                                                                candidate: MatchCandidate, officer_ba: User,
                                                                supervisor_ba: User) -> None:
    officer = client_for(officer_ba)
    url = f"/identity/review/{candidate.pk}/"
    response = officer.post(url + "decision/", {"decision": "same", "expected_status": "pending"})
    assert response.status_code == 302 and response["Location"] == url
    candidate.refresh_from_db()
    assert (candidate.status, candidate.decided_by) == (ReviewStatus.CONFIRMED, officer_ba)
    assert "Which record stays" not in officer.get(url).content.decode()
    assert officer.post(url + "merge/", {"survivor": str(candidate.person_b_id), "reason": "x"}).status_code == 403

    supervisor = client_for(supervisor_ba)
    assert "Which record stays" in supervisor.get(url).content.decode()
    missing = supervisor.post(url + "merge/", {"survivor": str(candidate.person_b_id), "reason": ""})
    assert missing.status_code == 422 and "This field is required." in missing.content.decode()
    response = supervisor.post(url + "merge/", {"survivor": str(candidate.person_b_id), "reason": "same passport"})
    merge = PersonMerge.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/identity/merges/{merge.pk}/"
    assert (merge.survivor_id, merge.merged_id) == (candidate.person_b_id, candidate.person_a_id)

    page = supervisor.get(f"/identity/merges/{merge.pk}/").content.decode()
    assert "In force" in page and "Mohammad" in page and "Мухамед" in page and "Undo merge" in page
    assert AuditEntry.objects.filter(action="identity.merge.read", object_id=str(merge.pk)).exists()
    listed = supervisor.get("/identity/merges/").content.decode()
    assert f"/identity/merges/{merge.pk}/" in listed
    history = supervisor.get("/identity/merges/", {"person": str(candidate.person_a_id)}).content.decode()
    assert f"/identity/merges/{merge.pk}/" in history

    response = supervisor.post(f"/identity/merges/{merge.pk}/undo/", {"reason": "twins"})
    assert response.status_code == 302
    merge.refresh_from_db()
    assert merge.undone_by == supervisor_ba and merge.undo_reason == "twins"
    again = supervisor.post(f"/identity/merges/{merge.pk}/undo/", {"reason": "twins"})
    assert again.status_code == 409 and "already undone" in again.content.decode()


def test_a_stale_decision_says_so_and_changes_nothing(client_for: Callable[[User], Client],
                                                      candidate: MatchCandidate, officer_ba: User,
                                                      supervisor_ba: User) -> None:
    registry.decide_candidate(actor=supervisor_ba, candidate_id=candidate.pk, same_person=False)
    response = client_for(officer_ba).post(f"/identity/review/{candidate.pk}/decision/",
                                           {"decision": "same", "expected_status": "pending"})
    assert response.status_code == 412
    assert "Someone else decided this pair meanwhile" in response.content.decode()
    candidate.refresh_from_db()
    assert (candidate.status, candidate.decided_by) == (ReviewStatus.REJECTED, supervisor_ba)


def test_a_rejected_pair_is_not_merged_from_the_page(client_for: Callable[[User], Client], candidate: MatchCandidate,
                                                     supervisor_ba: User) -> None:
    registry.decide_candidate(actor=supervisor_ba, candidate_id=candidate.pk, same_person=False)
    response = client_for(supervisor_ba).post(f"/identity/review/{candidate.pk}/merge/",
                                              {"survivor": str(candidate.person_a_id), "reason": "same"})
    assert response.status_code == 409
    assert "judged to be different persons" in response.content.decode()
    assert not PersonMerge.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("escort_ba", 403), ("officer_rs", 403),
                                                 ("officer_border_ba", 404)])
def test_the_wrong_role_country_and_institution_are_refused_on_every_page(
        client_for: Callable[[User], Client], candidate: MatchCandidate, officer_ba: User, supervisor_ba: User,
        request: pytest.FixtureRequest, persona: str, status: int) -> None:
    merge = confirmed_and_merged(make_pair(officer_ba, candidate.person_a.registering_institution), officer_ba,
                                 supervisor_ba)
    client = client_for(request.getfixturevalue(persona))
    lists = [client.get("/identity/review/"), client.get("/identity/merges/")]
    if status == 404:  # another institution of the same country: the lists are empty
        assert [r.status_code for r in lists] == [200, 200]
        assert str(candidate.pk) not in lists[0].content.decode()
        assert str(merge.pk) not in lists[1].content.decode()
    else:
        assert [r.status_code for r in lists] == [403, 403]
    assert client.get(f"/identity/review/{candidate.pk}/").status_code == status
    assert client.post(f"/identity/review/{candidate.pk}/decision/",
                       {"decision": "same", "expected_status": "pending"}).status_code == status
    assert client.get(f"/identity/merges/{merge.pk}/").status_code == status
    # Merging and undoing are a supervisor's: a case officer anywhere is refused by role.
    merge_status = 403
    assert client.post(f"/identity/review/{candidate.pk}/merge/",
                       {"survivor": str(candidate.person_a_id), "reason": "x"}).status_code == merge_status
    assert client.post(f"/identity/merges/{merge.pk}/undo/", {"reason": "x"}).status_code == merge_status
    candidate.refresh_from_db()
    assert candidate.status == ReviewStatus.PENDING
    assert PersonMerge.objects.get().undone_at is None


def test_a_supervisor_of_another_institution_cannot_merge_or_undo(
        client_for: Callable[[User], Client], candidate: MatchCandidate, officer_ba: User, supervisor_ba: User,
        supervisor_border_ba: User) -> None:
    registry.decide_candidate(actor=officer_ba, candidate_id=candidate.pk, same_person=True)
    merge = confirmed_and_merged(make_pair(officer_ba, candidate.person_a.registering_institution), officer_ba,
                                 supervisor_ba)
    client = client_for(supervisor_border_ba)
    assert client.post(f"/identity/review/{candidate.pk}/merge/",
                       {"survivor": str(candidate.person_a_id), "reason": "x"}).status_code == 404
    assert client.post(f"/identity/merges/{merge.pk}/undo/", {"reason": "x"}).status_code == 404
    assert PersonMerge.objects.filter(undone_at__isnull=True).count() == 1


def test_the_navigation_links_the_panel_and_the_queue_for_those_who_may(
        client_for: Callable[[User], Client], officer_ba: User, escort_ba: User) -> None:
    html = client_for(officer_ba).get("/identity/review/").content.decode()
    assert 'href="/identity/candidates/"' in html and 'href="/identity/review/"' in html
    home = client_for(escort_ba).get("/").content.decode()
    assert 'href="/identity/candidates/"' not in home and 'href="/identity/review/"' not in home


def test_the_person_pages_show_the_merge_and_link_its_history(
        client_for: Callable[[User], Client], candidate: MatchCandidate, officer_ba: User, supervisor_ba: User) -> None:
    client = client_for(officer_ba)
    assert "Merge history of this person" not in client.get(f"/people/{candidate.person_b_id}/").content.decode()
    merge = confirmed_and_merged(candidate, officer_ba, supervisor_ba)
    merged = client.get(f"/people/{candidate.person_b_id}/").content.decode()
    assert "This record is the same person as Ahmadi, Mohammad" in merged
    assert f'href="/people/{candidate.person_a_id}/"' in merged
    assert f'href="/identity/merges/?person={candidate.person_b_id}"' in merged
    kept = client.get(f"/people/{candidate.person_a_id}/").content.decode()
    assert "1 record was merged into this one." in kept and "same person as" not in kept
    registry.unmerge_persons(actor=supervisor_ba, merge_id=merge.pk, reason="twins")
    after = client.get(f"/people/{candidate.person_b_id}/").content.decode()
    assert "same person as" not in after and "Merge history of this person" in after
    history = client.get("/identity/merges/", {"person": str(candidate.person_b_id)}).content.decode()
    assert f"/identity/merges/{merge.pk}/" in history


def test_a_reader_who_does_not_review_sees_no_merge_on_the_person_page(
        client_for: Callable[[User], Client], candidate: MatchCandidate, officer_ba: User, supervisor_ba: User,
        sfa_ba: Institution) -> None:
    confirmed_and_merged(candidate, officer_ba, supervisor_ba)
    coordinator = make_user("coordinator_ba", sfa_ba, Role.RETURN_COORDINATOR)  # reads persons, reviews nothing
    response = client_for(coordinator).get(f"/people/{candidate.person_b_id}/")
    assert response.status_code == 200
    assert "same person as" not in response.content.decode() and "/identity/merges/" not in response.content.decode()
