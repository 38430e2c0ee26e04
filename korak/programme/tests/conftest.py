"""Programme personas (synthetic): a coordinator at BA's ministry who organises the activities,
a coordinator at the border police (another institution of the same node), a coordinator in
Serbia (another country: no grant on a BA node), and staff of the institutions officials serve in."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from korak.organisations.models import Country, Institution, Role, User
from korak.programme import services
from korak.programme.models import Activity, Official, Programme
from tests.personas import make_user


@pytest.fixture
def mup_rs(db: Any) -> Institution:
    return Institution.objects.create(name="MUP RS (test)", short_name="MUP RS", kind="ministry",
                                      country=Country.objects.get(code="RS"))


@pytest.fixture
def coordinator(ministry_ba: Institution) -> User:
    return make_user("coordinator", ministry_ba, Role.PROGRAMME_COORDINATOR)


@pytest.fixture
def coordinator_border(border_ba: Institution) -> User:
    return make_user("coordinator_border", border_ba, Role.PROGRAMME_COORDINATOR)


@pytest.fixture
def coordinator_rs(sfa_rs: Institution) -> User:
    return make_user("coordinator_rs", sfa_rs, Role.PROGRAMME_COORDINATOR)


@pytest.fixture
def programme(coordinator: User) -> Programme:
    return services.create_programme(actor=coordinator, code="wb-cb", title="Capacity building (test)",
                                     period_start=date(2025, 1, 1), period_end=date(2027, 12, 31),
                                     target_countries=["BA", "RS", "ME", "MK"])


@pytest.fixture
def activity(coordinator: User, programme: Programme, ministry_ba: Institution) -> Activity:
    made = services.create_activity(
        actor=coordinator, programme_id=programme.id, institution=ministry_ba,
        data=services.ActivityData(kind="training", title="Escort training (test)", country="BA",
                                   starts_on=date(2026, 3, 2), ends_on=date(2026, 3, 6), place="Sarajevo"))
    for day in range(2, 7):
        services.add_session(actor=coordinator, activity_id=made.id, on=date(2026, 3, day))
    return made


def make_official(coordinator: User, institution: Institution, given: str, family: str, **extra: Any) -> Official:
    return services.create_official(actor=coordinator, data=services.OfficialData(
        given_name=given, family_name=family, institution_id=institution.id, **extra))


@pytest.fixture
def official_sfa(coordinator: User, sfa_ba: Institution) -> Official:
    return make_official(coordinator, sfa_ba, "Amra", "Hodžić", sex="female", birth_year=1985)


def attend(coordinator: User, activity: Activity, official: Official, sessions: int) -> None:
    for session in activity.sessions.order_by("on")[:sessions]:
        services.check_in(actor=coordinator, session_id=session.id, official_id=official.id)


THRESHOLD = Decimal(80)
