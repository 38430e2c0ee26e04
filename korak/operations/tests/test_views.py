"""The HTML pages: the gate's checklist, the monitor's workspace as a person uses it, and the
refusals for the wrong institution, role and country."""

from collections.abc import Callable

import pytest
from django.test import Client

from korak.operations import services
from korak.operations.models import MonitoringReport, Operation, Returnee
from korak.organisations.models import Institution, User

Browser = Callable[[User], Client]


def test_list_and_detail_show_the_unmet_conditions(client_for: Browser, coordinator_ba: User,
                                                   planned: Operation) -> None:
    client = client_for(coordinator_ba)
    assert planned.reference in client.get("/operations/").content.decode()
    page = client.get(f"/operations/{planned.pk}/").content.decode()
    assert "No independent monitor is assigned." in page and "Dir 2008/115/EC Art 8(6)" in page


def test_confirm_button_refused_then_succeeds(client_for: Browser, coordinator_ba: User, ready: Operation,
                                              monitor_police_ba: User, border_ba: Institution) -> None:
    client = client_for(coordinator_ba)
    monitor = ready.monitor_assignments.get()
    monitor.delete()
    services.assign_monitor(actor=coordinator_ba, operation_id=ready.pk, monitor=monitor_police_ba,
                            institution=border_ba)
    page = client.post(f"/operations/{ready.pk}/confirm/", follow=True).content.decode()
    assert "cannot be confirmed" in page and "independent body" in page
    assert Operation.objects.get(pk=ready.pk).state == "planned"


def test_plan_form_names_the_field(client_for: Browser, coordinator_ba: User) -> None:
    response = client_for(coordinator_ba).post("/operations/plan/", {
        "reference": "OP-9", "kind": "charter", "cooperation": "national", "destination_country": "PK",
        "first_day": "2026-10-05", "last_day": "2026-10-01"})
    assert response.status_code == 422
    assert "The last day cannot come before the first day." in response.content.decode()
    assert not Operation.objects.exists()


def test_restraint_form_refused_without_justification(client_for: Browser, escort_ba: User, ready: Operation,
                                                      coordinator_ba: User) -> None:
    services.confirm_operation(actor=coordinator_ba, operation_id=ready.pk)
    returnee = Returnee.objects.get(operation=ready)
    response = client_for(escort_ba).post(f"/operations/{ready.pk}/log/add/", {
        "phase": "pre_departure", "kind": "restraint", "occurred_at": "2026-09-01T08:30",
        "returnee": str(returnee.pk), "description": "Handcuffed.", "justification": ""})
    assert response.status_code == 422
    assert "individual-risk justification" in response.content.decode(), response.content.decode()[-3000:]
    assert not ready.log.exists()


@pytest.fixture
def submitted(ready: Operation, coordinator_ba: User, monitor_ba: User, client_for: Browser) -> MonitoringReport:
    services.confirm_operation(actor=coordinator_ba, operation_id=ready.pk)
    client = client_for(monitor_ba)
    started = client.post(f"/operations/{ready.pk}/report/")
    report = MonitoringReport.objects.get(operation=ready)
    assert started["Location"] == f"/operations/reports/{report.pk}/edit/"
    response = client.post(f"/operations/reports/{report.pk}/edit/", {
        "version": report.version, "handover": "Handed over at the border post.",
        "recommendations": "Give written information on complaints.\nNotify monitors ten days ahead.",
        "submit": "1"})
    assert response.status_code == 302, response.content.decode()
    return MonitoringReport.objects.get(pk=report.pk)


def test_submitted_report_cannot_be_changed_through_the_ui(submitted: MonitoringReport, monitor_ba: User,
                                                           coordinator_ba: User, admin_ba: User, dpo_ba: User,
                                                           supervisor_ba: User, client_for: Browser) -> None:
    assert submitted.state == "submitted"
    change = {"version": submitted.version, "handover": "Rewritten.", "recommendations": ""}
    own = client_for(monitor_ba).post(f"/operations/reports/{submitted.pk}/edit/", change, follow=True)
    assert "cannot be changed" in own.content.decode()
    for user in (coordinator_ba, admin_ba, dpo_ba, supervisor_ba):
        assert client_for(user).post(f"/operations/reports/{submitted.pk}/edit/", change).status_code == 403
    assert MonitoringReport.objects.get(pk=submitted.pk).handover == "Handed over at the border post."


