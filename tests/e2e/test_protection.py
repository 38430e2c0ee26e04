"""Protection in a real browser: a protection officer screens a person, records consent and
refers them; the partner finds the referral and sees only it; a supervisor sees only that
special procedural guarantees apply."""

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from korak.organisations.models import Country, Institution, Role, User
from korak.people.models import Person
from tests.e2e.helpers import LIVE_DB, Watched, screenshot, sign_in
from tests.personas import make_user

pytestmark = LIVE_DB
NOTES = "Synthetic notes 5KQ2: asks for a woman interviewer."


@pytest.mark.browser
def test_screen_refer_and_the_partner_sees_only_the_referral(
        new_page: Callable[..., Watched], ba: Country, sfa_ba: Institution, supervisor_ba: User,
        person_ba: Person) -> None:
    make_user("protection_ba", sfa_ba, Role.PROTECTION_OFFICER)
    ngo = Institution.objects.create(name="Women's Counselling NGO (test)", short_name="WC", kind="ngo", country=ba)
    make_user("partner_ba", ngo, Role.REFERRAL_PARTNER)

    officer = new_page()
    page = officer.page
    sign_in(page, "protection_ba")
    page.goto(f"/people/{person_ba.id}/")
    expect(page.locator(".protection-notice")).to_contain_text("Not screened yet.")
    page.get_by_role("link", name="Open the protection panel").click()
    page.get_by_role("link", name="Record a screening").click()
    page.get_by_role("checkbox", name="Was attacked or abused because of their sex or gender, including sexual "
                                       "violence").check()
    page.get_by_role("textbox", name="Notes").fill(NOTES)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Special procedural guarantees apply.")).to_be_visible()
    expect(page.get_by_text("An interviewer and interpreter of the same sex, if the person asks")).to_be_visible()
    expect(page.locator("main")).to_contain_text(NOTES)

    # Without consent the referral is refused, with the reason on the form.
    page.get_by_role("link", name="Refer to a partner").click()
    page.get_by_role("combobox", name="Service").select_option("psychosocial")
    page.get_by_role("textbox", name="What is needed").fill("Counselling in Farsi")
    page.get_by_role("textbox", name="How to reach the person").fill("Reception desk")
    page.get_by_role("textbox", name="When to reach them").fill("Weekdays 10-14")
    page.get_by_role("textbox", name="Language").fill("fa")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").first).to_contain_text("has not agreed")
    page.get_by_role("link", name=person_ba.family_name_latin, exact=False).click()
    page.get_by_role("link", name="Record a consent").click()
    page.get_by_role("combobox", name="The person agrees to be referred for").select_option("psychosocial")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Refer to a partner").click()
    page.get_by_role("combobox", name="Service").select_option("psychosocial")
    page.get_by_role("textbox", name="What is needed").fill("Counselling in Farsi")
    page.get_by_role("textbox", name="How to reach the person").fill("Reception desk")
    page.get_by_role("textbox", name="When to reach them").fill("Weekdays 10-14")
    page.get_by_role("textbox", name="Language").fill("fa")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Referral sent.")).to_be_visible()
    screenshot(page, "protection-panel")
    assert officer.csp_violations() == []

    partner = new_page()
    sign_in(partner.page, "partner_ba")
    partner.page.get_by_role("link", name="Referrals received", exact=True).click()
    partner.page.locator("main table a").first.click()
    main: Any = partner.page.locator("main")
    expect(main).to_contain_text("Counselling in Farsi")
    expect(main).not_to_contain_text(NOTES)
    expect(main).not_to_contain_text(person_ba.family_name_latin)
    partner.page.get_by_role("combobox", name="Answer").select_option("accepted")
    partner.page.get_by_role("button", name="Send answer").click()
    expect(partner.page.get_by_text("Answer saved.")).to_be_visible()
    assert partner.csp_violations() == []

    supervisor = new_page()
    sign_in(supervisor.page, "supervisor_ba")
    supervisor.page.goto(f"/people/{person_ba.id}/")
    expect(supervisor.page.locator(".protection-notice")).to_contain_text("Special procedural guarantees apply.")
    supervisor.page.get_by_role("link", name="Open the protection panel").click()
    expect(supervisor.page.locator("main")).not_to_contain_text(NOTES)
    expect(supervisor.page.locator("main")).not_to_contain_text("sexual violence")
