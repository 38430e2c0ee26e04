"""The API: status codes, the error shape, and the refusal for the wrong institution, role and
country on each permission."""

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from korak.audit.models import AuditEntry
from korak.events.models import CaseEvent
from korak.operations import services
from korak.operations.models import MonitoringReport, Operation, Returnee
from korak.organisations.models import Institution, User

from .conftest import NOW

Api = Callable[[User], Client]


def post(client: Client, url: str, body: dict[str, Any] | None = None, **headers: str) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json", headers=headers)


def operation_body(**overrides: Any) -> dict[str, Any]:
    return {"reference": "OP-API-1", "kind": "scheduled_flight", "destination_country": "AF",
            "first_day": "2026-10-01", "last_day": "2026-10-02"} | overrides


def test_coordinator_plans_and_reads(api_for: Api, coordinator_ba: User) -> None:
    client = api_for(coordinator_ba)
    created = post(client, "/api/operations/", operation_body())
    assert created.status_code == 201, created.content
    operation_id = created.json()["id"]
    assert client.get(f"/api/operations/{operation_id}").json()["state"] == "planned"
    assert [o["id"] for o in client.get("/api/operations/").json()] == [operation_id]


def test_bad_input_is_422_naming_the_field_and_changes_nothing(api_for: Api, coordinator_ba: User) -> None:
    client = api_for(coordinator_ba)
    response = post(client, "/api/operations/", operation_body(kind="rocket", last_day="2026-09-01"))
    assert response.status_code == 422
    assert "kind" in response.json()["error"]["fields"]
    response = post(client, "/api/operations/", operation_body(last_day="2026-09-01"))
    assert response.status_code == 422 and "last_day" in response.json()["error"]["fields"]
    assert not Operation.objects.exists()


@pytest.mark.parametrize("persona", ["escort_ba", "coordinator_rs", "officer_ba", "monitor_ba"])
def test_only_coordinators_plan(persona: str, request: pytest.FixtureRequest, api_for: Api) -> None:
    response = post(api_for(request.getfixturevalue(persona)), "/api/operations/", operation_body())
    assert response.status_code in {403, 422}
    assert not Operation.objects.exists()


def test_confirmation_refusal_lists_every_condition_in_the_error_shape(api_for: Api, coordinator_ba: User,
                                                                       planned: Operation) -> None:
    response = post(api_for(coordinator_ba), f"/api/operations/{planned.pk}/confirm")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "confirmation_refused"
    assert {"monitor", "returnees", "escort_leader"} <= set(error["fields"])
    checklist = api_for(coordinator_ba).get(f"/api/operations/{planned.pk}/confirmation").json()
    assert {c["code"] for c in checklist} == set(error["fields"])


def test_confirm_succeeds_for_ready_operation(api_for: Api, coordinator_ba: User, ready: Operation) -> None:
    response = post(api_for(coordinator_ba), f"/api/operations/{ready.pk}/confirm")
    assert response.status_code == 200 and response.json()["state"] == "confirmed"


@pytest.mark.parametrize(("persona", "status"), [
    ("coordinator_border_ba", 404),  # another institution of the same country
    ("coordinator_rs", 403),  # another country: no role on this node at all
    ("escort_ba", 403),  # the right institution, a role that does not confirm
    ("monitor_ba", 403),
])
def test_confirm_refused_for_wrong_institution_role_country(persona: str, status: int, ready: Operation,
                                                            request: pytest.FixtureRequest, api_for: Api) -> None:
    response = post(api_for(request.getfixturevalue(persona)), f"/api/operations/{ready.pk}/confirm")
    assert response.status_code == status
    assert set(response.json()["error"]) == {"code", "message", "fields"}
    assert Operation.objects.get(pk=ready.pk).state == "planned"


@pytest.mark.parametrize(("persona", "status"), [
    ("coordinator_border_ba", 404), ("coordinator_rs", 403), ("officer_ba", 403), ("other_monitor_ba", 404),
])
def test_read_refused(persona: str, status: int, ready: Operation, request: pytest.FixtureRequest,
                      api_for: Api) -> None:
    assert api_for(request.getfixturevalue(persona)).get(f"/api/operations/{ready.pk}").status_code == status


def test_assigned_monitor_and_country_dpo_read(ready: Operation, monitor_ba: User, dpo_ba: User,
                                               api_for: Api, client_for: Callable[[User], Client]) -> None:
    assert api_for(monitor_ba).get(f"/api/operations/{ready.pk}").status_code == 200
    assert client_for(dpo_ba).get(f"/api/operations/{ready.pk}").status_code == 200


