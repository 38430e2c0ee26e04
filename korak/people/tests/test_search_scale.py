"""Search ranking and the duplicate warning when a name is common: exact spellings first,
broad queries ranked tier by tier, and no candidate cap hiding a duplicate. All synthetic."""

from typing import Any

import pytest

from korak.organisations.models import Institution, User
from korak.people import names, queries, services
from korak.people.models import NameToken, Person
from tests.personas import person_data


def register(officer: User, institution: Institution, given: str, family: str, **overrides: Any) -> Person:
    data = person_data(given_name=given, family_name=family, **overrides)
    return services.register_person(actor=officer, institution=institution, data=data).person


def bulk_persons(officer: User, institution: Institution, pairs: list[tuple[str, str]]) -> None:
    """Many plain records at once, with the search tokens the service would write."""
    persons = [Person(given_name=given, family_name=family, given_name_latin=given, family_name_latin=family,
                      name_script="latin", birth_year=1990, registering_institution=institution,
                      registered_by=officer) for given, family in pairs]
    Person.objects.bulk_create(persons)
    NameToken.objects.bulk_create([
        NameToken(person=person, token=token, key=names.match_key(token))
        for person in persons for token in dict.fromkeys(names.tokens(f"{person.given_name} {person.family_name}"))
    ])


def search(officer: User, q: str, **criteria: str) -> list[Person]:
    return queries.search(actor=officer, criteria=queries.SearchCriteria(q=q, **criteria))


def test_more_parts_spelled_exactly_rank_first(officer_ba: User, sfa_ba: Institution) -> None:
    variant = register(officer_ba, sfa_ba, "Muhamed", "Rahimi")
    exact = register(officer_ba, sfa_ba, "Mohammed", "Rahimi")
    other = register(officer_ba, sfa_ba, "Мухамед", "Рахими")
    found = search(officer_ba, "Mohammed Rahimi")
    assert found[0] == exact
    assert set(found[1:]) == {variant, other}


@pytest.mark.parametrize("candidates", [3, 500])
def test_a_broad_query_keeps_exact_spellings_first(officer_ba: User, sfa_ba: Institution, monkeypatch: Any,
                                                   candidates: int) -> None:
    monkeypatch.setattr(queries, "CANDIDATES", candidates)
    bulk_persons(officer_ba, sfa_ba, [("Ali", f"Khani{suffix}") for suffix in "abcdefgh"])
    exact = [register(officer_ba, sfa_ba, "Omar", "Khan"), register(officer_ba, sfa_ba, "Yusuf", "Khan")]
    found = search(officer_ba, "khan")
    assert found[:2] == sorted(exact, key=lambda person: person.given_name_latin)
    assert len(found) == 10 if candidates == 500 else 2 <= len(found) <= 10
    assert all(person.family_name_latin.startswith("Khan") for person in found)
    assert len(set(found)) == len(found)


def test_a_broad_query_is_cut_to_the_page(officer_ba: User, sfa_ba: Institution, monkeypatch: Any) -> None:
    monkeypatch.setattr(queries, "CANDIDATES", 4)
    bulk_persons(officer_ba, sfa_ba, [("Muhamed", f"Family{number:02d}") for number in range(20)])
    found = queries.search(actor=officer_ba, criteria=queries.SearchCriteria(q="muh"), limit=3)
    assert len(found) == 3
    assert found == sorted(found, key=lambda person: (person.family_name_latin, person.given_name_latin))


def test_a_broad_query_samples_only_the_users_own_records(officer_ba: User, sfa_ba: Institution,
                                                           officer_border_ba: User, border_ba: Institution,
                                                           monkeypatch: Any) -> None:
    monkeypatch.setattr(queries, "CANDIDATES", 3)
    bulk_persons(officer_border_ba, border_ba, [("Ahmad", f"Other{number}") for number in range(12)])
    own = [register(officer_ba, sfa_ba, "Ahmad", "Popal"), register(officer_ba, sfa_ba, "Ahmed", "Safi")]
    assert set(search(officer_ba, "ahm")) == set(own)


def test_birth_year_and_name_together(officer_ba: User, sfa_ba: Institution, monkeypatch: Any) -> None:
    monkeypatch.setattr(queries, "CANDIDATES", 3)
    bulk_persons(officer_ba, sfa_ba, [("Karim", f"Noori{number}") for number in range(8)])  # born 1990
    wanted = register(officer_ba, sfa_ba, "Karim", "Noori", birth_year=2001)
    assert search(officer_ba, "Karim Noori", birth="2001") == [wanted]


def test_the_duplicate_warning_is_not_capped_by_a_common_given_name(officer_ba: User, sfa_ba: Institution) -> None:
    # More records sharing "Muhammad" than any candidate cap, all sorting before "Zazai".
    bulk_persons(officer_ba, sfa_ba, [("Muhammad", f"Aaa{number:03d}") for number in range(250)])
    first = register(officer_ba, sfa_ba, "Muhammad", "Zazai", birth_year=1996)
    again = services.possible_duplicates(
        actor=officer_ba, data=person_data(given_name="Mohammed", family_name="Zazai", birth_year=1996))
    assert again == [first]


def test_the_duplicate_warning_finds_a_record_with_fewer_name_parts(officer_ba: User, sfa_ba: Institution) -> None:
    shorter = register(officer_ba, sfa_ba, "Karim", "Stanikzai", birth_year=None)
    longer = person_data(given_name="Mohammad Karim", family_name="Stanikzai", birth_year=1990)
    assert services.possible_duplicates(actor=officer_ba, data=longer) == [shorter]
    other_year = register(officer_ba, sfa_ba, "Karim", "Wardak", birth_year=1985)
    assert services.possible_duplicates(
        actor=officer_ba, data=person_data(given_name="Karim", family_name="Wardak", birth_year=1990)) == []
    assert other_year.birth_year == 1985
