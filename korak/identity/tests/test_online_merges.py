"""Online candidates never offer a person merged away: its survivor is offered instead, once,
with the better of their records; undoing the merge offers both again. All synthetic people."""

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from korak import policy
from korak.identity import queries
from korak.identity.linkage import registry
from korak.organisations.models import Institution, User
from korak.people import services as people
from korak.people.models import Person
from tests.personas import person_data


def register(officer: User, institution: Institution, given: str, family: str, **overrides: Any) -> Person:
    return people.register_person(actor=officer, institution=institution,
                                  data=person_data(given_name=given, family_name=family, **overrides)).person


def ask(officer: User, given: str, family: str, birth: str = "") -> list[queries.Candidate]:
    return queries.candidates(officer, queries.CandidateQuery(given_name=given, family_name=family, birth_date=birth))


def test_a_person_merged_away_is_not_offered_its_survivor_is_once(officer_ba: User, supervisor_ba: User,
                                                                  sfa_ba: Institution) -> None:
    survivor = register(officer_ba, sfa_ba, "Mohammad", "Ahmadi", birth_year=1999, birth_month=3, birth_day=14)
    merged = register(officer_ba, sfa_ba, "Мухамед", "Ахмадзаи", birth_year=1999, birth_month=3, birth_day=14)
    other = register(officer_ba, sfa_ba, "Muhamed", "Ahmadi", birth_year=1970)
    before = [c.person for c in ask(officer_ba, "Muhamed", "Ahmadzai", "1999-03-14")]
    assert before[0] == merged and set(before) == {survivor, merged, other}

    merge = registry.merge_persons(actor=supervisor_ba, survivor_id=survivor.pk, merged_id=merged.pk,
                                   reason="same document number")
    policy.require(officer_ba, "identity.candidates")  # the memberships, cached for the request
    with CaptureQueriesContext(connection) as run:
        found = ask(officer_ba, "Muhamed", "Ahmadzai", "1999-03-14")
    assert len(run) <= 3
    assert [c.person for c in found] == [survivor, other]
    # The survivor is offered with its best record: the merged one's spelling fits best.
    assert found[0].explanation.names[0].record_part in {"muhamed", "ahmadzai"}

    registry.unmerge_persons(actor=supervisor_ba, merge_id=merge.pk, reason="two persons after all")
    assert {c.person for c in ask(officer_ba, "Muhamed", "Ahmadzai", "1999-03-14")} == {survivor, merged, other}


def test_the_survivor_is_not_offered_to_whom_may_not_see_it(officer_ba: User, supervisor_ba: User,
                                                             officer_border_ba: User, sfa_ba: Institution) -> None:
    survivor = register(officer_ba, sfa_ba, "Karim", "Noori", birth_year=1985)
    merged = register(officer_ba, sfa_ba, "Kareem", "Nouri", birth_year=1985)
    registry.merge_persons(actor=supervisor_ba, survivor_id=survivor.pk, merged_id=merged.pk, reason="same person")
    assert [c.person for c in ask(officer_ba, "Kareem", "Nouri", "1985")] == [survivor]
    assert ask(officer_border_ba, "Kareem", "Nouri", "1985") == []


def test_the_person_asked_about_is_left_out_with_what_was_merged_into_it(officer_ba: User, supervisor_ba: User,
                                                                          sfa_ba: Institution) -> None:
    survivor = register(officer_ba, sfa_ba, "Reza", "Tavakoli", birth_year=1970)
    merged = register(officer_ba, sfa_ba, "Reza", "Tavakkoli", birth_year=1970)
    registry.merge_persons(actor=supervisor_ba, survivor_id=survivor.pk, merged_id=merged.pk, reason="same person")
    found = queries.candidates(officer_ba, queries.CandidateQuery(given_name="Reza", family_name="Tavakoli",
                                                                  birth_date="1970"), exclude=survivor.pk)
    assert found == []