@pytest.mark.parametrize(("persona", "status"), [
    ("coordinator_border_ba", 404), ("coordinator_rs", 403), ("monitor_ba", 403),
])
def test_plan_changes_refused(persona: str, status: int, ready: Operation, request: pytest.FixtureRequest,
                              api_for: Api, person_ba: Any) -> None:
    client = api_for(request.getfixturevalue(persona))
    returnee = Returnee.objects.get(operation=ready)
    assert post(client, f"/api/operations/returnees/{returnee.pk}/assessment",
                {"risk_level": "high", "risk_reasons": "Changed by the wrong person"}).status_code == status
    assert post(client, f"/api/operations/{ready.pk}/team",
                {"role": "interpreter", "full_name": "X", "languages": ["ur"]}).status_code == status
    assert Returnee.objects.get(pk=returnee.pk).risk_level == "medium"


@pytest.fixture
def confirmed(ready: Operation, coordinator_ba: User) -> Operation:
    return services.confirm_operation(actor=coordinator_ba, operation_id=ready.pk)


def test_escort_logs_restraint_only_with_justification(confirmed: Operation, escort_ba: User, api_for: Api) -> None:
    client = api_for(escort_ba)
    returnee = Returnee.objects.get(operation=confirmed)
    body = {"phase": "pre_departure", "kind": "restraint", "description": "Cuffed.",
            "occurred_at": NOW.isoformat(), "returnee_id": str(returnee.pk)}
    refused = post(client, f"/api/operations/{confirmed.pk}/log", body)
    assert refused.status_code == 422 and "justification" in refused.json()["error"]["fields"]
    accepted = post(client, f"/api/operations/{confirmed.pk}/log",
                    body | {"justification": "High risk of violence assessed on 2026-08-30."})
    assert accepted.status_code == 201


@pytest.mark.parametrize(("persona", "status"), [
    ("coordinator_border_ba", 404), ("coordinator_rs", 403), ("monitor_ba", 403), ("supervisor_ba", 403),
])
def test_log_refused(persona: str, status: int, confirmed: Operation, request: pytest.FixtureRequest,
                     api_for: Api) -> None:
    body = {"phase": "pre_return", "kind": "event", "description": "Wrong person.", "occurred_at": NOW.isoformat()}
    assert post(api_for(request.getfixturevalue(persona)), f"/api/operations/{confirmed.pk}/log",
                body).status_code == status


def test_serious_incident_report_due_then_overdue(confirmed: Operation, escort_ba: User, api_for: Api) -> None:
    body = {"phase": "in_transit", "severity": "serious", "description": "Injury.", "occurred_at": NOW.isoformat()}
    created = post(api_for(escort_ba), f"/api/operations/{confirmed.pk}/incidents", body).json()
    assert created["overdue"] is False and created["report_due_at"] is not None
    with time_machine.travel(NOW + timedelta(hours=25), tick=False):
        filed = post(api_for(escort_ba), f"/api/operations/incidents/{created['id']}/report",
                     {"report": "Late report of the injury at the stopover."}).json()
    assert filed["report_filed_at"] is not None and filed["overdue"] is False
    assert CaseEvent.objects.get(type="incident_report_filed").payload["late"] is True


# ------------------------------------------------------------------ monitor workspace through the API


def monitor_writes_and_submits(client: Client, operation: Operation) -> dict[str, Any]:
    started = post(client, f"/api/operations/{operation.pk}/reports")
    assert started.status_code == 201, started.content
    report = started.json()
    saved = client.put(f"/api/operations/reports/{report['id']}", json.dumps(
        {"handover": "Orderly.", "recommendations": ["Tell returnees how to complain in writing."]}),
        content_type="application/json", headers={"If-Match": started["ETag"]})
    assert saved.status_code == 200, saved.content
    submitted = post(client, f"/api/operations/reports/{report['id']}/submit", {}, **{"If-Match": saved["ETag"]})
    assert submitted.status_code == 200
    body: dict[str, Any] = submitted.json()
    return body


def test_submitted_report_cannot_be_changed_through_the_api(confirmed: Operation, monitor_ba: User,
                                                            api_for: Api, coordinator_ba: User, admin_ba: User,
                                                            dpo_ba: User, client_for: Callable[[User], Client]
                                                            ) -> None:
    report = monitor_writes_and_submits(api_for(monitor_ba), confirmed)
    url = f"/api/operations/reports/{report['id']}"
    change = json.dumps({"handover": "Rewritten."})
    own = api_for(monitor_ba).put(url, change, content_type="application/json",
                                  headers={"If-Match": f'"{report["version"]}"'})
    assert own.status_code == 409 and own.json()["error"]["code"] == "report_submitted"
    for user in (coordinator_ba, admin_ba, dpo_ba):
        response = client_for(user).put(url, change, content_type="application/json", headers={"If-Match": '"3"'})
        assert response.status_code in {403, 404}
    assert MonitoringReport.objects.get(pk=report["id"]).handover == "Orderly."
    # Police and return staff read it; the read is audited.
    read = api_for(coordinator_ba).get(url)
    assert read.status_code == 200 and read.json()["handover"] == "Orderly."
    assert read.json()["recommendations"][0]["status"] == "open"
    assert AuditEntry.objects.filter(action="operations.monitoring_report.read", object_id=report["id"]).exists()