def test_recommendation_without_response_shows_as_open(submitted: MonitoringReport, coordinator_ba: User,
                                                       client_for: Browser) -> None:
    client = client_for(coordinator_ba)
    page = client.get(f"/operations/reports/{submitted.pk}/").content.decode()
    assert page.count('data-status="open"') == 2
    first = submitted.recommendations.get(number=1)
    client.post(f"/operations/recommendations/{first.pk}/respond/",
                {"status": "accepted", "text": "Leaflet in six languages.", "report": str(submitted.pk)})
    page = client.get(f"/operations/reports/{submitted.pk}/").content.decode()
    assert page.count('data-status="open"') == 1 and 'data-status="accepted"' in page


def test_published_page_is_public_and_redacted(submitted: MonitoringReport, monitor_ba: User,
                                               client_for: Browser) -> None:
    client_for(monitor_ba).post(f"/operations/reports/{submitted.pk}/publish/", {"redact": "border post"})
    page = Client().get(f"/operations/published/{submitted.pk}/")
    assert page.status_code == 200
    assert "border post" not in page.content.decode() and "Give written information" in page.content.decode()


@pytest.mark.parametrize(("persona", "status"), [
    ("coordinator_border_ba", 404), ("coordinator_rs", 403), ("officer_ba", 403), ("other_monitor_ba", 404),
])
def test_detail_refused(persona: str, status: int, ready: Operation, request: pytest.FixtureRequest,
                        client_for: Browser) -> None:
    assert client_for(request.getfixturevalue(persona)).get(f"/operations/{ready.pk}/").status_code == status


@pytest.mark.parametrize(("persona", "status"), [
    ("coordinator_border_ba", 404), ("coordinator_rs", 403), ("escort_ba", 403), ("monitor_ba", 403),
])
def test_planning_pages_refused(persona: str, status: int, ready: Operation, request: pytest.FixtureRequest,
                                client_for: Browser) -> None:
    client = client_for(request.getfixturevalue(persona))
    returnee = Returnee.objects.get(operation=ready)
    assert client.get(f"/operations/{ready.pk}/team/add/").status_code == status
    assert client.post(f"/operations/returnees/{returnee.pk}/assess/", {"risk_level": "high",
                                                                         "risk_reasons": "Wrong person"}
                       ).status_code == status
    assert Returnee.objects.get(pk=returnee.pk).risk_level == "medium"


def test_monitor_sees_assigned_operation_and_settings_need_a_supervisor(
        ready: Operation, monitor_ba: User, coordinator_ba: User, supervisor_ba: User,
        client_for: Browser) -> None:
    assert client_for(monitor_ba).get(f"/operations/{ready.pk}/").status_code == 200
    assert client_for(coordinator_ba).get("/operations/settings/").status_code == 403
    response = client_for(supervisor_ba).post("/operations/settings/", {
        "monitor_notice_days": 10, "serious_incident_report_hours": 12, "complaint_days": 20,
        "escorts_per_high_risk": 3, "escorts_per_medium_risk": 1, "low_risk_per_escort": 2})
    assert response.status_code == 302
    assert services.settings_for(ready.organising_institution_id).monitor_notice_days == 10


def test_returnee_added_from_the_ready_return_cases(client_for: Browser, coordinator_ba: User, planned: Operation,
                                                    person_ba: object, case_for: Callable[[object], object]) -> None:
    case = case_for(person_ba)
    client = client_for(coordinator_ba)
    page = client.get(f"/operations/{planned.pk}/returnees/add/").content.decode()
    assert str(case.pk) in page  # type: ignore[attr-defined]
    response = client.post(f"/operations/{planned.pk}/returnees/add/", {"return_case": str(case.pk)})  # type: ignore[attr-defined]
    assert response.status_code == 302
    assert Returnee.objects.get(operation=planned).return_case_id == case.pk  # type: ignore[attr-defined]
