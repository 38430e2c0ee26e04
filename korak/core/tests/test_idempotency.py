"""Idempotency-Key on API writes (DESIGN.md §6): a retried registration writes one person, one
case event and one audit entry, and answers exactly as the first time."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from korak.audit.models import AuditEntry
from korak.core.models import IdempotencyRecord
from korak.events.models import CaseEvent
from korak.organisations.models import User
from korak.people.models import Person

JSON = "application/json"
BODY = {"given_name": "Ali", "family_name": "Idempotentović", "birth_date": "1995", "nationalities": ["PK"]}


def post(client: Client, body: dict[str, Any], key: str | None) -> Any:
    headers = {} if key is None else {"HTTP_IDEMPOTENCY_KEY": key}
    return client.post("/api/people/", json.dumps(body), content_type=JSON, **headers)


def counts() -> tuple[int, int, int, int]:
    return (Person.objects.count(), CaseEvent.objects.filter(type="person_registered").count(),
            AuditEntry.objects.filter(action="people.person.register").count(), AuditEntry.objects.count())


@pytest.fixture
def officer(officer_ba: User, api_for: Callable[[User], Client]) -> Client:
    return api_for(officer_ba)


def test_same_key_and_body_replays_the_first_answer(officer: Client) -> None:
    before = counts()
    first = post(officer, BODY, "key-0001")
    assert first.status_code == 201
    assert not first.has_header("Idempotent-Replayed")
    after_first = counts()
    # One person, one event, one register entry; the response's read adds one read entry.
    assert after_first[:3] == (before[0] + 1, before[1] + 1, before[2] + 1)

    replay = post(officer, BODY, "key-0001")
    assert replay.status_code == 201
    assert replay["Idempotent-Replayed"] == "true"
    assert replay.content == first.content
    assert replay.json()["person"]["id"] == first.json()["person"]["id"]
    for header in ("ETag", "Location", "Content-Type"):
        assert replay[header] == first[header]
    assert counts() == after_first

    third = post(officer, BODY, "key-0001")
    assert third.content == first.content
    assert counts() == after_first
    assert Person.objects.filter(family_name="Idempotentović").count() == 1


def test_without_a_key_each_post_writes(officer: Client) -> None:
    """The control: without the header, a retry is a second registration."""
    assert post(officer, BODY, None).status_code == 201
    assert post(officer, BODY, None).status_code == 201
    assert Person.objects.filter(family_name="Idempotentović").count() == 2
    assert IdempotencyRecord.objects.count() == 0


def test_same_key_with_another_body_is_refused(officer: Client) -> None:
    first = post(officer, BODY, "key-0002")
    assert first.status_code == 201
    before = counts()
    response = post(officer, {**BODY, "given_name": "Someone else"}, "key-0002")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "idempotency_key_reused"
    assert set(error["fields"]) == {"Idempotency-Key"}
    assert counts() == before
    assert not Person.objects.filter(given_name="Someone else").exists()


def test_a_refused_request_is_replayed_as_refused(officer: Client) -> None:
    """A 4xx is an answer too: the same request with the same key gets the same refusal."""
    bad = {**BODY, "nationalities": ["XX"]}
    first = post(officer, bad, "key-0003")
    assert first.status_code == 422
    replay = post(officer, bad, "key-0003")
    assert (replay.status_code, replay.content) == (422, first.content)
    assert replay["Idempotent-Replayed"] == "true"
    assert Person.objects.count() == 0


@pytest.mark.parametrize("key", ["", "x" * 256, "tab\there"])
def test_invalid_key_is_422(officer: Client, key: str) -> None:
    before = counts()
    response = post(officer, BODY, key)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "Idempotency-Key" in error["fields"]
    assert counts() == before
    assert IdempotencyRecord.objects.count() == 0


def test_longest_valid_key_is_accepted(officer: Client) -> None:
    response = post(officer, BODY, "k" * 255)
    assert response.status_code == 201
    assert IdempotencyRecord.objects.get().status_code == 201


def test_keys_are_per_principal(officer: Client, supervisor_ba: User, api_for: Callable[[User], Client]) -> None:
    """Another user who happens to pick the same key gets their own write, not the first answer."""
    mine = post(officer, BODY, "shared-key")
    theirs = post(api_for(supervisor_ba), BODY, "shared-key")
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert not theirs.has_header("Idempotent-Replayed")
    assert mine.json()["person"]["id"] != theirs.json()["person"]["id"]
    assert Person.objects.filter(family_name="Idempotentović").count() == 2
    assert Person.objects.get(pk=theirs.json()["person"]["id"]).registered_by == supervisor_ba
    assert IdempotencyRecord.objects.filter(key="shared-key").count() == 2


def test_session_principal_replays_too(officer_ba: User, client_for: Callable[[User], Client]) -> None:
    browser = client_for(officer_ba)
    first = post(browser, BODY, "browser-key")
    replay = post(browser, BODY, "browser-key")
    assert first.status_code == 201
    assert (replay.status_code, replay["Idempotent-Replayed"]) == (201, "true")
    assert Person.objects.filter(family_name="Idempotentović").count() == 1


def test_edit_with_a_key_is_applied_once(officer: Client, person_ba: Person) -> None:
    body = {"given_name": "Мухамед", "family_name": "Ахмади-Хасани", "birth_date": "1999"}
    url = f"/api/people/{person_ba.id}"
    first = officer.put(url, body, content_type=JSON, HTTP_IF_MATCH='"1"', HTTP_IDEMPOTENCY_KEY="edit-1")
    replay = officer.put(url, body, content_type=JSON, HTTP_IF_MATCH='"1"', HTTP_IDEMPOTENCY_KEY="edit-1")
    assert first.status_code == 200
    # Without the key the retry would be a 412 (version 1 is stale by now); with it, the first answer.
    assert (replay.status_code, replay.content, replay["ETag"]) == (200, first.content, '"2"')
    person_ba.refresh_from_db()
    assert person_ba.version == 2
    assert CaseEvent.objects.filter(case_id=person_ba.id, type="person_edited").count() == 1


def test_get_ignores_the_key(officer: Client, person_ba: Person) -> None:
    response = officer.get(f"/api/people/{person_ba.id}", HTTP_IDEMPOTENCY_KEY="")
    assert response.status_code == 200
    assert IdempotencyRecord.objects.count() == 0
