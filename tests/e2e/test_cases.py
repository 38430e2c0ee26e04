"""Asylum and return in a real browser: the officer opens both cases, sees removal refused with
the safeguard named while the application is pending, and scheduled once it is finally rejected."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from korak.asylum import services as asylum
from korak.asylum.models import Application
from korak.asylum.rules import Step
from korak.organisations.models import User
from tests.e2e.helpers import LIVE_DB, Watched, screenshot, sign_in

pytestmark = LIVE_DB


@pytest.mark.browser
def test_removal_refused_while_asylum_is_pending_then_scheduled(watched: Watched, officer_ba: User,
                                                                person_ba: Any) -> None:
    page = watched.page
    sign_in(page, "officer_ba")
    nav = page.get_by_role("navigation", name="Main")

    nav.get_by_role("link", name="Asylum").click()
    page.get_by_role("link", name="Record an intention to seek asylum").click()
    page.get_by_role("searchbox", name="Find the person by name").fill("Ahmadi")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Choose").first.click()
    page.get_by_role("button", name="Open the application").click()
    expect(page.get_by_role("status")).to_contain_text("Application opened.")
    expect(page.get_by_test_id("state")).to_have_text("Intention expressed")
    page.get_by_role("button", name="Register the application").click()
    expect(page.get_by_test_id("state")).to_have_text("Registered")

    nav.get_by_role("link", name="Returns").click()
    page.get_by_role("link", name="Record a return decision").click()
    page.get_by_role("searchbox", name="Find the person by name").fill("Ahmadi")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Choose").first.click()
    page.get_by_role("textbox", name="Country of return (ISO 3166)").fill("AF")
    page.get_by_role("combobox", name="Risk (Art 7(4))").select_option("absconding")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("status")).to_contain_text("Return case opened.")
    case_url = page.url

    on = (timezone.localdate() + timedelta(days=20)).isoformat()
    # Steps with fields fold away under their name; steps without are plain buttons.
    page.locator("summary", has_text="Schedule the removal").click()
    page.locator("#id_schedule_removal-on").fill(on)
    page.get_by_role("button", name="Schedule the removal").click()
    refusal = page.get_by_test_id("refusal")
    expect(refusal).to_contain_text("Non-refoulement")
    expect(refusal).to_contain_text("Dir 2008/115/EC Art 5")
    expect(page.get_by_test_id("state")).to_have_text("Return decided")
    screenshot(page, "cases-01-removal-refused")

    application = Application.objects.get()
    for step in (Step.LODGE, Step.ADMIT):
        asylum.apply_step(actor=officer_ba, application_id=application.pk, step=step)
    asylum.apply_step(actor=officer_ba, application_id=application.pk, step=Step.DECIDE,
                      data=asylum.StepInput(outcome="rejected"))
    for step in (Step.NOTIFY, Step.MAKE_FINAL):
        asylum.apply_step(actor=officer_ba, application_id=application.pk, step=step)

    page.goto(case_url)
    page.locator("summary", has_text="Schedule the removal").click()
    page.locator("#id_schedule_removal-on").fill(on)
    page.get_by_role("button", name="Schedule the removal").click()
    expect(page.get_by_role("status")).to_contain_text("Recorded: Schedule the removal.")
    expect(page.get_by_test_id("state")).to_have_text("Removal scheduled")
    screenshot(page, "cases-02-removal-scheduled")
