"""A return operation in a real browser: the coordinator confirms once every condition is met;
the independent monitor writes and submits the report, which nobody can change afterwards."""

import re
from collections.abc import Callable, Iterator

import pytest
import time_machine
from playwright.sync_api import expect

from korak.operations.models import MonitoringReport, Operation
from korak.operations.tests.conftest import (  # noqa: F401 -- fixtures, found by pytest by name
    NOW,
    add_person,
    case_for,
    certify,
    coordinator_ba,
    escort_curriculum,
    monitor_ba,
    ombudsman_ba,
    planned,
    ready,
)
from korak.organisations.models import User
from tests.e2e.helpers import LIVE_DB, Watched, screenshot, sign_in

pytestmark = LIVE_DB


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    """The operation's fixed dates stay in the future: the flow runs on the fixtures' day, with the
    clock ticking so that the browser's waits and the server's timestamps still move forward."""
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.mark.browser
def test_coordinator_confirms_and_monitor_submits_a_report_nobody_can_change(
    new_page: Callable[..., Watched], coordinator_ba: User, monitor_ba: User, ready: Operation,  # noqa: F811
) -> None:
    coordinator = new_page()
    page = coordinator.page
    sign_in(page, "coordinator_ba")
    page.goto("/operations/")
    page.get_by_role("link", name=ready.reference).click()
    expect(page.get_by_role("heading", level=2, name="Conditions of confirmation")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Every condition is met")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("status").first).to_contain_text("Confirmed")
    screenshot(page, "operations-01-confirmed")
    assert Operation.objects.get(pk=ready.pk).state == "confirmed"

    monitor = new_page()
    page = monitor.page
    sign_in(page, "monitor_ba")
    page.goto(f"/operations/{ready.pk}/")
    page.get_by_role("button", name="Write or correct my report").click()
    expect(page).to_have_url(re.compile(r"/operations/reports/[0-9a-f-]{36}/edit/$"))
    page.get_by_label("Hand-over", exact=True).fill("Handed over calmly; no restraint used.")
    page.get_by_label("Recommendations").fill("Give every returnee the complaint form in writing.")
    page.get_by_role("button", name="Submit (final)").click()
    expect(page.get_by_role("status").first).to_contain_text("can no longer be changed")
    expect(page.locator("[data-status]")).to_have_text("Open: no response yet")
    screenshot(page, "operations-02-report-submitted")

    report = MonitoringReport.objects.get(operation=ready)
    page.goto(f"/operations/reports/{report.pk}/edit/")
    expect(page.get_by_role("status").first).to_contain_text("cannot be changed")
    expect(page.get_by_role("link", name="Edit the draft")).to_have_count(0)
    assert MonitoringReport.objects.get(pk=report.pk).handover == "Handed over calmly; no restraint used."
    assert coordinator.messages == [] and monitor.messages == []


