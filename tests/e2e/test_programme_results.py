"""The programme's results in a real browser: a statistician reads the indicators and the
highlights report with its chart; a coordinator publishes it and anyone can then read it."""

from datetime import date

import pytest
from playwright.sync_api import expect

from korak.organisations.models import Institution, Role
from korak.programme import services
from tests.e2e.helpers import LIVE_DB, Watched, screenshot, sign_in
from tests.personas import make_user

pytestmark = LIVE_DB


@pytest.mark.browser
def test_indicators_report_and_publication(watched: Watched, ministry_ba: Institution, sfa_ba: Institution) -> None:
    coordinator = make_user("coordinator", ministry_ba, Role.PROGRAMME_COORDINATOR)
    make_user("statistician", ministry_ba, Role.STATISTICIAN)
    programme = services.create_programme(actor=coordinator, code="wb", title="Regional programme",
                                          period_start=date(2025, 1, 1), period_end=date(2026, 12, 31))
    for country, day in (("BA", date(2025, 3, 2)), ("ME", date(2025, 11, 4))):
        activity = services.create_activity(
            actor=coordinator, programme_id=programme.id, institution=ministry_ba,
            data=services.ActivityData(kind="training", title=f"Training in {country}", country=country,
                                       starts_on=day, ends_on=day, place="Sarajevo" if country == "BA" else "Budva"))
        session = services.add_session(actor=coordinator, activity_id=activity.id, on=day)
        for n in range(3):
            official = services.create_official(actor=coordinator, data=services.OfficialData(
                given_name=f"Ime{n}", family_name=f"Prezime{country}", institution_id=sfa_ba.id, sex="female"))
            services.check_in(actor=coordinator, session_id=session.id, official_id=official.id)

    page = watched.page
    sign_in(page, "statistician")
    page.goto("/programme/results/indicators/")
    expect(page.get_by_role("heading", level=2, name="Unique participants: 6")).to_be_visible()
    expect(page.get_by_text("Every breakdown sums to its total.")).to_be_visible()
    screenshot(page, "programme-indicators")
    page.goto("/programme/results/highlights/?lang=en")
    expect(page.locator("figure.chart svg rect[fill]").first).to_be_visible()
    expect(page.locator(".figure[data-code='activities'] dd").first).to_have_text("2")
    screenshot(page, "programme-highlights")
    assert watched.csp_violations() == []

    base = page.url.split("/programme")[0]
    public = page.context.browser.new_context(base_url=base).new_page()
    assert public.goto("/programme/results/public/wb/").status == 404
    organiser = page.context.browser.new_context(base_url=base).new_page()
    sign_in(organiser, "coordinator")
    organiser.goto("/programme/results/highlights/")
    organiser.get_by_role("button", name="Publish the report").click()
    expect(organiser.get_by_text("The report is public now.")).to_be_visible()
    organiser.context.close()
    public.goto("/programme/results/public/wb/?lang=bs")
    expect(public.locator(".figure[data-code='unique_participants'] dd").first).to_have_text("6")
    public.context.close()
