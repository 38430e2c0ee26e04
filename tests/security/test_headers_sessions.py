"""Response headers, session lifetime, login lockout and the second factor (ASVS V3, V7, V14).
Sessions are opened through the real sign-in form, so the session start is stamped as in
production; the clock moves with time_machine, never with sleep."""

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpResponse
from django.test import Client, override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from korak.organisations.models import Institution, Role, User
from korak.people.models import Person
from tests.personas import PASSWORD, make_user

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def sign_in(client: Client, username: str, password: str = PASSWORD) -> Client:
    response = client.post("/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content[:500]
    return client


def is_signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def current_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return format(totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift),
                  f"0{device.digits}d")


# --- headers -------------------------------------------------------------------------------

def _csp(response: HttpResponse) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, _space, value = part.strip().partition(" ")
        directives[name] = value
    return directives


def _assert_hardened(response: HttpResponse) -> None:
    csp = _csp(response)
    header = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header
    assert csp["frame-ancestors"] == "'none'"
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_login_page_headers(db: None) -> None:
    response = Client().get("/login/")
    assert response.status_code == 200
    _assert_hardened(response)
    assert "no-store" in response["Cache-Control"]


def test_authenticated_page_headers(officer_ba: User) -> None:
    client = sign_in(Client(), "officer_ba")
    for path in ("/", "/people/", "/institutions/"):
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_hardened(response)
        assert response["Cache-Control"] == "no-store", path


def test_person_page_is_never_cached(officer_ba: User, person_ba: Person) -> None:
    client = sign_in(Client(), "officer_ba")
    response = client.get(f"/people/{person_ba.pk}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/api/people/", "/api/openapi.json", "/api/organisations/me"])