def test_recommendation_response_refused_for_wrong_personas(confirmed: Operation, monitor_ba: User, api_for: Api,
                                                            coordinator_ba: User, coordinator_rs: User,
                                                            coordinator_border_ba: User, escort_ba: User) -> None:
    report = monitor_writes_and_submits(api_for(monitor_ba), confirmed)
    recommendation = report["recommendations"][0]["id"]
    url = f"/api/operations/recommendations/{recommendation}/responses"
    body = {"status": "accepted", "text": "Leaflets printed in six languages."}
    assert post(api_for(coordinator_rs), url, body).status_code == 403
    assert post(api_for(coordinator_border_ba), url, body).status_code == 404
    assert post(api_for(escort_ba), url, body).status_code == 403
    assert post(api_for(monitor_ba), url, body).status_code == 403
    answered = post(api_for(coordinator_ba), url, body)
    assert answered.status_code == 201 and answered.json()["status"] == "accepted"


def test_draft_is_invisible_to_the_authority(confirmed: Operation, monitor_ba: User, coordinator_ba: User,
                                             api_for: Api) -> None:
    draft = post(api_for(monitor_ba), f"/api/operations/{confirmed.pk}/reports").json()
    assert api_for(coordinator_ba).get(f"/api/operations/reports/{draft['id']}").status_code == 404
    assert api_for(coordinator_ba).get(f"/api/operations/{confirmed.pk}/reports").json() == []


def test_published_version_is_redacted(confirmed: Operation, monitor_ba: User, coordinator_ba: User,
                                       api_for: Api) -> None:
    report = monitor_writes_and_submits(api_for(monitor_ba), confirmed)
    url = f"/api/operations/reports/{report['id']}/publish"
    assert post(api_for(coordinator_ba), url, {"redact": ["Orderly"]}).status_code == 403
    published = post(api_for(monitor_ba), url, {"redact": ["Orderly"]})
    assert published.status_code == 201 and "Orderly" not in json.dumps(published.json())
    assert post(api_for(monitor_ba), url, {}).status_code == 409


# ------------------------------------------------------------------ complaints


def test_complaint_lodged_and_decided_with_refusals(confirmed: Operation, coordinator_ba: User, monitor_ba: User,
                                                    monitor_rs: User, other_monitor_ba: User, api_for: Api,
                                                    ombudsman_ba: Institution, coordinator_rs: User,
                                                    monitor_police_ba: User) -> None:
    returnee = Returnee.objects.get(operation=confirmed)
    body = {"returnee_id": str(returnee.pk), "lodged_by": "returnee", "summary": "Cuffs too tight.",
            "handling_institution_id": str(ombudsman_ba.pk)}
    assert post(api_for(coordinator_rs), f"/api/operations/{confirmed.pk}/complaints", body).status_code == 403
    assert post(api_for(monitor_ba), f"/api/operations/{confirmed.pk}/complaints", body).status_code == 403
    lodged = post(api_for(coordinator_ba), f"/api/operations/{confirmed.pk}/complaints", body)
    assert lodged.status_code == 201
    url = f"/api/operations/complaints/{lodged.json()['id']}/decision"
    decision = {"outcome": "upheld", "reasons": "No individual risk supported the restraint."}
    assert post(api_for(coordinator_ba), url, decision).status_code == 403  # wrong role
    assert post(api_for(monitor_rs), url, decision).status_code == 403  # wrong country
    assert post(api_for(monitor_police_ba), url, decision).status_code == 404  # wrong institution
    decided = post(api_for(other_monitor_ba), url, decision)
    assert decided.status_code == 200 and decided.json()["outcome"] == "upheld"
    assert [c["id"] for c in api_for(monitor_ba).get("/api/operations/complaints/handled").json()] == [
        lodged.json()["id"]]


def test_lodging_refused_for_another_institution_and_oversight_for_another_country(
        confirmed: Operation, coordinator_border_ba: User, ombudsman_ba: Institution, api_for: Api,
        client_for: Callable[[User], Client], sfa_rs: Institution) -> None:
    from korak.organisations.models import Role
    from tests.personas import make_user

    returnee = Returnee.objects.get(operation=confirmed)
    body = {"returnee_id": str(returnee.pk), "lodged_by": "returnee", "summary": "Cuffs too tight.",
            "handling_institution_id": str(ombudsman_ba.pk)}
    assert post(api_for(coordinator_border_ba), f"/api/operations/{confirmed.pk}/complaints", body).status_code == 404
    dpo_rs = make_user("dpo_rs", sfa_rs, Role.DATA_PROTECTION_OFFICER, totp=True)
    assert client_for(dpo_rs).get(f"/api/operations/{confirmed.pk}").status_code == 403
    assert not confirmed.complaints.exists()
