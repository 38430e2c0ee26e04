"""The asylum API: status codes, the error shape, refusals for the wrong persona."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from korak.asylum.models import Application
from korak.events.models import CaseEvent
from korak.organisations.models import User


def _open(client: Client, person: Any) -> Any:
    return client.post("/api/asylum/", {"person_id": str(person.pk)}, content_type="application/json")


def test_open_read_and_step(api_for: Callable[[User], Client], officer_ba: User, person_ba: Any) -> None:
    client = api_for(officer_ba)
    opened = _open(client, person_ba)
    assert opened.status_code == 201, opened.content
    body = opened.json()
    assert body["state"] == "intention_expressed" and body["next_steps"] == ["register", "withdraw"]
    assert [e["type"] for e in body["events"]] == ["asylum.intention_expressed"]
    stepped = client.post(f"/api/asylum/{body['id']}/steps", {"step": "register", "version": 1},
                          content_type="application/json")
    assert stepped.status_code == 200 and stepped.json()["state"] == "registered"
    assert stepped.json()["deadlines"], "registration starts the lodging clock"
    listed = client.get("/api/asylum/")
    assert [row["id"] for row in listed.json()] == [body["id"]]


def test_a_step_out_of_order_is_a_409(api_for: Callable[[User], Client], officer_ba: User, person_ba: Any) -> None:
    client = api_for(officer_ba)
    application_id = _open(client, person_ba).json()["id"]
    refused = client.post(f"/api/asylum/{application_id}/steps", {"step": "decide", "outcome": "rejected"},
                          content_type="application/json")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "step_not_allowed"


def test_a_stale_version_is_a_412(api_for: Callable[[User], Client], officer_ba: User, person_ba: Any) -> None:
    client = api_for(officer_ba)
    application_id = _open(client, person_ba).json()["id"]
    client.post(f"/api/asylum/{application_id}/steps", {"step": "register"}, content_type="application/json")
    stale = client.post(f"/api/asylum/{application_id}/steps", {"step": "lodge", "version": 1},
                        content_type="application/json")
    assert stale.status_code == 412


@pytest.mark.parametrize(("body", "field"), [
    ({"step": "fly"}, "step"),
    ({"step": "decide", "outcome": "maybe"}, "outcome"),
    ({"step": "schedule_interview", "interpreter_language": "Pashto"}, "interpreter_language"),
])
def test_bad_input_is_a_422_naming_the_field(body: dict[str, Any], field: str, api_for: Callable[[User], Client],
                                            officer_ba: User, person_ba: Any) -> None:
    client = api_for(officer_ba)
    application_id = _open(client, person_ba).json()["id"]
    response = client.post(f"/api/asylum/{application_id}/steps", body, content_type="application/json")
    assert response.status_code == 422 and field in response.json()["error"]["fields"]
    assert CaseEvent.objects.filter(case_id=application_id).count() == 1


# Another country's officer holds no role on this node at all: a 403, like the wrong role.
@pytest.mark.parametrize(("persona", "status"), [("officer_border_ba", 404), ("officer_rs", 403), ("escort_ba", 403)])
def test_the_wrong_persona_is_refused_on_every_operation(persona: str, status: int, request: pytest.FixtureRequest,
                                                         api_for: Callable[[User], Client], officer_ba: User,
                                                         person_ba: Any) -> None:
    application_id = _open(api_for(officer_ba), person_ba).json()["id"]
    stranger = api_for(request.getfixturevalue(persona))
    assert stranger.get(f"/api/asylum/{application_id}").status_code == status
    assert stranger.post(f"/api/asylum/{application_id}/steps", {"step": "register"},
                         content_type="application/json").status_code == status
    assert _open(stranger, person_ba).status_code in {403, 404}
    listed = stranger.get("/api/asylum/")
    assert listed.status_code == 403 or listed.json() == []
    assert Application.objects.get().state == "intention_expressed" and Application.objects.count() == 1
