"""Protection personas, on top of tests/personas.py:

- protection_ba: protection officer at BA's Service for Foreigners' Affairs (need-to-know for
  every person the service registered).
- protection_border_ba: protection officer at BA's Border Police: same country, other institution.
- protection_rs: protection officer in Serbia: another country.
- partner_ba: a user of a BA legal-aid NGO that receives referrals; partner_other_ba: another NGO.
- officer_ba registered person_ba, so is that person's assigned case officer;
  officer2_ba is a case officer of the same service who is not assigned."""

from typing import Any

import pytest

from korak.organisations.models import Country, Institution, Role, User
from korak.people.models import Person
from korak.protection import services
from korak.protection.rules import Category
from tests.personas import make_user

CANARY = "Canary-narrative-7Q4ZX"


@pytest.fixture
def protection_ba(sfa_ba: Institution) -> User:
    return make_user("protection_ba", sfa_ba, Role.PROTECTION_OFFICER)


@pytest.fixture
def protection_border_ba(border_ba: Institution) -> User:
    return make_user("protection_border_ba", border_ba, Role.PROTECTION_OFFICER)


@pytest.fixture
def protection_rs(sfa_rs: Institution) -> User:
    return make_user("protection_rs", sfa_rs, Role.PROTECTION_OFFICER)


@pytest.fixture
def officer2_ba(sfa_ba: Institution) -> User:
    return make_user("officer2_ba", sfa_ba, Role.CASE_OFFICER)


@pytest.fixture
def ngo_ba(ba: Country) -> Institution:
    return Institution.objects.create(name="Legal aid NGO (test)", short_name="NGO", kind="ngo", country=ba)


@pytest.fixture
def ngo2_ba(ba: Country) -> Institution:
    return Institution.objects.create(name="Shelter NGO (test)", short_name="NGO2", kind="ngo", country=ba)


@pytest.fixture
def partner_ba(ngo_ba: Institution) -> User:
    return make_user("partner_ba", ngo_ba, Role.REFERRAL_PARTNER)


@pytest.fixture
def partner_other_ba(ngo2_ba: Institution) -> User:
    return make_user("partner_other_ba", ngo2_ba, Role.REFERRAL_PARTNER)


@pytest.fixture
def screened_ba(person_ba: Person, protection_ba: User) -> Person:
    """person_ba, screened as a survivor of gender-based violence, with the canary in the notes."""
    services.record_screening(actor=protection_ba, person_id=person_ba.id,
                              categories=[Category.GENDER_BASED_VIOLENCE], narrative=f"Notes: {CANARY}")
    return person_ba


def screen(actor: User, person: Person, *categories: Category, narrative: str = "") -> Any:
    return services.record_screening(actor=actor, person_id=person.id, categories=categories, narrative=narrative)
