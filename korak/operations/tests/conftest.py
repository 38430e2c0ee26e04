"""Personas of return operations (on top of tests/personas.py):

- coordinator_ba: return coordinator at BA's foreigners' service; plans and confirms.
- monitor_ba: forced-return monitor at BA's ombudsman: independent.
- monitor_police_ba: holds the monitor role at BA's border police: not independent.
- coordinator_border_ba: return coordinator of another institution of the same country.
- coordinator_rs: return coordinator of another country.
All synthetic."""

import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from korak.operations import services
from korak.operations.models import Operation
from korak.organisations.models import Country, Institution, Role, User
from korak.people import services as people_services
from korak.people.models import Person
from korak.programme.models import Certificate, Curriculum, Official
from korak.returns import services as returns
from korak.returns.models import ReturnCase
from korak.returns.rules import Step
from tests.personas import make_user, person_data

NOW = datetime(2026, 9, 1, 9, 0, tzinfo=timezone.get_fixed_timezone(120))
FIRST_DAY = date(2026, 9, 20)
LAST_DAY = date(2026, 9, 21)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def ombudsman_ba(ba: Country) -> Institution:
    return Institution.objects.create(name="Ombudsman (test)", short_name="OMB", kind="ombudsman", country=ba)


@pytest.fixture
def ombudsman_rs(db: Any) -> Institution:
    return Institution.objects.create(name="Ombudsman RS (test)", short_name="OMB-RS", kind="ombudsman",
                                      country=Country.objects.get(code="RS"))


@pytest.fixture
def coordinator_ba(sfa_ba: Institution) -> User:
    return make_user("coordinator_ba", sfa_ba, Role.RETURN_COORDINATOR)


@pytest.fixture
def coordinator_border_ba(border_ba: Institution) -> User:
    return make_user("coordinator_border_ba", border_ba, Role.RETURN_COORDINATOR)


@pytest.fixture
def coordinator_rs(sfa_rs: Institution) -> User:
    return make_user("coordinator_rs", sfa_rs, Role.RETURN_COORDINATOR)


@pytest.fixture
def monitor_ba(ombudsman_ba: Institution) -> User:
    return make_user("monitor_ba", ombudsman_ba, Role.FORCED_RETURN_MONITOR)


@pytest.fixture
def monitor_rs(ombudsman_rs: Institution) -> User:
    return make_user("monitor_rs", ombudsman_rs, Role.FORCED_RETURN_MONITOR)


@pytest.fixture
def other_monitor_ba(ombudsman_ba: Institution) -> User:
    return make_user("other_monitor_ba", ombudsman_ba, Role.FORCED_RETURN_MONITOR)


@pytest.fixture
def monitor_police_ba(border_ba: Institution) -> User:
    return make_user("monitor_police_ba", border_ba, Role.FORCED_RETURN_MONITOR)


@pytest.fixture
def escort_curriculum(db: Any) -> Curriculum:
    return Curriculum.objects.create(code="escort-officer", title="Escort officer")


@pytest.fixture
def certify(escort_curriculum: Curriculum, sfa_ba: Institution, officer_ba: User) -> Callable[..., Official]:
    """A trained official of the programme registry holding an escort certificate."""

    def make(given: str, family: str, *, valid_until: date = date(2028, 1, 1)) -> Official:
        official = Official.objects.create(given_name=given, family_name=family, latin_given=given,
                                           latin_family=family, name_key=family.lower(), institution=sfa_ba,
                                           country="BA")
        Certificate.objects.create(official=official, curriculum=escort_curriculum, code=uuid.uuid4().hex[:16],
                                   issued_on=date(2025, 1, 1), valid_until=valid_until, issued_by=officer_ba)
        return official

    return make


@pytest.fixture
def protection_ba(sfa_ba: Institution) -> User:
    return make_user("protection_ba", sfa_ba, Role.PROTECTION_OFFICER)


@pytest.fixture
def add_person(officer_ba: User, sfa_ba: Institution) -> Callable[..., Person]:
    def add(given: str = "Ахмад", family: str = "Карими", languages: tuple[str, ...] = ("ps",)) -> Person:
        return people_services.register_person(
            actor=officer_ba, institution=sfa_ba,
            data=person_data(given_name=given, family_name=family, languages=languages),
        ).person

    return add


@pytest.fixture
def case_for(officer_ba: User, sfa_ba: Institution) -> Callable[[Person], ReturnCase]:
    """A return case of the person made ready to return through the returns services:
    identified, with a travel document valid well past the operation."""

    def make(person: Person) -> ReturnCase:
        case = returns.decide_return(actor=officer_ba, person=person, institution=sfa_ba, country_of_return="AF",
                                     voluntary_departure_days=None, risk="absconding")
        for step, data in ((Step.REQUEST_IDENTIFICATION, returns.StepInput(country="AF")),
                           (Step.ANSWER_IDENTIFICATION, returns.StepInput(identified=True)),
                           (Step.REQUEST_TRAVEL_DOCUMENT, returns.StepInput(country="AF")),
                           (Step.ISSUE_TRAVEL_DOCUMENT, returns.StepInput(valid_until=date(2027, 3, 1)))):
            case = returns.apply_step(actor=officer_ba, case_id=case.pk, step=step, data=data)
        return case

    return make


@pytest.fixture
def planned(coordinator_ba: User, sfa_ba: Institution) -> Operation:
    return services.plan_operation(actor=coordinator_ba, institution=sfa_ba, data=services.OperationData(
        reference="OP-2026-017", kind="charter", cooperation="national", destination_country="PK",
        first_day=FIRST_DAY, last_day=LAST_DAY, stopovers=("Istanbul",)))


@pytest.fixture
def ready(planned: Operation, coordinator_ba: User, monitor_ba: User, ombudsman_ba: Institution,
          person_ba: Person, certify: Callable[..., Official], case_for: Callable[[Person], ReturnCase]) -> Operation:
    """Every condition of confirmation met: one medium-risk returnee speaking ps and fa, a
    certified leader and officer, a ps/fa interpreter, an ombudsman monitor told 19 days ahead."""
    returnee = services.add_returnee(actor=coordinator_ba, operation_id=planned.pk,
                                     return_case_id=case_for(person_ba).pk)
    services.assess_returnee(actor=coordinator_ba, returnee_id=returnee.pk, assessment=services.Assessment(
        risk_level="medium", risk_reasons="Resisted a previous removal attempt.", fit_to_travel="fit",
        informed_of_complaints=True))
    for role, name in (("escort_leader", "Lea Leader"), ("escort_officer", "Oto Officer")):
        official = certify(*name.split())
        services.add_team_member(actor=coordinator_ba, operation_id=planned.pk,
                                 data=services.MemberData(role=role, full_name=name, official_id=official.pk))
    services.add_team_member(actor=coordinator_ba, operation_id=planned.pk, data=services.MemberData(
        role="interpreter", full_name="Ina Interpreter", languages=("ps", "fa")))
    services.assign_monitor(actor=coordinator_ba, operation_id=planned.pk, monitor=monitor_ba,
                            institution=ombudsman_ba, notified_at=NOW - timedelta(days=1))
    return Operation.objects.get(pk=planned.pk)
