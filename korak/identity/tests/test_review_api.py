"""The review API: the queue, a pair, a decision, merges and their undo; errors in the one shape,
naming the field, never a 500 on bad input; 404 for forbidden and missing alike. Synthetic people."""

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from korak.audit.models import AuditEntry
from korak.identity.linkage import registry
from korak.identity.models import MatchCandidate, PersonMerge, ReviewStatus
from korak.identity.tests.test_review_services import make_pair
from korak.organisations.models import Institution, Role, User
from tests.personas import make_user

JSON = "application/json"


@pytest.fixture
def candidate(officer_ba: User, sfa_ba: Institution) -> MatchCandidate:
    return make_pair(officer_ba, sfa_ba)


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type=JSON)


def test_queue_pair_decision_merge_and_undo(api_for: Callable[[User], Client], candidate: MatchCandidate,
                                            officer_ba: User, supervisor_ba: User) -> None:
    officer = api_for(officer_ba)
    queue = officer.get("/api/identity/review").json()
    assert queue["count"] == 1 and queue["totals"]["pending"] == 1
    assert queue["items"][0]["id"] == str(candidate.pk) and queue["items"][0]["score"] == 0.82

    pair = officer.get(f"/api/identity/review/{candidate.pk}").json()
    assert (pair["a"]["given_name"], pair["b"]["family_name"], pair["a"]["birth_date"]) == (
        "Mohammad", "Ахмади", "1999-03-14")
    assert {"field": "family_name", "level": "exact", "explanation": "identical after transliteration"} in \
        pair["agreements"]
    assert AuditEntry.objects.filter(action="identity.candidate.read").count() == 1

    decided = post(officer, f"/api/identity/review/{candidate.pk}/decision",
                   {"same_person": True, "expected_status": "pending"})
    assert decided.status_code == 200, decided.content
    assert (decided.json()["status"], decided.json()["decided_by"]) == ("confirmed", "officer_ba")
    stale = post(officer, f"/api/identity/review/{candidate.pk}/decision",
                 {"same_person": False, "expected_status": "pending"})
    assert stale.status_code == 412 and "expected_status" in stale.json()["error"]["fields"]

    supervisor = api_for(supervisor_ba)
    merged = post(supervisor, "/api/identity/merges", {"candidate_id": str(candidate.pk),
                                                       "survivor_id": str(candidate.person_a_id),
                                                       "reason": "same passport"})
    assert merged.status_code == 201, merged.content
    body = merged.json()
    assert body["merged_id"] == str(candidate.person_b_id) and body["snapshot"]["merged"]["given_name"] == "Мухамед"
    assert merged["Location"] == f"/api/identity/merges/{body['id']}"
    listed = officer.get("/api/identity/merges", {"person_id": str(candidate.person_b_id)}).json()
    assert [m["id"] for m in listed] == [body["id"]] and "snapshot" not in listed[0]
    assert officer.get(f"/api/identity/review/{candidate.pk}").json()["merge_id"] == body["id"]

    undone = post(supervisor, f"/api/identity/merges/{body['id']}/undo", {"reason": "twins"})
    assert undone.status_code == 200 and undone.json()["undone_by"] == "supervisor_ba"
    again = post(supervisor, f"/api/identity/merges/{body['id']}/undo", {"reason": "twins"})
    assert again.status_code == 409 and again.json()["error"]["message"] == "The merge is already undone."
    assert officer.get("/api/identity/merges", {"open_only": True}).json() == []


def test_a_rejected_pair_cannot_be_merged(api_for: Callable[[User], Client], candidate: MatchCandidate,
                                          supervisor_ba: User) -> None:
    registry.decide_candidate(actor=supervisor_ba, candidate_id=candidate.pk, same_person=False)
    response = post(api_for(supervisor_ba), "/api/identity/merges", {
        "candidate_id": str(candidate.pk), "survivor_id": str(candidate.person_a_id), "reason": "same"})
    assert response.status_code == 409
    assert "different persons" in response.json()["error"]["message"]
    assert not PersonMerge.objects.exists()


