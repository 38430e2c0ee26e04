"""Who is this? An officer asks the candidates panel about a name in another script and
spelling and sees the registered person with why it fits. Synthetic people only."""

from typing import Any

import pytest
from playwright.sync_api import expect

from korak.organisations.models import User
from tests.e2e.helpers import LIVE_DB, Watched, screenshot, sign_in

pytestmark = LIVE_DB


@pytest.mark.browser
def test_officer_finds_a_cyrillic_record_from_a_latin_variant(watched: Watched, officer_ba: User,
                                                              person_ba: Any) -> None:
    page = watched.page
    sign_in(page, "officer_ba")
    page.goto("/identity/candidates/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Who is this?")
    page.get_by_role("textbox", name="Given names", exact=True).fill("Mohammed")
    page.get_by_role("textbox", name="Family name", exact=True).fill("Ahmadzai")
    page.get_by_role("textbox", name="Born", exact=True).fill("1999-01-01")
    page.get_by_role("button", name="Find candidates").click()
    table = page.get_by_role("table", name="Candidates, best fit first")
    expect(table).to_contain_text("Ahmadi, Muhamed")
    expect(table).to_contain_text("Ахмади, Мухамед")
    expect(table).to_contain_text("known spelling variant")
    expect(table).to_contain_text("Likely the same person")
    screenshot(page, "identity-01-candidates")
    assert watched.csp_violations() == []
