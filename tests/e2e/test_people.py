"""Registering and finding people in a real browser, the way a case officer works."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django import forms
from django.utils import translation
from playwright.sync_api import Page, expect

from korak.organisations.models import User
from korak.people.models import Person
from tests.e2e.helpers import LIVE_DB, Watched, bosnian_compiled, screenshot, sign_in

pytestmark = LIVE_DB

DETAIL_URL = re.compile(r"/people/[0-9a-f-]{36}/$")


def register_dzenan(page: Page) -> None:
    """The record of flows 1 and 2: names typed in Cyrillic, a partly known birth date."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Register a person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register a person")
    page.get_by_role("textbox", name="Given names", exact=True).fill("Џенан")
    page.get_by_role("textbox", name="Family name", exact=True).fill("Хоџић")
    page.get_by_role("combobox", name="Sex", exact=True).select_option("male")
    page.get_by_role("textbox", name="Date of birth", exact=True).fill("1994-07")
    page.get_by_role("listbox", name="Nationalities", exact=True).select_option("AF")
    page.get_by_role("combobox", name="Document type", exact=True).select_option("passport")
    page.get_by_role("textbox", name="Document number", exact=True).fill("P 7654-321")
    page.get_by_role("combobox", name="Issuing country", exact=True).select_option("AF")
    page.get_by_role("button", name="Register", exact=True).click()