@pytest.mark.parametrize(("url", "body", "field"), [
    ("/api/identity/merges", {"candidate_id": "nope", "survivor_id": "x", "reason": "r"}, "candidate_id"),
    ("/api/identity/merges", {"survivor_id": str(uuid.uuid4()), "reason": "r"}, "candidate_id"),
    ("/api/identity/merges", {"candidate_id": "{candidate}", "survivor_id": str(uuid.uuid4()), "reason": "r"},
     "survivor_id"),
    ("/api/identity/merges", {"candidate_id": "{candidate}", "survivor_id": "{a}", "reason": ""}, "reason"),
    ("/api/identity/merges", {"candidate_id": "{candidate}", "survivor_id": "{a}", "reason": "  "}, "reason"),
    ("/api/identity/merges", {"candidate_id": "{candidate}", "survivor_id": "{a}", "reason": "x" * 501}, "reason"),
    ("/api/identity/merges", {"candidate_id": "{candidate}", "survivor_id": "{a}", "reason": "a\x00b"}, "reason"),
    ("/api/identity/review/{candidate}/decision", {"same_person": "perhaps"}, "same_person"),
    ("/api/identity/review/{candidate}/decision", {"same_person": True, "expected_status": "maybe"},
     "expected_status"),
])
def test_bad_input_is_a_422_naming_the_field(api_for: Callable[[User], Client], candidate: MatchCandidate,
                                             officer_ba: User, supervisor_ba: User, url: str, body: dict[str, Any],
                                             field: str) -> None:
    registry.decide_candidate(actor=officer_ba, candidate_id=candidate.pk, same_person=True)
    names = {"{candidate}": str(candidate.pk), "{a}": str(candidate.person_a_id)}
    for placeholder, value in names.items():
        url = url.replace(placeholder, value)
        body = {k: (value if v == placeholder else v) for k, v in body.items()}
    response = post(api_for(supervisor_ba), url, body)
    assert response.status_code == 422, response.content
    assert field in response.json()["error"]["fields"]
    assert not PersonMerge.objects.exists()


@pytest.mark.parametrize("query", [{"status": "nope"}, {"band": "x"}, {"limit": "0"}, {"institution_id": "x"}])
def test_bad_queue_filters_are_a_422(api_for: Callable[[User], Client], officer_ba: User,
                                     query: dict[str, str]) -> None:
    response = api_for(officer_ba).get("/api/identity/review", query)
    assert response.status_code == 422 and response.json()["error"]["fields"]


def test_an_institution_filter_outside_ones_reach_names_the_field(api_for: Callable[[User], Client],
                                                                  officer_ba: User, border_ba: Institution) -> None:
    response = api_for(officer_ba).get("/api/identity/review", {"institution_id": str(border_ba.pk)})
    assert response.status_code == 422 and "institution_id" in response.json()["error"]["fields"]


@pytest.mark.parametrize(("persona", "status"), [("escort_ba", 403), ("officer_rs", 403),
                                                 ("officer_border_ba", 404), ("supervisor_border_ba", 404)])
def test_the_wrong_role_country_and_institution_are_refused_on_every_operation(
        api_for: Callable[[User], Client], candidate: MatchCandidate, officer_ba: User, supervisor_ba: User,
        border_ba: Institution, persona: str, status: int, request: pytest.FixtureRequest) -> None:
    user = (make_user("supervisor_border_ba", border_ba, Role.SUPERVISOR) if persona == "supervisor_border_ba"
            else request.getfixturevalue(persona))
    other = make_pair(officer_ba, candidate.person_a.registering_institution)
    registry.decide_candidate(actor=officer_ba, candidate_id=other.pk, same_person=True)
    merge = registry.merge_persons(actor=supervisor_ba, survivor_id=other.person_a_id, merged_id=other.person_b_id,
                                   reason="same", candidate_id=other.pk)
    registry.decide_candidate(actor=officer_ba, candidate_id=candidate.pk, same_person=True)
    client = api_for(user)
    listed = [client.get("/api/identity/review"), client.get("/api/identity/merges")]
    if status == 404:
        assert listed[0].json()["count"] == 0 and listed[1].json() == []
    else:
        assert [r.status_code for r in listed] == [403, 403]
    responses = {
        "pair": client.get(f"/api/identity/review/{candidate.pk}"),
        "decide": post(client, f"/api/identity/review/{candidate.pk}/decision", {"same_person": False}),
        "merge": client.get(f"/api/identity/merges/{merge.pk}"),
        "do": post(client, "/api/identity/merges", {"candidate_id": str(candidate.pk),
                                                    "survivor_id": str(candidate.person_a_id), "reason": "x"}),
        "undo": post(client, f"/api/identity/merges/{merge.pk}/undo", {"reason": "x"}),
    }
    role_only = persona == "officer_border_ba"  # a case officer is refused merging by role
    expected = {name: (403 if role_only and name in ("do", "undo") else status) for name in responses}
    assert {name: r.status_code for name, r in responses.items()} == expected
    assert all(r.json()["error"]["code"] in ("forbidden", "not_found") for r in responses.values())
    candidate.refresh_from_db()
    assert candidate.status == ReviewStatus.CONFIRMED
    assert PersonMerge.objects.get().undone_at is None


def test_missing_and_forbidden_are_the_same_404(api_for: Callable[[User], Client], officer_ba: User) -> None:
    client = api_for(officer_ba)
    for url in (f"/api/identity/review/{uuid.uuid4()}", f"/api/identity/merges/{uuid.uuid4()}"):
        response = client.get(url)
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