def test_api_is_never_cached(path: str, db: None) -> None:
    """Even an anonymous answer (401) or the public schema: nothing under /api/ is stored."""
    response = Client().get(path)
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_api_with_token_is_never_cached(officer_ba: User, api_for: Callable[[User], Client],
                                        person_ba: Person) -> None:
    response = api_for(officer_ba).get(f"/api/people/{person_ba.pk}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_hsts_on_secure_requests(db: None) -> None:
    assert settings.SECURE_HSTS_SECONDS > 0
    response = Client().get("/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert not Client().get("/login/").has_header("Strict-Transport-Security")  # never over plain HTTP


@override_settings(SECURE_HSTS_SECONDS=0)
def test_no_hsts_when_switched_off(db: None) -> None:
    """The demo serves plain HTTP on loopback and switches HSTS off; the switch works."""
    assert not Client().get("/login/", secure=True).has_header("Strict-Transport-Security")


@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_redirected_to_https(db: None) -> None:
    response = Client().get("/login/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_session_cookie_is_http_only_and_same_site(officer_ba: User) -> None:
    client = sign_in(Client(), "officer_ba")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_sign_in_rotates_the_session_key(officer_ba: User) -> None:
    client = Client()
    client.get("/login/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "fixated-by-an-attacker"
    sign_in(client, "officer_ba")
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != "fixated-by-an-attacker"
    assert is_signed_in(client)


# --- session lifetime ----------------------------------------------------------------------

def test_idle_session_is_signed_out(officer_ba: User, clock: time_machine.Traveller) -> None:
    client = sign_in(Client(), "officer_ba")
    assert client.get("/people/").status_code == 200
    clock.shift(settings.SESSION_COOKIE_AGE - 60)
    assert client.get("/people/").status_code == 200  # still active: each request renews the idle timer
    clock.shift(settings.SESSION_COOKIE_AGE + 1)
    response = client.get("/people/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_active_session_ends_at_its_absolute_lifetime(officer_ba: User, clock: time_machine.Traveller) -> None:
    client = sign_in(Client(), "officer_ba")
    step = settings.SESSION_COOKIE_AGE // 2  # busy all day: never idle long enough to time out
    elapsed = 0
    while elapsed + step <= settings.KORAK_SESSION_ABSOLUTE_SECONDS:
        clock.shift(step)
        elapsed += step
        assert client.get("/people/").status_code == 200, f"signed out early, after {elapsed} s"
    clock.shift(settings.KORAK_SESSION_ABSOLUTE_SECONDS - elapsed + 1)
    response = client.get("/people/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert not is_signed_in(client)


@override_settings(KORAK_SESSION_ABSOLUTE_SECONDS=3600)
def test_absolute_lifetime_follows_the_setting(officer_ba: User, clock: time_machine.Traveller) -> None:
    client = sign_in(Client(), "officer_ba")
    clock.shift(1500)
    assert client.get("/people/").status_code == 200
    clock.shift(1500)
    assert client.get("/people/").status_code == 200
    clock.shift(601)
    assert client.get("/people/").status_code == 302


def test_api_token_is_not_a_session(officer_ba: User, api_for: Callable[[User], Client],
                                    clock: time_machine.Traveller) -> None:
    """Machines hold tokens, which the browser session lifetime does not end."""
    client = api_for(officer_ba)
    clock.shift(settings.KORAK_SESSION_ABSOLUTE_SECONDS + 60)
    assert client.get("/api/people/").status_code == 200


# --- lockout -------------------------------------------------------------------------------

def test_lockout_after_five_failures(officer_ba: User, supervisor_ba: User) -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    client = Client()
    for attempt in range(1, 5):
        response = client.post("/login/", {"username": "officer_ba", "password": f"wrong-{attempt}"})
        assert response.status_code == 200, attempt
        assert not is_signed_in(client)
    assert client.post("/login/", {"username": "officer_ba", "password": "wrong-5"}).status_code == 429
    response = client.post("/login/", {"username": "officer_ba", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert PASSWORD not in response.content.decode()
    assert not is_signed_in(client)
    assert Client().get("/people/").status_code == 302
    # The lock holds the username at this address, not everyone behind it.
    other = Client()
    sign_in(other, "supervisor_ba")
    assert is_signed_in(other)


def test_lockout_ends_after_the_cool_off(officer_ba: User, clock: time_machine.Traveller) -> None:
    client = Client()
    for attempt in range(5):
        client.post("/login/", {"username": "officer_ba", "password": f"wrong-{attempt}"})
    assert client.post("/login/", {"username": "officer_ba", "password": PASSWORD}).status_code == 429
    clock.shift(dt.timedelta(hours=settings.AXES_COOLOFF_TIME, seconds=1))
    sign_in(client, "officer_ba")
    assert is_signed_in(client)


# --- second factor -------------------------------------------------------------------------

def test_administrator_needs_the_code(admin_ba: User, clock: time_machine.Traveller) -> None:
    device = TOTPDevice.objects.get(user=admin_ba)
    client = Client()
    response = client.post("/login/", {"username": "admin_ba", "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/login/verify/")
    assert not is_signed_in(client)
    assert client.get("/users/")["Location"].startswith("/login/")

    right = current_code(device)
    wrong = format((int(right) + 1) % 10**6, "06d")
    response = client.post("/login/verify/", {"code": wrong})
    assert response.status_code == 200
    assert "This code is not valid" in response.content.decode()
    assert not is_signed_in(client)

    # After a wrong code the device is throttled for a moment; then the right code signs in.
    clock.shift(5)
    response = client.post("/login/verify/", {"code": current_code(device)})
    assert (response.status_code, response["Location"]) == (302, "/")
    assert is_signed_in(client)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/users/").status_code == 200


def test_a_code_cannot_be_used_twice(admin_ba: User, clock: time_machine.Traveller) -> None:
    device = TOTPDevice.objects.get(user=admin_ba)
    first = Client()
    first.post("/login/", {"username": "admin_ba", "password": PASSWORD})
    code = current_code(device)
    assert first.post("/login/verify/", {"code": code}).status_code == 302
    replay = Client()
    replay.post("/login/", {"username": "admin_ba", "password": PASSWORD})
    assert replay.post("/login/verify/", {"code": code}).status_code == 200
    assert not is_signed_in(replay)


def test_verify_page_without_a_password_step_goes_back_to_sign_in(db: None) -> None:
    response = Client().post("/login/verify/", {"code": "123456"})
    assert (response.status_code, response["Location"]) == (302, "/login/")


def test_administrator_without_a_device_must_enrol(ministry_ba: Institution) -> None:
    make_user("admin_new", ministry_ba, Role.ADMINISTRATOR)
    client = Client()
    response = client.post("/login/", {"username": "admin_new", "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/login/enrol/")
    assert not is_signed_in(client)
    page = client.get("/login/enrol/")
    assert page.status_code == 200
    assert "<img" in page.content.decode()
    assert client.get("/users/").status_code == 302


def test_officer_without_a_device_signs_in_with_the_password(officer_ba: User) -> None:
    client = Client()
    response = client.post("/login/", {"username": "officer_ba", "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/")
    assert is_signed_in(client)
