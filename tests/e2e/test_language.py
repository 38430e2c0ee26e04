"""The header's language switcher changes what the page says."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from korak.organisations.models import User
from tests.e2e.helpers import LIVE_DB, Watched, bosnian_compiled, screenshot, sign_in

pytestmark = LIVE_DB


@pytest.mark.browser
def test_switching_to_bosnian_changes_the_labels(watched: Watched, officer_ba: User) -> None:
    if not bosnian_compiled():
        pytest.skip("korak/locale/bs/LC_MESSAGES/django.mo missing: run `python -m korak.i18n compile`")
    with translation.override("bs"):
        people, sign_out = translation.gettext("People"), translation.gettext("Sign out")
    assert (people, sign_out) != ("People", "Sign out"), "the Bosnian catalogue translates neither label"

    page = watched.page
    sign_in(page, "officer_ba")
    nav = page.locator("header nav")  # its accessible name is translated too
    expect(nav.get_by_role("link", name="People", exact=True)).to_be_visible()

    page.get_by_role("combobox", name="Language").select_option("bs")
    page.locator("form.lang button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "bs")
    expect(nav.get_by_role("link", name=people, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=sign_out, exact=True)).to_be_visible()
    if people != "People":
        expect(nav.get_by_role("link", name="People", exact=True)).to_have_count(0)
    screenshot(page, "06-bosnian")

    # The choice stays for the next page.
    nav.get_by_role("link", name=people, exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "bs")
