"""The Deadline rows that case events produce (services.on_case_event), created from CaseEvents
recorded directly, as the asylum and returns services do inside their transactions."""

from datetime import date, datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from korak.events.services import record_event
from korak.organisations.models import Institution, User
from korak.timelines import queries, services
from korak.timelines.models import Deadline
from korak.timelines.tests.cases import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(officer_ba: User, sfa_ba: Institution) -> Case:
    return Case(officer_ba, sfa_ba, officer=officer_ba)


def test_pact_asylum_case_from_intention_to_final_decision(case: Case) -> None:
    """Reg. 2024/1348 Art. 27(1), 28(1), 35(3)-(4), 67(7); Reg. 2024/1358 Art. 15(1)."""
    case.event("asylum.intention_expressed", "2026-07-01T10:00+02:00", jurisdiction="EU", law_version=None,
               at_border=False)
    # Art. 27(1): 5 days from making, 6 July 2026 is a Monday.
    assert case.open() == {"asylum.registration": date(2026, 7, 6)}
    case.event("asylum.registered", "2026-07-03T09:00+02:00")
    rows = case.rows()
    assert rows["asylum.registration"].status == "met"
    assert rows["asylum.registration"].closed_at == datetime.fromisoformat("2026-07-03T09:00+02:00")
    # Art. 28(1): 21 days from registration; Eurodac Art. 15(1): 72 hours.
    assert case.open() == {"asylum.lodging": date(2026, 7, 24), "eurodac.transmission": date(2026, 7, 6)}
    case.event("asylum.lodged", "2026-07-10T11:00+02:00")
    assert case.open() == {"eurodac.transmission": date(2026, 7, 6), "asylum.admissibility": date(2026, 9, 10),
                           # 10 January 2027 is a Sunday: Art. 3(4) of 1182/71 moves it to Monday.
                           "asylum.examination.regular": date(2027, 1, 11)}
    case.event("asylum.procedure_assigned", "2026-07-15T11:00+02:00", procedure="accelerated")
    rows = case.rows()
    assert rows["asylum.examination.regular"].status == "cancelled"
    # Art. 35(3): 3 months from lodging (10 October 2026, a Saturday → Monday 12 October).
    assert rows["asylum.examination.accelerated"].due_date == date(2026, 10, 12)
    assert rows["asylum.examination.accelerated"].start_event.type == "asylum.lodged"
    case.event("asylum.admissibility_decided", "2026-07-20T11:00+02:00", admissible=True)
    case.event("asylum.decided", "2026-09-01T11:00+02:00", outcome="rejected")
    case.event("asylum.notified", "2026-09-02T11:00+02:00")
    # Art. 67(7)(a): the short track for a rejection in the accelerated procedure.
    assert case.open() == {"eurodac.transmission": date(2026, 7, 6),
                           "asylum.appeal.short_track.max": date(2026, 9, 16)}
    case.event("asylum.appeal_lodged", "2026-09-10T11:00+02:00", suspensive=True)
    assert case.rows()["asylum.appeal.short_track.max"].status == "met"
    case.event("asylum.final", "2026-12-01T11:00+01:00")
    assert case.open() == {}
    assert case.rows()["eurodac.transmission"].status == "cancelled"


def test_regular_procedure_extension_and_regular_appeal(case: Case) -> None:
    """Reg. 2024/1348 Art. 35(4) (6 months, extension) and Art. 67(7)(b)."""
    case.event("asylum.intention_expressed", "2026-08-31T10:00+02:00", jurisdiction="EU")
    case.event("asylum.registered", "2026-08-31T12:00+02:00")
    case.event("asylum.lodged", "2026-08-31T14:00+02:00")
    # 31 August + 6 months = 28 February 2027 (a Sunday) → Monday 1 March, Independence Day in
    # the Federation of BiH → Tuesday 2 March.
    assert case.open()["asylum.examination.regular"] == date(2027, 3, 2)
    case.event("asylum.examination_extended", "2027-02-01T10:00+01:00", reason="complex")
    row = case.rows()["asylum.examination.regular"]
    assert row.extensions == ["complex_or_numbers"]
    assert row.version == 2
    assert row.due_date > date(2027, 3, 2)
    case.event("asylum.decided", "2027-03-15T10:00+01:00", outcome="rejected")
    case.event("asylum.notified", "2027-03-16T10:00+01:00")
    assert "asylum.appeal.regular.max" in case.open()
    assert "asylum.appeal.short_track.max" not in case.open()


