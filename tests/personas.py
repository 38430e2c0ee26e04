"""Personas (healthchecks' alice, bob and charlie, for a BA node):

- officer_ba: case officer at BA's Service for Foreigners' Affairs; owns the records.
- supervisor_ba: supervisor in the same service.
- officer_border_ba: case officer at BA's Border Police: same country, another institution.
- officer_rs: case officer at Serbia's foreigners' service: another country.
- escort_ba: escort officer in the same service: the right institution, the wrong role.
- admin_ba: administrator at BA's ministry, with a TOTP device (verified in the client).
- dpo_ba: data-protection officer, with a TOTP device.
All synthetic: no real person."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from korak.organisations.models import Country, Institution, Membership, Role, User
from korak.organisations.services import issue_api_token
from korak.people import rules, services

PASSWORD = "correct-horse-battery-staple-9"


def make_user(username: str, institution: Institution, role: Role, *, totp: bool = False) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, first_name=username.title())
    Membership.objects.create(user=user, institution=institution, role=role)
    if totp:
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


@pytest.fixture
def ba(db: Any) -> Country:
    return Country.objects.get(code="BA")


@pytest.fixture
def sfa_ba(ba: Country) -> Institution:
    return Institution.objects.create(name="Service for Foreigners' Affairs (test)", short_name="SFA",
                                      kind="foreigners_service", country=ba)


@pytest.fixture
def border_ba(ba: Country) -> Institution:
    return Institution.objects.create(name="Border Police (test)", short_name="BP", kind="border_police", country=ba)


@pytest.fixture
def ministry_ba(ba: Country) -> Institution:
    return Institution.objects.create(name="Ministry of Security (test)", short_name="MS", kind="ministry", country=ba)


@pytest.fixture
def sfa_rs(db: Any) -> Institution:
    return Institution.objects.create(name="Foreigners' service RS (test)", short_name="SFA-RS",
                                      kind="foreigners_service", country=Country.objects.get(code="RS"))


@pytest.fixture
def officer_ba(sfa_ba: Institution) -> User:
    return make_user("officer_ba", sfa_ba, Role.CASE_OFFICER)


@pytest.fixture
def supervisor_ba(sfa_ba: Institution) -> User:
    return make_user("supervisor_ba", sfa_ba, Role.SUPERVISOR)


@pytest.fixture
def officer_border_ba(border_ba: Institution) -> User:
    return make_user("officer_border_ba", border_ba, Role.CASE_OFFICER)


@pytest.fixture
def officer_rs(sfa_rs: Institution) -> User:
    return make_user("officer_rs", sfa_rs, Role.CASE_OFFICER)


@pytest.fixture
def escort_ba(sfa_ba: Institution) -> User:
    return make_user("escort_ba", sfa_ba, Role.ESCORT_OFFICER)


@pytest.fixture
def admin_ba(ministry_ba: Institution) -> User:
    return make_user("admin_ba", ministry_ba, Role.ADMINISTRATOR, totp=True)


@pytest.fixture
def dpo_ba(ministry_ba: Institution) -> User:
    return make_user("dpo_ba", ministry_ba, Role.DATA_PROTECTION_OFFICER, totp=True)


@pytest.fixture
def client_for(db: Any) -> Callable[[User], Client]:
    """A browser session for the user; second factor verified when the user has a device."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return make


@pytest.fixture
def api_for(db: Any) -> Callable[[User], Client]:
    """A machine client holding an API token of the user."""

    def make(user: User) -> Client:
        issued = issue_api_token(actor=user, user=user, name="test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {issued.secret}")

    return make


def person_data(**overrides: Any) -> rules.PersonData:
    values: dict[str, Any] = {"given_name": "Мухамед", "family_name": "Ахмади", "sex": "male", "birth_year": 1999,
                              "nationalities": ("AF",), "languages": ("ps", "fa")}
    values.update(overrides)
    return rules.PersonData(**values)


@pytest.fixture
def person_ba(officer_ba: User, sfa_ba: Institution) -> Any:
    """A synthetic person registered by officer_ba's service."""
    return services.register_person(
        actor=officer_ba, institution=sfa_ba,
        data=person_data(documents=(rules.DocumentData(type="passport", number="P 0123-456", issuing_country="AF"),)),
    ).person
