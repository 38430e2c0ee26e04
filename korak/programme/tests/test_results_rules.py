"""The indicator rules, pure: no database. Acceptance figures of issue 3 are pinned here."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from korak.programme import indicator_rules as r


def _row(key: int, sex: str = "female", country: str = "BA", institution: str = "sfa", **values: int) -> r.PersonRow:
    return r.PersonRow(key=key, sex=sex, country=country, institution=institution, values=values)


def test_usefulness_acceptance_21_of_25_respondents_of_30_attendees() -> None:
    """30 attendees, 25 respond, 21 answer useful or very useful: 21, 84 % of respondents,
    70 % of attendees, response rate 83 %."""
    answers: list[int | None] = [5] * 12 + [4] * 9 + [3] * 2 + [2, 1] + [None] * 5
    rows = [
        _row(i, sex="female" if i % 2 else "male", attended=1, responded=int(a is not None),
             useful=int(r.is_useful(a)))
        for i, a in enumerate(answers)
    ]
    indicator = r.survey_indicator(rows, attendees="attended", respondents="responded", positive="useful")
    assert indicator.value == 21
    assert (indicator.of_respondents.numerator, indicator.of_respondents.denominator) == (21, 25)
    assert indicator.of_respondents.percent == 84
    assert indicator.of_attendees.percent == 70
    assert indicator.response_rate.percent == 83
    assert indicator.reconciles()


def test_likert_rule() -> None:
    assert [r.is_useful(a) for a in (None, 1, 2, 3, 4, 5)] == [False, False, False, False, True, True]


def test_percent_rounds_half_up_and_refuses_zero_denominator() -> None:
    assert r.percent(1, 8) == 13  # 12.5
    assert r.percent(25, 30) == 83
    assert r.percent(0, 0) is None


def test_gain_acceptance_pre_40_post_85() -> None:
    assert r.normalised_gain(40, 85) == Decimal("0.75")


def test_gain_is_negative_when_post_is_worse_and_undefined_at_100() -> None:
    assert r.normalised_gain(50, 25) == Decimal("-0.5")
    assert r.normalised_gain(100, 100) is None


def test_cohort_gain_on_matched_pairs_lists_the_excluded() -> None:
    cohort = r.cohort_gain(pre={"a": 40, "b": 60, "c": 100, "d": 50}, post={"a": 85, "b": 80, "c": 90, "e": 70})
    assert [p.person for p in cohort.pairs] == ["a", "b"]
    assert cohort.excluded == [("c", r.Exclusion.PRE_AT_MAXIMUM), ("d", r.Exclusion.NO_POST),
                               ("e", r.Exclusion.NO_PRE)]
    assert cohort.mean_gain == Decimal("0.6250")  # (0.75 + 0.5) / 2
    assert cohort.gain_of_means == Decimal("0.6500")  # mean pre 50, mean post 82.5
    assert cohort.band() == "medium"


def test_cohort_without_pairs_has_no_gain() -> None:
    cohort = r.cohort_gain(pre={"a": 40}, post={})
    assert cohort.mean_gain is None and cohort.band() is None
    assert cohort.excluded == [("a", r.Exclusion.NO_POST)]


def test_survivor_follows_chains_and_stops_on_cycles() -> None:
    merged = {"a": "b", "b": "c", "c": None, "x": "y", "y": "x"}
    assert r.survivor_of("a", merged) == "c"
    assert r.survivor_of("c", merged) == "c"
    assert r.survivor_of("z", merged) == "z"
    assert r.survivor_of("x", merged) in {"x", "y"}


def test_person_days_day_is_one_half_day_is_half() -> None:
    assert r.person_days({"day": 3, "am": 1, "pm": 2}) == Decimal("4.5")
    assert r.person_days({}) == 0


def test_quarters() -> None:
    assert r.quarter_of(date(2024, 5, 14)) == "2024-Q2"
    assert r.quarter_of(date(2025, 12, 31)) == "2025-Q4"
    assert r.quarters_between(date(2023, 7, 1), date(2024, 2, 1)) == ["2023-Q3", "2023-Q4", "2024-Q1"]


def test_activity_counts_regional_activity_is_not_recorded_country() -> None:
    counts = r.count_activities([
        r.ActivityFact("conference", "BA", date(2024, 5, 14)),
        r.ActivityFact("workshop", "MK", date(2024, 6, 10)),
        r.ActivityFact("campaign", "", date(2026, 4, 1)),
    ])
    assert counts.total == 3
    assert counts.by_country == {"BA": 1, "MK": 1, r.NOT_RECORDED: 1}
    assert counts.by_quarter == {"2024-Q2": 2, "2026-Q2": 1}
    assert counts.by_country_quarter[("BA", "2024-Q2")] == 1
    assert counts.reconciles()


def test_follow_up_calendar_acceptance() -> None:
    """A training ending 14 Mar 2025: invitation 12 Jun 2025, one reminder 7 days later."""
    ends = date(2025, 3, 14)
    assert r.follow_up_due(ends) == date(2025, 6, 12)
    assert r.follow_up_step(ends_on=ends, sent_on=None, reminded_on=None, today=date(2025, 6, 11)) is None
    step = r.follow_up_step(ends_on=ends, sent_on=None, reminded_on=None, today=date(2025, 6, 12))
    assert step == r.FollowUpStep.SEND
    sent = date(2025, 6, 12)
    assert r.follow_up_step(ends_on=ends, sent_on=sent, reminded_on=None, today=date(2025, 6, 18)) is None
    step = r.follow_up_step(ends_on=ends, sent_on=sent, reminded_on=None, today=date(2025, 6, 19))
    assert step == r.FollowUpStep.REMIND
    assert r.follow_up_step(ends_on=ends, sent_on=sent, reminded_on=date(2025, 6, 19), today=date(2025, 9, 1)) is None


def test_follow_up_answer_window() -> None:
    ends = date(2025, 3, 14)
    assert r.answer_counts(ends_on=ends, answered_on=date(2025, 7, 12))  # due + 30
    assert not r.answer_counts(ends_on=ends, answered_on=date(2025, 7, 13))
    assert not r.answer_counts(ends_on=ends, answered_on=date(2025, 4, 1))


def test_missing_sex_country_institution_go_to_not_recorded_not_dropped() -> None:
    figure = r.tally([_row(1, sex="", country="", institution="", n=1), _row(2, sex="other", n=1)], "n")
    assert figure.total == 2
    assert figure.by["sex"] == {r.NOT_RECORDED: 2}
    assert figure.by["country"] == {r.NOT_RECORDED: 1, "BA": 1}
    assert figure.reconciles()


_rows = st.lists(
    st.builds(
        r.PersonRow,
        key=st.integers(),
        sex=st.sampled_from(["female", "male", "not_recorded", "", "x"]),
        country=st.sampled_from(["BA", "RS", "ME", "MK", ""]),
        institution=st.sampled_from(["a", "b", "c", ""]),
        values=st.fixed_dictionaries({
            "participations": st.integers(0, 20),
            "days": st.decimals(min_value=0, max_value=50, places=1, allow_nan=False, allow_infinity=False),
            "attended": st.integers(0, 5), "responded": st.integers(0, 5), "useful": st.integers(0, 5),
        }),
    ),
    max_size=60,
)


@given(_rows)
def test_every_breakdown_sums_to_its_total(rows: list[r.PersonRow]) -> None:
    for measure in ("participations", "days", r.counts_if_positive("participations")):
        figure = r.tally(rows, measure)
        assert figure.reconciles()
        assert set(figure.by) == set(r.DIMENSIONS)
    indicator = r.survey_indicator(rows, attendees="attended", respondents="responded", positive="useful")
    assert indicator.reconciles()


@given(st.lists(st.builds(r.ActivityFact, kind=st.sampled_from(["training", "workshop"]),
                          country=st.sampled_from(["BA", "AT", ""]),
                          starts_on=st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 12, 31)))))
def test_activity_breakdowns_sum_to_total(facts: list[r.ActivityFact]) -> None:
    assert r.count_activities(facts).reconciles()


@given(st.integers(0, 99), st.integers(0, 100))
def test_gain_is_at_most_one_and_one_only_at_full_marks(pre: int, post: int) -> None:
    gain = r.normalised_gain(pre, post)
    assert gain is not None and gain <= 1
    assert (gain == 1) == (post == 100)
