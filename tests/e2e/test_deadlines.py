"""The deadline board in a real browser: a case officer finds an overdue registration and reads
why it is due when it is."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from korak.organisations.models import Institution, User
from korak.timelines.tests.cases import Case
from tests.e2e.helpers import LIVE_DB, Watched, screenshot, sign_in

pytestmark = LIVE_DB


@pytest.mark.browser
def test_officer_finds_an_overdue_deadline_and_its_explanation(watched: Watched, officer_ba: User,
                                                               sfa_ba: Institution) -> None:
    case = Case(officer_ba, sfa_ba, officer=officer_ba)
    made = (timezone.now() - timedelta(days=20)).replace(microsecond=0)
    case.event("asylum.intention_expressed", made.isoformat(), jurisdiction="EU")
    page = watched.page
    sign_in(page, "officer_ba")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Deadlines").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Deadlines")
    expect(page.locator("figure.chart svg")).to_be_visible()
    overdue = page.get_by_role("table", name="Deadlines overdue")
    expect(overdue).to_contain_text("Regulation (EU) 2024/1348, Art. 27(1)")
    screenshot(page, "deadlines-board")
    page.locator("#id_case_kind").select_option("return")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Nothing is overdue.")).to_be_visible()
    page.go_back()
    title = "Register the application for international protection"
    page.get_by_role("table", name="Deadlines overdue").get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=2, name="Why this date")).to_be_visible()
    expect(page.locator("ol.explanation")).to_contain_text("Legal basis: Regulation (EU) 2024/1348, Art. 27(1).")