def test_explanation_renders_and_names_the_article(case: Case) -> None:
    case.event("asylum.intention_expressed", "2026-07-01T10:00+02:00", jurisdiction="EU")
    row = case.rows()["asylum.registration"]
    lines = queries.explanation(row)
    assert any("2024/1348, Art. 27(1)" in line for line in lines)
    assert row.reference == "Regulation (EU) 2024/1348, Art. 27(1)"
    assert row.law_version == "eu-2024-pact" and row.jurisdiction == "EU" and row.country == "BA"


def test_law_version_is_fixed_at_the_first_event(case: Case) -> None:
    """A case begun before 12 June 2026 stays under the Directive (Art. 6(1) of 2013/32/EU: 3
    working days) even for events after the Pact applies."""
    case.event("asylum.intention_expressed", "2026-06-10T10:00+02:00", jurisdiction="EU")
    assert case.rows()["asylum.registration"].law_version == "eu-2013"
    assert case.open() == {"asylum.registration": date(2026, 6, 15)}
    case.event("asylum.registered", "2026-06-12T10:00+02:00")
    case.event("asylum.lodged", "2026-06-20T10:00+02:00")
    rows = case.rows()
    assert "asylum.admissibility" not in rows  # a Pact rule: not in the Directive's version
    assert rows["asylum.examination.regular"].law_version == "eu-2013"
    assert rows["asylum.examination.absolute_max"].due_date == date(2028, 3, 20)


def test_law_version_named_in_the_payload_wins(case: Case) -> None:
    case.event("asylum.intention_expressed", "2026-07-01T10:00+02:00", jurisdiction="EU", law_version="eu-2013")
    assert case.rows()["asylum.registration"].law_version == "eu-2013"


def test_national_ba_case_counts_lodging_from_the_attestation(case: Case) -> None:
    """BA Law on Asylum: 14 days from the attestation of expressed intention (unverified rule)."""
    case.event("asylum.intention_expressed", "2027-02-15T10:00+01:00", jurisdiction="BA")
    row = case.rows()["asylum.lodging"]
    assert row.due_date == date(2027, 3, 2) and row.verified is False and row.jurisdiction == "BA"


def test_serbian_case_reports_within_72_hours(officer_ba: User, sfa_rs: Institution) -> None:
    """RS Law on Asylum: 72 hours from the recorded intention; the country is the institution's."""
    case = Case(officer_ba, sfa_rs)
    case.event("asylum.intention_expressed", "2026-03-27T18:30+01:00")
    row = case.rows()["asylum.reporting"]
    assert row.jurisdiction == "RS" and row.country == "RS"
    # Across the change to summer time on 29 March: 72 real hours end at 19:30 local time.
    assert row.due_at == datetime.fromisoformat("2026-03-30T19:30+02:00")
    assert row.officer is None


def test_return_decision_voluntary_departure_and_extension(officer_ba: User, sfa_ba: Institution) -> None:
    """Dir. 2008/115/EC Art. 7(1) (the granted period) and 7(2) (its extension)."""
    case = Case(officer_ba, sfa_ba, case_type="returns.case", officer=officer_ba)
    case.event("return.decided", "2026-07-01T10:00+02:00", jurisdiction="EU", law_version=None,
               voluntary_departure_days=30)
    assert case.open() == {"return.voluntary_departure.granted": date(2026, 7, 31)}
    case.event("return.voluntary_departure_extended", "2026-07-20T10:00+02:00", days=10, reason="family")
    row = case.rows()["return.voluntary_departure.granted"]
    assert row.due_date == date(2026, 8, 10) and row.extensions == ["extended.1"]
    assert row.case_kind == "return" and row.officer == officer_ba
    case.event("return.departed", "2026-08-05T10:00+02:00")
    assert case.rows()["return.voluntary_departure.granted"].status == "met"


def test_return_decision_without_a_period_starts_nothing(officer_ba: User, sfa_ba: Institution) -> None:
    case = Case(officer_ba, sfa_ba, case_type="returns.case")
    case.event("return.decided", "2026-07-01T10:00+02:00", jurisdiction="EU", voluntary_departure_days=None)
    assert case.rows() == {}


