"""Signing in as an administrator takes a password and a code; the links follow the role."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from korak.organisations.models import User
from tests.e2e.helpers import LIVE_DB, Watched, screenshot, sign_in

pytestmark = LIVE_DB


def current_code(user: User) -> str:
    """What the administrator's authenticator app shows right now."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


@pytest.mark.browser
def test_administrator_signs_in_with_password_then_code_and_sees_users(watched: Watched, admin_ba: User) -> None:
    page = watched.page
    sign_in(page, "admin_ba")
    expect(page).to_have_url(f"{page.url.split('/login')[0]}/login/verify/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Second step")
    # The password alone opens nothing.
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
    screenshot(page, "05-second-step")

    page.get_by_role("textbox", name="Six-digit code").fill(current_code(admin_ba))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    users = page.get_by_role("navigation", name="Main").get_by_role("link", name="Users", exact=True)
    expect(users).to_be_visible()
    screenshot(page, "05-administrator-home")
    users.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Users")
    expect(page.get_by_role("link", name="admin_ba")).to_be_visible()


@pytest.mark.browser
def test_a_wrong_code_keeps_the_administrator_out(watched: Watched, admin_ba: User) -> None:
    page = watched.page
    sign_in(page, "admin_ba")
    good = current_code(admin_ba)
    page.get_by_role("textbox", name="Six-digit code").fill(f"{(int(good) + 1) % 1_000_000:06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_have_text("This code is not valid. Codes change every 30 seconds.")
    page.goto("/users/")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Users")


@pytest.mark.browser
def test_case_officer_does_not_see_users(watched: Watched, officer_ba: User) -> None:
    page = watched.page
    sign_in(page, "officer_ba")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="People")).to_be_visible()  # the navigation is there...
    expect(nav.get_by_role("link", name="Users", exact=True)).to_have_count(0)  # ...without Users
    expect(page.get_by_role("link", name="Users and roles")).to_have_count(0)
    response = page.goto("/users/")
    assert response is not None and response.status == 403
