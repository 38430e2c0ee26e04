"""Indicators, assessments and surveys against the database (both SQLite and PostgreSQL)."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from openpyxl import load_workbook

from korak.audit.models import AuditEntry
from korak.audit.queries import verify_chain
from korak.core.refusal import RefusedError
from korak.organisations.models import Institution, User
from korak.programme import assessments, exports, indicators, services
from korak.programme.models import Activity, Official, Programme, SurveyKind
from korak.programme.tests.conftest import make_official

SARAJEVO = ZoneInfo("Europe/Sarajevo")


@pytest.fixture
def thirty(coordinator: User, activity: Activity, sfa_ba: Institution, mup_rs: Institution) -> list[Official]:
    """30 attendees of the training: 16 women, 13 men, 1 not recorded; BA and RS institutions."""
    sexes = ["female"] * 16 + ["male"] * 13 + ["not_recorded"]
    people = [make_official(coordinator, sfa_ba if i % 3 else mup_rs, f"Ime{i}", f"Prezime{i}", sex=sex)
              for i, sex in enumerate(sexes)]
    first = activity.sessions.order_by("on").first()
    assert first is not None
    for official in people:
        services.check_in(actor=coordinator, session_id=first.id, official_id=official.id)
    return people


def test_usefulness_acceptance_from_the_database(coordinator: User, activity: Activity, programme: Programme,
                                                 thirty: list[Official]) -> None:
    survey = assessments.create_survey(actor=coordinator, activity_id=activity.id, kind=SurveyKind.SATISFACTION)
    answers = [5] * 12 + [4] * 9 + [3, 3, 2, 1]
    for official, answer in zip(thirty, answers, strict=False):
        assessments.record_response(actor=coordinator, survey_id=survey.id, official_id=official.id, useful=answer,
                                    answered_on=activity.ends_on)
    result = indicators.compute(programme=programme)
    useful = result.surveys["useful"]
    assert useful.value == 21
    assert (useful.of_respondents.numerator, useful.of_respondents.denominator) == (21, 25)
    assert useful.of_respondents.percent == 84
    assert useful.of_attendees.percent == 70
    assert useful.response_rate.percent == 83
    assert result.reconciles()
    assert result.figures["unique_participants"].by["sex"] == {"female": 16, "male": 13, "not_recorded": 1}


def test_merged_official_counts_once_and_person_days_weigh_half_days(
        coordinator: User, programme: Programme, activity: Activity, ministry_ba: Institution,
        sfa_ba: Institution) -> None:
    other = services.create_activity(
        actor=coordinator, programme_id=programme.id, institution=ministry_ba,
        data=services.ActivityData(kind="training", title="Half days", country="ME", starts_on=date(2026, 4, 1),
                                   ends_on=date(2026, 4, 1)))
    morning = services.add_session(actor=coordinator, activity_id=other.id, on=date(2026, 4, 1), part="am")
    afternoon = services.add_session(actor=coordinator, activity_id=other.id, on=date(2026, 4, 1), part="pm")
    cyrillic = make_official(coordinator, sfa_ba, "Марко", "Петровић", sex="male")
    latin = make_official(coordinator, sfa_ba, "Marko", "Petrovic", sex="male")
    days = list(activity.sessions.order_by("on"))
    for session in days[:2]:
        services.check_in(actor=coordinator, session_id=session.id, official_id=cyrillic.id)
    # The same person, signed in under the other spelling: the first day twice, the third day once.
    for session in (days[0], days[2]):
        services.check_in(actor=coordinator, session_id=session.id, official_id=latin.id)
    services.check_in(actor=coordinator, session_id=morning.id, official_id=latin.id)
    services.check_in(actor=coordinator, session_id=afternoon.id, official_id=cyrillic.id)
    before = indicators.compute(programme=programme)
    assert before.figures["unique_participants"].total == 2
    # A merge that left the rows where they were still counts them for the survivor, once.
    Official.objects.filter(pk=latin.pk).update(merged_into=cyrillic)
    after = indicators.compute(programme=programme)
    assert after.figures["unique_participants"].total == 1
    assert after.figures["participations"].total == 2
    assert after.figures["person_days"].total == Decimal(4)  # days 1, 2, 3 + two half days
    assert after.activities.by_country == {"BA": 1, "ME": 1}
    assert after.reconciles()


def test_indicator_queries_do_not_grow_with_attendance(coordinator: User, programme: Programme, activity: Activity,
                                                        thirty: list[Official],
                                                        django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(10):
        indicators.compute(programme=programme)


def test_export_csv_and_xlsx_carry_the_same_totals(coordinator: User, programme: Programme,
                                                   thirty: list[Official]) -> None:
    result = indicators.compute(programme=programme)
    table = list(csv.DictReader(io.StringIO(exports.to_csv(result).decode("utf-8-sig"))))
    totals = {row["indicator"]: row["value"] for row in table if row["dimension"] == "total"}
    assert totals["unique_participants"] == "30"
    assert totals["activities"] == "1"
    for indicator in ("participations", "unique_participants"):
        for dimension in ("sex", "country", "institution"):
            parts = [int(row["value"]) for row in table
                     if row["indicator"] == indicator and row["dimension"] == dimension]
            assert sum(parts) == int(totals[indicator])
    book = load_workbook(io.BytesIO(exports.to_xlsx(result)))
    sheet = book["Indicators"]
    xlsx_totals = {r[0]: r[4] for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == "total"}
    assert {k: str(int(v)) for k, v in xlsx_totals.items()} == {k: str(int(Decimal(v))) for k, v in totals.items()}
    assert book["Rules"].max_row == len(indicators.DEFINITIONS) + 1


def test_gain_acceptance_pre_40_post_85(coordinator: User, activity: Activity, thirty: list[Official]) -> None:
    pre = assessments.create_test(actor=coordinator, activity_id=activity.id, kind="pre")
    post = assessments.create_test(actor=coordinator, activity_id=activity.id, kind="post")
    assessments.record_test_result(actor=coordinator, test_id=pre.id, official_id=thirty[0].id, score=Decimal(40))
    assessments.record_test_result(actor=coordinator, test_id=post.id, official_id=thirty[0].id, score=Decimal(85))
    assessments.record_test_result(actor=coordinator, test_id=post.id, official_id=thirty[1].id, score=Decimal(90))
    assessments.record_test_result(actor=coordinator, test_id=pre.id, official_id=thirty[2].id, score=Decimal(100))
    assessments.record_test_result(actor=coordinator, test_id=post.id, official_id=thirty[2].id, score=Decimal(100))
    cohort = assessments.cohort_gain(actor=coordinator, activity_id=activity.id)
    assert [(p.person, p.gain) for p in cohort.pairs] == [(thirty[0].id, Decimal("0.75"))]
    assert dict(cohort.excluded) == {thirty[1].id: "no_pre_test", thirty[2].id: "pre_test_at_maximum"}


def test_test_scored_from_a_question_bank(coordinator: User, activity: Activity, thirty: list[Official]) -> None:
    bank = assessments.create_question_bank(actor=coordinator, title="Escort basics", questions=[
        assessments.QuestionData("Q1", ["a", "b"], 0), assessments.QuestionData("Q2", ["a", "b"], 1),
        assessments.QuestionData("Q3", ["a", "b", "c"], 2, points=2)])
    test = assessments.create_test(actor=coordinator, activity_id=activity.id, kind="post", bank_id=bank.id)
    result = assessments.record_test_result(actor=coordinator, test_id=test.id, official_id=thirty[0].id,
                                            answers=[0, 0, 2])
    assert result.score == Decimal("75.00")


def test_results_refused_for_non_attendee_and_bad_input(coordinator: User, activity: Activity,
                                                        official_sfa: Official, thirty: list[Official]) -> None:
    test = assessments.create_test(actor=coordinator, activity_id=activity.id, kind="pre")
    with pytest.raises(RefusedError) as refused:
        assessments.record_test_result(actor=coordinator, test_id=test.id, official_id=official_sfa.id, score=50)
    assert "official_id" in refused.value.refusal.fields
    with pytest.raises(RefusedError) as refused:
        assessments.record_test_result(actor=coordinator, test_id=test.id, official_id=thirty[0].id, score=101)
    assert "score" in refused.value.refusal.fields
    survey = assessments.create_survey(actor=coordinator, activity_id=activity.id, kind="satisfaction",
                                       anonymous=True)
    with pytest.raises(RefusedError):
        assessments.record_response(actor=coordinator, survey_id=survey.id, official_id=thirty[0].id, useful=5,
                                    answered_on=activity.ends_on)
    with pytest.raises(RefusedError):
        assessments.record_response(actor=coordinator, survey_id=survey.id, useful=6, answered_on=activity.ends_on)


def test_anonymous_answers_count_as_not_recorded(coordinator: User, activity: Activity, programme: Programme,
                                                 thirty: list[Official]) -> None:
    survey = assessments.create_survey(actor=coordinator, activity_id=activity.id, kind="satisfaction",
                                       anonymous=True)
    for answer in (5, 4, 2):
        assessments.record_response(actor=coordinator, survey_id=survey.id, useful=answer,
                                    answered_on=activity.ends_on)
    useful = indicators.compute(programme=programme).surveys["useful"]
    assert (useful.value, useful.respondents.total, useful.attendees.total) == (2, 3, 30)
    assert useful.positive.by["sex"] == {"not_recorded": 2}
    assert useful.reconciles()


def test_follow_up_sent_once_at_day_90_and_reminded_once(coordinator: User, activity: Activity, programme: Programme,
                                                         thirty: list[Official]) -> None:
    for official in thirty[:3]:
        Official.objects.filter(pk=official.pk).update(email=f"{official.latin_given.lower()}@example.org")
    # The training ends on 6 March 2026: due on 4 June.
    assert assessments.send_due_follow_ups(now=datetime(2026, 6, 3, 9, tzinfo=SARAJEVO)).sent == 0
    first = assessments.send_due_follow_ups(now=datetime(2026, 6, 4, 9, tzinfo=SARAJEVO))
    again = assessments.send_due_follow_ups(now=datetime(2026, 6, 4, 18, tzinfo=SARAJEVO))
    assert (first.sent, first.messages, again.sent, again.reminded) == (1, 3, 0, 0)
    survey = activity.surveys.get(kind=SurveyKind.FOLLOW_UP)
    assessments.record_response(actor=coordinator, survey_id=survey.id, official_id=thirty[0].id, uses_skills=True,
                                answered_on=date(2026, 6, 6))
    reminder = assessments.send_due_follow_ups(now=datetime(2026, 6, 11, 9, tzinfo=SARAJEVO))
    later = assessments.send_due_follow_ups(now=datetime(2026, 9, 1, 9, tzinfo=SARAJEVO))
    assert (reminder.reminded, reminder.messages, later.sent, later.reminded) == (1, 2, 0, 0)
    assert len(mail.outbox) == 5
    assert AuditEntry.objects.filter(action__startswith="programme.survey.follow_up").count() == 2
    assert verify_chain().ok
    # An answer long after the window is kept and flagged, not counted.
    late = assessments.record_response(actor=coordinator, survey_id=survey.id, official_id=thirty[1].id,
                                       uses_skills=True, answered_on=date(2026, 9, 1))
    assert late.counted is False
    skills = indicators.compute(programme=programme).surveys["uses_skills"]
    assert (skills.value, skills.respondents.total, skills.attendees.total) == (1, 1, 30)