def test_detention_from_10_january_2026_alert_extension_and_ceiling(officer_ba: User, sfa_ba: Institution) -> None:
    """Dir. 2008/115/EC Art. 15(5)-(6): 6 months, extended by 12, 18 in all; never rolled forward."""
    case = Case(officer_ba, sfa_ba, case_type="returns.case")
    case.event("return.decided", "2026-01-05T10:00+01:00", jurisdiction="EU", voluntary_departure_days=None)
    case.event("return.detention_ordered", "2026-01-10T10:00+01:00")
    assert case.open() == {"return.detention.initial_max": date(2026, 7, 10),
                           "return.detention.absolute_max": date(2027, 7, 10)}
    case.event("return.detention_extended", "2026-07-01T10:00+02:00", reason="no documents", months=12)
    assert case.open()["return.detention.initial_max"] == date(2027, 7, 10)
    # A second extension has nothing left to apply: the ceiling stays.
    case.event("return.detention_extended", "2027-01-01T10:00+01:00", reason="again", months=6)
    assert case.open()["return.detention.initial_max"] == date(2027, 7, 10)
    case.event("return.detention_ended", "2027-02-01T10:00+01:00")
    assert case.open() == {}
    assert {row.status for row in case.rows().values()} == {"met"}


def test_second_detention_keeps_the_ceiling_of_the_first(officer_ba: User, sfa_ba: Institution) -> None:
    """All periods for the same return decision count together (Art. 15(6) as read by the CJEU)."""
    case = Case(officer_ba, sfa_ba, case_type="returns.case")
    case.event("return.decided", "2026-01-05T10:00+01:00", jurisdiction="EU")
    case.event("return.detention_ordered", "2026-01-10T10:00+01:00")
    case.event("return.detention_ended", "2026-02-10T10:00+01:00")
    case.event("return.detention_ordered", "2026-03-10T10:00+01:00")
    assert Deadline.objects.filter(case_id=case.id, rule_id="return.detention.absolute_max").count() == 1


def test_reassignment_moves_open_deadlines_only(case: Case, officer_ba: User, supervisor_ba: User) -> None:
    case.event("asylum.intention_expressed", "2026-07-01T10:00+02:00", jurisdiction="EU")
    case.event("asylum.registered", "2026-07-03T09:00+02:00")
    case.event("asylum.interview_scheduled", "2026-07-04T09:00+02:00", officer=supervisor_ba)
    rows = case.rows()
    assert rows["asylum.registration"].officer_id == officer_ba.pk  # met before the reassignment
    assert rows["asylum.lodging"].officer_id == supervisor_ba.pk


def test_unknown_law_version_records_nothing_and_does_not_fail(case: Case, caplog: Any) -> None:
    case.event("asylum.intention_expressed", "2016-07-01T10:00+02:00", jurisdiction="EU")
    assert case.rows() == {}
    assert "no EU law version in force on 2016-07-01" in caplog.text


def test_events_of_other_apps_are_ignored(case: Case) -> None:
    case.event("person.registered", "2026-07-01T10:00+02:00")
    assert case.rows() == {}


def test_on_case_event_query_count_is_pinned(case: Case) -> None:
    case.event("asylum.intention_expressed", "2026-07-01T10:00+02:00", jurisdiction="EU")
    case.event("asylum.registered", "2026-07-03T09:00+02:00")
    when = datetime.fromisoformat("2026-07-10T11:00+02:00")
    event = record_event(type="asylum.lodged", case_type=case.case_type, case_id=case.id, actor=case.actor,
                         institution=case.institution, occurred_at=when, recorded_at=when, payload={})
    with CaptureQueriesContext(connection) as captured:
        services.on_case_event(event, officer=case.officer)
    # events of the case, existing deadlines, one bulk insert, one update (lodging met).
    assert len(captured) == 4, [q["sql"][:80] for q in captured]


@pytest.mark.parametrize("flag", ["age_in_doubt", "under_six"])
def test_no_eurodac_deadline_under_six_or_when_the_age_is_in_doubt(case: Case, flag: str) -> None:
    """Reg. 2024/1358 Art. 15(1) (applicants aged 6 or over) and Art. 14(1) (age in doubt = under 6)."""
    case.event("asylum.intention_expressed", "2026-07-01T10:00+02:00", jurisdiction="EU")
    case.event("asylum.registered", "2026-07-03T09:00+02:00", **{flag: True})
    assert "eurodac.transmission" not in case.rows()
    assert "asylum.lodging" in case.rows()


def test_an_institution_outside_the_four_countries_records_nothing(officer_ba: User) -> None:
    """A partner country (AT) has no Korak calendar: the case's service must not fail."""
    from korak.organisations.models import Country

    vienna = Institution.objects.create(name="Partner ministry (test)", kind="ministry",
                                        country=Country.objects.get(code="AT"))
    case = Case(officer_ba, vienna)
    case.event("asylum.intention_expressed", "2026-07-01T10:00+02:00", jurisdiction="EU")
    assert case.rows() == {}