def expect_dzenan_detail(page: Page) -> None:
    expect(page).to_have_url(DETAIL_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hodžić, Dženan")
    expect(page.locator(".as-written")).to_contain_text("Хоџић, Џенан")
    expect(page.locator(".facts")).to_contain_text("1994-07")
    expect(page.locator(".facts")).to_contain_text("Afghanistan")
    expect(page.get_by_role("cell", name="P 7654-321")).to_be_visible()


@pytest.mark.browser
def test_officer_registers_in_cyrillic_and_finds_by_latin_live_search(
    watched: Watched, officer_ba: User, person_ba: Any
) -> None:
    page = watched.page
    sign_in(page, "officer_ba")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

    register_dzenan(page)
    expect(page.get_by_role("status")).to_contain_text("Person registered.")
    expect_dzenan_detail(page)
    screenshot(page, "01-registered-detail")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    results = page.locator("#results")
    # Before typing, the newest records are listed: both people, so narrowing them down shows
    # that the search ran.
    expect(results.get_by_role("link", name="Ahmadi, Muhamed")).to_be_visible()
    page.evaluate("window.korakSamePage = true")  # a full page load would forget this
    with page.expect_request(lambda r: r.method == "POST" and r.headers.get("hx-request") == "true") as request:
        page.get_by_role("searchbox", name="Name").press_sequentially("Dzenan Hodzic", delay=30)
    assert request.value.headers.get("hx-target") == "results"
    expect(results.get_by_role("link", name="Hodžić, Dženan")).to_be_visible()
    expect(results.get_by_role("link", name="Ahmadi, Muhamed")).to_have_count(0)
    expect(results.get_by_role("cell", name="Хоџић, Џенан")).to_be_visible()
    assert page.evaluate("window.korakSamePage") is True, "the results came with a page load, not a live swap"
    screenshot(page, "01-live-search")

    results.get_by_role("link", name="Hodžić, Dženan").click()
    expect_dzenan_detail(page)

    # Flow 7: the CSP forbids inline scripts and styles; no page of this flow may need them.
    assert watched.csp_violations() == []
    assert [m for m in watched.messages if m.startswith(("pageerror", "console error"))] == []


@pytest.mark.browser
def test_the_same_flow_works_without_javascript(
    new_page: Callable[..., Watched], officer_ba: User, person_ba: Any
) -> None:
    page = new_page(java_script_enabled=False).page
    sign_in(page, "officer_ba")
    register_dzenan(page)
    expect_dzenan_detail(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    page.get_by_role("searchbox", name="Name").fill("Dzenan Hodzic")
    with page.expect_response(lambda r: r.request.method == "POST" and r.request.resource_type == "document"):
        page.get_by_role("button", name="Search").click()  # a plain form post: no script runs
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Hodžić, Dženan")).to_be_visible()
    expect(results.get_by_role("link", name="Ahmadi, Muhamed")).to_have_count(0)
    # The criteria travel in the POST body: the name never lands in the address bar or history.
    assert "Dzenan" not in page.url
    screenshot(page, "02-search-without-javascript")

    results.get_by_role("link", name="Hodžić, Dženan").click()
    expect_dzenan_detail(page)


def _messages(language: str) -> tuple[str, str]:
    with translation.override(language):
        return (str(forms.Field.default_error_messages["required"]),
                str(translation.gettext("Enter a month from 1 to 12.")))


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "bs"])
def test_bad_input_shows_errors_next_to_the_fields_in_the_users_language_and_saves_nothing(
    new_page: Callable[..., Watched], officer_ba: User, language: str
) -> None:
    if language != "en" and not bosnian_compiled():
        pytest.skip("korak/locale/bs/LC_MESSAGES/django.mo missing: run `python -m korak.i18n compile`")
    required, bad_date = _messages(language)
    if language != "en":
        assert required != _messages("en")[0], f"Django's own {language} catalogue is not active"
    page = new_page(locale=language).page  # the browser asks for this language (Accept-Language)
    sign_in(page, "officer_ba")
    before = Person.objects.count()

    page.goto("/people/register/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.locator("#id_given_name").fill("Амина")
    page.locator("#id_birth_date").fill("1999-13")
    with page.expect_response(re.compile(r"/people/register/$")) as response:
        page.locator("button[type=submit].primary").click()
    assert response.value.status == 422

    for field_id, message in (("id_family_name", required), ("id_birth_date", bad_date)):
        field = page.locator(f"#{field_id}")
        error = page.locator(".field", has=field).locator(".error")
        expect(error).to_have_text(message)
        # Next to the field: right under it, and read out with it by a screen reader.
        field_box, error_box = field.bounding_box(), error.bounding_box()
        assert field_box is not None and error_box is not None
        assert 0 <= error_box["y"] - (field_box["y"] + field_box["height"]) < 60
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description(re.compile(re.escape(message)))
    # What was typed stays, so the person fixes one field instead of starting again.
    expect(page.locator("#id_given_name")).to_have_value("Амина")
    screenshot(page, f"03-field-errors-{language}")
    assert Person.objects.count() == before


@pytest.mark.browser
def test_likely_duplicate_is_shown_and_can_be_registered_anyway(
    watched: Watched, officer_ba: User, person_ba: Any
) -> None:
    page = watched.page
    sign_in(page, "officer_ba")
    page.goto("/people/register/")
    page.get_by_role("textbox", name="Given names", exact=True).fill("Muhamed")
    page.get_by_role("textbox", name="Family name", exact=True).fill("Ahmadi")
    page.get_by_role("textbox", name="Date of birth", exact=True).fill("1999")
    page.get_by_role("button", name="Register", exact=True).click()

    warning = page.get_by_role("region", name="Possibly the same person")
    expect(warning).to_be_visible()
    existing = warning.get_by_role("link", name="Ahmadi, Muhamed")
    expect(existing).to_have_attribute("href", f"/people/{person_ba.pk}/")
    expect(page.get_by_role("alert").first).to_contain_text("This person may already be registered")
    screenshot(page, "04-possible-duplicate")
    assert Person.objects.count() == 1

    warning.get_by_label("This is a different person: register anyway").check()
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page).to_have_url(DETAIL_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ahmadi, Muhamed")
    assert f"/people/{person_ba.pk}/" not in page.url
    assert Person.objects.count() == 2
    assert watched.csp_violations() == []


@pytest.mark.browser
def test_back_after_sign_out_shows_no_personal_data(watched: Watched, officer_ba: User, person_ba: Any) -> None:
    page = watched.page
    sign_in(page, "officer_ba")
    response = page.goto(f"/people/{person_ba.pk}/")
    assert response is not None and response.headers.get("cache-control") == "no-store"
    expect(page.get_by_role("heading", level=1)).to_have_text("Ahmadi, Muhamed")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.go_back()
    # Back asked the server for the record again (nothing came from a cache) and was sent to sign in.
    expect(page).to_have_url(re.compile(rf"/login/\?next=/people/{person_ba.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_text("Ahmadi")).to_have_count(0)
    expect(page.get_by_text("Ахмади")).to_have_count(0)
    screenshot(page, "08-back-after-sign-out")


@pytest.mark.browser
def test_the_csp_watcher_sees_a_violation(watched: Watched, live_server: Any) -> None:
    """Flow 7's check must be able to fail: an inline script on a Korak page is reported."""
    page = watched.page
    page.goto("/login/")
    page.evaluate("""() => { const s = document.createElement('script');
                             s.textContent = 'window.ran = 1'; document.body.append(s); }""")
    for _ in range(40):  # the report arrives asynchronously
        if watched.csp_violations():
            break
        page.wait_for_timeout(50)
    assert page.evaluate("window.ran") is None
    assert any("script-src" in v for v in watched.csp_violations()), watched.csp_violations()
