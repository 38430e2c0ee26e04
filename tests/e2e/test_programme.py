"""The programme registry in a real browser: a coordinator checks officials in (htmx swaps the
cell), and anyone verifies a certificate by its code without signing in."""

from datetime import date

import pytest
from playwright.sync_api import expect

from korak.organisations.models import Institution, Role
from korak.programme import services
from korak.programme.models import Certificate
from tests.e2e.helpers import LIVE_DB, Watched, screenshot, sign_in
from tests.personas import make_user

pytestmark = LIVE_DB


@pytest.mark.browser
def test_coordinator_checks_in_and_public_verifies(watched: Watched, ministry_ba: Institution,
                                                    sfa_ba: Institution) -> None:
    coordinator = make_user("coordinator", ministry_ba, Role.PROGRAMME_COORDINATOR)
    programme = services.create_programme(actor=coordinator, code="wb", title="Programme",
                                          period_start=date(2026, 1, 1), period_end=date(2026, 12, 31))
    activity = services.create_activity(
        actor=coordinator, programme_id=programme.id, institution=ministry_ba,
        data=services.ActivityData(kind="training", title="Escort training", country="BA",
                                   starts_on=date(2026, 3, 2), ends_on=date(2026, 3, 3)))
    services.add_session(actor=coordinator, activity_id=activity.id, on=date(2026, 3, 2))
    official = services.create_official(actor=coordinator, data=services.OfficialData(
        given_name="Амра", family_name="Хоџић", institution_id=sfa_ba.id))
    services.register(actor=coordinator, activity_id=activity.id, official_id=official.id)
    curriculum = services.create_curriculum(actor=coordinator, code="escort-officer", title="Escort officer")
    Certificate.objects.create(official=official, curriculum=curriculum, code="ABCDEFGHJKLMNPQR",
                               issued_on=date(2026, 3, 3), valid_until=date(2099, 3, 3), issued_by=coordinator)

    page = watched.page
    sign_in(page, "coordinator")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programme").click()
    page.get_by_role("link", name="Escort training").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Escort training")
    page.get_by_role("button", name="Check in").click()
    expect(page.locator("table.attendance .present")).to_have_count(1)
    screenshot(page, "programme-attendance")
    assert official.attendances.count() == 1

    public = watched.page.context.browser.new_context(base_url=page.url.split("/programme")[0]).new_page()
    public.goto("/programme/verify/")
    public.get_by_role("textbox", name="Verification code").fill("abcd-efgh-jklm-npqr")
    public.get_by_role("button", name="Verify").click()
    expect(public.locator(".verification")).to_contain_text("Амра Хоџић")
    expect(public.locator(".verification")).to_contain_text("Valid")
    screenshot(public, "programme-verify")
    public.context.close()
    assert watched.csp_violations() == []
