"""Online candidates: found across scripts, spellings, swapped order and placeholder dates,
explained per field, from a few indexed queries; the registration warning uses them; the
API and the panel go through the policy. All synthetic people."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from korak import policy
from korak.audit.models import AuditEntry
from korak.identity import queries, services
from korak.identity.models import IdentityKey, IdentityRecord
from korak.organisations.models import Institution, User
from korak.people import services as people
from korak.people.models import Person
from tests.personas import person_data

JSON = "application/json"


def register(officer: User, institution: Institution, given: str, family: str, **overrides: Any) -> Person:
    return people.register_person(actor=officer, institution=institution,
                                  data=person_data(given_name=given, family_name=family, **overrides)).person


def ask(officer: User, given: str, family: str, birth: str = "", **extra: Any) -> list[queries.Candidate]:
    return queries.candidates(officer, queries.CandidateQuery(given_name=given, family_name=family,
                                                              birth_date=birth, **extra))


def test_registration_and_edit_keep_the_index(officer_ba: User, sfa_ba: Institution) -> None:
    person = register(officer_ba, sfa_ba, "Мухамед", "Ахмади", birth_year=1999, birth_month=3, birth_day=14)
    record = IdentityRecord.objects.get(person=person)
    assert (record.given, record.family, record.script, record.nationalities) == ("muhamed", "ahmadi", "cyrillic",
                                                                                  "AF")
    assert ("py", "ahmd:mhmd:1999") in set(IdentityKey.objects.filter(person=person).values_list("kind", "value"))
    people.update_person(actor=officer_ba, person_id=person.pk, expected_version=1,
                         data=person_data(given_name="Karim", family_name="Wardak", birth_year=1985))
    keys = set(IdentityKey.objects.filter(person=person).values_list("kind", "value"))
    assert ("nn", "krm:vrdk") in keys
    assert not any("mhmd" in value for _kind, value in keys)


@pytest.mark.parametrize(("given", "family", "birth"), [
    ("Mohammad", "Ahmadi", "1999-03-14"),      # Latin, English spelling
    ("Muhamed", "Ahmadzai", "1999-01-01"),     # Bosnian spelling, -zai, 1 January placeholder
    ("محمد", "احمدی", "1999"),                 # Arabic script, year only
    ("Ahmadi", "Mohammed", "1999-14-03"[:4]),  # swapped order
    ("Мухамед", "Ахмади", "1999-03-14"),       # Serbian Cyrillic, exact date
])
def test_the_same_person_is_found_across_scripts_and_spellings(officer_ba: User, sfa_ba: Institution,
                                                               given: str, family: str, birth: str) -> None:
    wanted = register(officer_ba, sfa_ba, "Мухамед", "Ахмади", birth_year=1999, birth_month=3, birth_day=14)
    register(officer_ba, sfa_ba, "Petar", "Petrović", birth_year=1999)
    register(officer_ba, sfa_ba, "Mohammad", "Karimi", birth_year=1970)
    found = ask(officer_ba, given, family, birth)
    assert found[0].person == wanted
    assert found[0].likely


def test_the_explanation_says_what_agreed_and_how(officer_ba: User, sfa_ba: Institution) -> None:
    register(officer_ba, sfa_ba, "Мухамед", "Ахмади", birth_year=1999, birth_month=4, birth_day=3)
    best = ask(officer_ba, "Ahmadzai", "Mohammed", "1999-03-04", nationalities=("PK",))[0]
    why = best.explanation
    levels = {(m.query_part, m.record_part): m.level for m in why.names}
    assert levels == {("mohammed", "muhamed"): "variant", ("ahmadzai", "ahmadi"): "key"}
    assert why.swapped_order
    assert "Muhammad (name)" in next(m.source for m in why.names if m.level == "variant")
    assert (why.birth.level, why.nationality, why.sex, why.scripts) == ("swapped", "different", "unknown",
                                                                       ("latin", "cyrillic"))
    assert 0 < best.score < 1


def test_a_different_birth_year_is_a_candidate_but_not_likely(officer_ba: User, sfa_ba: Institution) -> None:
    register(officer_ba, sfa_ba, "Reza", "Tavakoli", birth_year=1970)
    found = ask(officer_ba, "Reza", "Tavakoli", "1990")
    assert len(found) == 1
    assert not found[0].likely
    assert found[0].explanation.birth.level == "different"


def test_a_common_name_does_not_hide_the_match(officer_ba: User, sfa_ba: Institution) -> None:
    # More records sharing "Muhammad" (and the birth year) than any per-key cap.
    persons = Person.objects.bulk_create([
        Person(given_name="Muhammad", family_name=f"Aaa{number:03d}", given_name_latin="Muhammad",
               family_name_latin=f"Aaa{number:03d}", name_script="latin", birth_year=1996,
               registering_institution=sfa_ba, registered_by=officer_ba) for number in range(400)])
    assert services.reindex(persons) == 400
    wanted = register(officer_ba, sfa_ba, "Muhammad", "Zazai", birth_year=1996)
    found = ask(officer_ba, "Mohammed", "Zazai", "1996")
    assert found[0].person == wanted
    assert len(found) == 10


def test_the_answer_takes_three_queries(officer_ba: User, sfa_ba: Institution) -> None:
    register(officer_ba, sfa_ba, "Мухамед", "Ахмади", birth_year=1999, birth_month=3, birth_day=14)
    policy.require(officer_ba, "identity.candidates")  # the memberships, cached for the request
    with CaptureQueriesContext(connection) as queries_run:
        assert ask(officer_ba, "Mohammad", "Ahmadi", "1999-03-14")
    assert len(queries_run) <= 3


def test_no_name_no_candidates(officer_ba: User) -> None:
    assert ask(officer_ba, "", "", "1999") == []


def test_the_backfill_indexes_every_person(officer_ba: User, sfa_ba: Institution) -> None:
    register(officer_ba, sfa_ba, "Karim", "Noori")
    IdentityRecord.objects.all().delete()
    IdentityKey.objects.all().delete()
    assert services.reindex() == 1
    assert ask(officer_ba, "Kareem", "Noori")[0].person.family_name == "Noori"


# --- the registration warning --------------------------------------------------------------

def test_the_registration_warning_lists_likely_candidates_only(officer_ba: User, sfa_ba: Institution) -> None:
    first = register(officer_ba, sfa_ba, "Muhamed", "Ahmadzai", birth_year=1999, birth_month=1, birth_day=1)
    again = people.register_person(actor=officer_ba, institution=sfa_ba, data=person_data(
        given_name="محمد", family_name="احمدی", birth_year=1999, birth_month=6, birth_day=2))
    assert again.possible_duplicates == [first]
    other = people.possible_duplicates(actor=officer_ba, data=person_data(
        given_name="Muhamed", family_name="Ahmadzai", birth_year=1960))
    assert other == []


# --- the policy: wrong role, institution, country -------------------------------------------

def test_the_wrong_role_is_refused(escort_ba: User, officer_ba: User, sfa_ba: Institution) -> None:
    register(officer_ba, sfa_ba, "Karim", "Noori")
    with pytest.raises(policy.PermissionRefusedError):
        ask(escort_ba, "Karim", "Noori")


def test_another_institution_sees_none_of_its_records(officer_border_ba: User, officer_ba: User,
                                                      sfa_ba: Institution) -> None:
    register(officer_ba, sfa_ba, "Karim", "Noori")
    assert ask(officer_border_ba, "Karim", "Noori") == []


def test_api_answers_with_candidates_and_writes_no_audit_entry(api_for: Callable[[User], Client], officer_ba: User,
                                                               sfa_ba: Institution) -> None:
    wanted = register(officer_ba, sfa_ba, "Мухамед", "Ахмади", birth_year=1999)
    client = api_for(officer_ba)  # issuing the token is audited
    entries = AuditEntry.objects.count()
    response = client.post("/api/identity/candidates", {
        "given_name": "Mohammed", "family_name": "Ahmadi", "birth_date": "1999-01-01", "nationalities": ["af"]},
        content_type=JSON)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body[0]["person"]["id"] == str(wanted.pk)
    assert body[0]["likely"] is True
    assert body[0]["explanation"]["birth"] == "placeholder"
    assert body[0]["explanation"]["nationality"] == "same"
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize(("body", "field"), [
    ({"family_name": "Ahmadi", "birth_date": "1999-13"}, "birth_date"),
    ({"birth_date": "1999"}, "family_name"),
])
def test_api_refuses_bad_input_naming_the_field(api_for: Callable[[User], Client], officer_ba: User,
                                                body: dict[str, str], field: str) -> None:
    response = api_for(officer_ba).post("/api/identity/candidates", body, content_type=JSON)
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]


@pytest.mark.parametrize("persona", ["escort_ba", "officer_rs"])
def test_api_refuses_the_wrong_role_and_country(api_for: Callable[[User], Client], persona: str,
                                                request: pytest.FixtureRequest) -> None:
    user = request.getfixturevalue(persona)
    response = api_for(user).post("/api/identity/candidates", {"family_name": "Ahmadi"}, content_type=JSON)
    assert response.status_code == 403


def test_the_panel_shows_candidates_with_their_explanation(client_for: Callable[[User], Client], officer_ba: User,
                                                           sfa_ba: Institution) -> None:
    register(officer_ba, sfa_ba, "Мухамед", "Ахмади", birth_year=1999)
    client = client_for(officer_ba)
    assert client.get("/identity/candidates/").status_code == 200
    page = client.post("/identity/candidates/", {"given_name": "Mehmed", "family_name": "Ahmadi",
                                                 "birth_date": "1999"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ahmadi, Muhamed" in html
    assert "known spelling variant" in html
    assert "same year only" in html or "agrees where known" in html
    bad = client.post("/identity/candidates/", {"family_name": "Ahmadi", "birth_date": "14/03/99"})
    assert bad.status_code == 422


def test_the_panel_refuses_the_wrong_role(client_for: Callable[[User], Client], escort_ba: User) -> None:
    assert client_for(escort_ba).get("/identity/candidates/").status_code == 403
