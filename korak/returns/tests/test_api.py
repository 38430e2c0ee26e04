"""The returns API: status codes, the error shape, the safeguard's name and article in a
refusal, and refusals for the wrong persona."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from korak.asylum import services as asylum
from korak.events.models import CaseEvent
from korak.organisations.models import User
from korak.returns.models import ReturnCase


def _open(client: Client, person: Any, **extra: Any) -> Any:
    body = {"person_id": str(person.pk), "country_of_return": "AF", "voluntary_departure_days": 7} | extra
    return client.post("/api/returns/", body, content_type="application/json")


def test_open_read_and_step(api_for: Callable[[User], Client], officer_ba: User, person_ba: Any) -> None:
    client = api_for(officer_ba)
    opened = _open(client, person_ba)
    assert opened.status_code == 201, opened.content
    body = opened.json()
    assert body["state"] == "decided" and body["readiness"]["ready"] is False
    assert "schedule_removal" in body["next_steps"]
    stepped = client.post(f"/api/returns/{body['id']}/steps", {"step": "request_identification", "version": 1},
                          content_type="application/json")
    assert stepped.status_code == 200, stepped.content
    assert [r["kind"] for r in stepped.json()["requests"]] == ["identification"]
    assert client.get("/api/returns/identification/response-times").json()[0]["pending"] == 1
    assert client.get("/api/returns/ready").json() == []


def test_a_safeguard_refusal_names_the_safeguard_and_the_article(
        api_for: Callable[[User], Client], officer_ba: User, person_ba: Any, sfa_ba: Any) -> None:
    asylum.express_intention(actor=officer_ba, person=person_ba, institution=sfa_ba)
    client = api_for(officer_ba)
    case_id = _open(client, person_ba, voluntary_departure_days=None, risk="absconding").json()["id"]
    refused = client.post(f"/api/returns/{case_id}/steps", {"step": "schedule_removal", "on": "2099-01-01"},
                          content_type="application/json")
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "non_refoulement"
    assert "Non-refoulement" in error["message"] and "Dir 2008/115/EC Art 5" in error["message"]
    assert ReturnCase.objects.get().state == "decided"


@pytest.mark.parametrize(("body", "field"), [
    ({"step": "schedule_removal", "on": "tomorrow"}, "on"),
    ({"step": "extend_detention", "months": 40}, "months"),
    ({"step": "record_risk", "reason": "looks suspicious"}, "reason"),
    ({"step": "request_identification", "country": "Afghanistan"}, "country"),
])
def test_bad_input_is_a_422_naming_the_field(body: dict[str, Any], field: str, api_for: Callable[[User], Client],
                                            officer_ba: User, person_ba: Any) -> None:
    client = api_for(officer_ba)
    case_id = _open(client, person_ba).json()["id"]
    response = client.post(f"/api/returns/{case_id}/steps", body, content_type="application/json")
    assert response.status_code == 422 and field in response.json()["error"]["fields"]
    assert CaseEvent.objects.filter(case_id=case_id).count() == 1


def test_a_decision_without_a_period_must_name_the_risk(api_for: Callable[[User], Client], officer_ba: User,
                                                       person_ba: Any) -> None:
    response = _open(api_for(officer_ba), person_ba, voluntary_departure_days=None)
    assert response.status_code == 422 and "risk" in response.json()["error"]["fields"]
    assert not ReturnCase.objects.exists()


# Another country's officer holds no role on this node at all: a 403, like the wrong role.
@pytest.mark.parametrize(("persona", "status"), [("officer_border_ba", 404), ("officer_rs", 403), ("escort_ba", 403)])
def test_the_wrong_persona_is_refused_on_every_operation(persona: str, status: int, request: pytest.FixtureRequest,
                                                         api_for: Callable[[User], Client], officer_ba: User,
                                                         person_ba: Any) -> None:
    case_id = _open(api_for(officer_ba), person_ba).json()["id"]
    stranger = api_for(request.getfixturevalue(persona))
    assert stranger.get(f"/api/returns/{case_id}").status_code == status
    assert stranger.post(f"/api/returns/{case_id}/steps", {"step": "record_risk", "reason": "absconding"},
                         content_type="application/json").status_code == status
    assert _open(stranger, person_ba).status_code in {403, 404}
    for path in ("/api/returns/", "/api/returns/ready"):
        listed = stranger.get(path)
        assert listed.status_code == 403 or listed.json() == []
    assert ReturnCase.objects.count() == 1 and ReturnCase.objects.get().version == 1
