"""EU rule scenarios. Each case names the article it proves; the expected dates were worked out
by hand from the calendar (2026-03-29 and 2026-10-25 are the 2026 clock changes; 1 March is
Independence Day in the Federation of BiH; 7 January Orthodox Christmas in BA and RS)."""

import re
from datetime import timedelta

import pytest

from korak.timelines.errors import NaiveDatetimeError, UnknownCountryError, UnknownExtensionError, UnknownRuleError
from korak.timelines.explain import explain
from korak.timelines.tests.conftest import at, codes, d, deadline, step

# (rule, start, country, extensions, due_date)
PACT_DAY_CASES = [
    pytest.param("screening.border", "2026-07-03T10:00+02:00", "BA", (), "2026-07-10",
                 id="screening_art8_3_seven_days_ends_on_a_friday"),
    pytest.param("screening.border", "2026-07-04T10:00+02:00", "BA", (), "2026-07-13",
                 id="screening_art8_3_ends_saturday_moves_to_monday_reg1182_art3_4"),
    pytest.param("screening.border", "2026-07-05T23:59+02:00", "BA", (), "2026-07-13",
                 id="screening_art8_3_ends_sunday_moves_to_monday_reg1182_art3_4"),
    pytest.param("screening.border", "2026-12-26T08:00+01:00", "BA", (), "2027-01-04",
                 id="screening_art8_3_ends_on_new_year_holiday_saturday_moves_to_monday"),
    pytest.param("screening.border", "2026-12-31T08:00+01:00", "RS", (), "2027-01-08",
                 id="screening_art8_3_ends_on_orthodox_christmas_in_serbia"),
    pytest.param("screening.border", "2027-02-22T08:00+01:00", "BA", (), "2027-03-02",
                 id="screening_art8_3_ends_on_ba_independence_day_1_march"),
    pytest.param("screening.border", "2027-02-22T08:00+01:00", "RS", (), "2027-03-01",
                 id="screening_art8_3_1_march_is_a_working_day_in_serbia"),
    pytest.param("screening.border", "2026-07-06T08:00+02:00", "ME", (), "2026-07-15",
                 id="screening_art8_3_ends_on_montenegro_statehood_days"),
    pytest.param("screening.border.after_border_hold", "2026-07-06T08:00+02:00", "BA", (), "2026-07-10",
                 id="screening_art8_3_second_sentence_four_days_after_72h_hold"),
    pytest.param("screening.inland", "2026-07-01T08:00+02:00", "BA", (), "2026-07-06",
                 id="screening_art8_4_three_days_end_saturday_moves_to_monday"),
    pytest.param("screening.inland", "2026-07-07T08:00+02:00", "BA", (), "2026-07-10",
                 id="screening_art8_4_three_days_ends_friday"),
    pytest.param("screening.inland", "2026-12-23T08:00+01:00", "BA", (), "2026-12-29",
                 id="screening_art8_4_reg1182_art3_5_two_working_days_over_catholic_christmas"),
    pytest.param("screening.inland", "2026-12-23T08:00+01:00", "RS", (), "2026-12-28",
                 id="screening_art8_4_reg1182_art3_5_already_two_working_days_in_serbia"),
    pytest.param("asylum.registration", "2026-06-15T09:00+02:00", "BA", (), "2026-06-22",
                 id="registration_apr_art27_1_five_days_ends_saturday"),
    pytest.param("asylum.registration", "2026-06-15T09:00+02:00", "BA", ("disproportionate_numbers",),
                 "2026-06-30", id="registration_apr_art27_fifteen_days_disproportionate_numbers"),
    pytest.param("asylum.lodging", "2026-06-12T09:00+02:00", "BA", (), "2026-07-03",
                 id="lodging_apr_art28_1_twenty_one_days"),
    pytest.param("asylum.lodging", "2026-11-04T09:00+01:00", "BA", (), "2026-11-26",
                 id="lodging_apr_art28_1_ends_on_ba_statehood_day"),
    pytest.param("asylum.lodging", "2026-11-04T09:00+01:00", "RS", (), "2026-11-25",
                 id="lodging_apr_art28_1_statehood_day_of_ba_not_a_holiday_in_serbia"),
    pytest.param("asylum.admissibility", "2026-06-30T09:00+02:00", "BA", (), "2026-08-31",
                 id="admissibility_apr_art35_1_two_months_ends_sunday"),
    pytest.param("asylum.admissibility", "2026-06-30T09:00+02:00", "BA", ("complex_or_numbers",), "2026-10-30",
                 id="admissibility_apr_art35_2_extended_by_two_months"),
    pytest.param("asylum.admissibility.short", "2026-12-18T09:00+01:00", "BA", (), "2027-01-08",
                 id="admissibility_apr_art35_1_ten_working_days_over_both_christmases_in_ba"),
    pytest.param("asylum.admissibility.short", "2026-12-18T09:00+01:00", "RS", (), "2027-01-04",
                 id="admissibility_apr_art35_1_ten_working_days_in_serbia"),
    pytest.param("asylum.examination.accelerated", "2026-11-30T09:00+01:00", "BA", (), "2027-03-02",
                 id="accelerated_apr_art35_3_month_end_then_sunday_then_independence_day"),
    pytest.param("asylum.examination.regular", "2026-08-31T09:00+02:00", "BA", (), "2027-03-02",
                 id="regular_apr_art35_4_31_august_plus_6_months_is_28_february_then_1_march_holiday"),
    pytest.param("asylum.examination.regular", "2026-08-31T09:00+02:00", "RS", (), "2027-03-01",
                 id="regular_apr_art35_4_31_august_plus_6_months_in_serbia"),
    pytest.param("asylum.examination.regular", "2026-08-31T09:00+02:00", "BA", ("complex_or_numbers",),
                 "2027-08-31", id="regular_apr_art35_5_extension_counts_12_months_from_lodging"),
    pytest.param("asylum.examination.regular", "2027-08-31T09:00+02:00", "BA", (), "2028-02-29",
                 id="regular_apr_art35_4_31_august_plus_6_months_is_29_february_in_a_leap_year"),
    pytest.param("asylum.border_procedure", "2026-06-15T09:00+02:00", "BA", (), "2026-09-07",
                 id="border_procedure_apr_art51_2_twelve_weeks_same_weekday"),
    pytest.param("asylum.border_procedure", "2026-06-15T09:00+02:00", "BA", ("relocation",), "2026-10-05",
                 id="border_procedure_apr_art51_2_sixteen_weeks_on_relocation"),
    pytest.param("asylum.border_procedure", "2026-06-16T09:00+02:00", "MK", (), "2026-09-09",
                 id="border_procedure_apr_art51_2_ends_on_mk_independence_day"),
    pytest.param("asylum.border_procedure", "2026-06-16T09:00+02:00", "BA", (), "2026-09-08",
                 id="border_procedure_apr_art51_2_8_september_working_in_ba"),
    pytest.param("asylum.appeal.short_track.min", "2026-12-28T09:00+01:00", "BA", (), "2027-01-04",
                 id="appeal_apr_art67_7_five_days_ends_on_new_year_saturday"),
    pytest.param("asylum.appeal.short_track.max", "2026-12-24T09:00+01:00", "BA", (), "2027-01-08",
                 id="appeal_apr_art67_7_two_weeks_ends_on_orthodox_christmas"),
    pytest.param("asylum.appeal.regular.min", "2026-06-29T09:00+02:00", "BA", (), "2026-07-13",
                 id="appeal_apr_art67_7_two_weeks_ends_monday"),
    pytest.param("asylum.appeal.regular.max", "2027-01-31T09:00+01:00", "BA", (), "2027-03-02",
                 id="appeal_apr_art67_7_one_month_from_31_january_then_1_march_holiday"),
    pytest.param("return.border_procedure", "2026-06-16T09:00+02:00", "BA", (), "2026-09-08",
                 id="return_border_procedure_rbpr_art4_2_twelve_weeks"),
    pytest.param("return.border_procedure", "2026-06-16T09:00+02:00", "BA", ("crisis",), "2026-10-20",
                 id="return_border_procedure_rbpr_art6_1_a_plus_six_weeks_in_crisis"),
    pytest.param("return.border_procedure.voluntary_departure_max", "2026-07-01T09:00+02:00", "BA", (),
                 "2026-07-16", id="return_border_procedure_voluntary_departure_fifteen_days"),
    pytest.param("eurodac.temporary_protection", "2026-07-24T09:00+02:00", "BA", (), "2026-08-03",
                 id="eurodac_art26_2_ten_days"),
    pytest.param("eurodac.temporary_protection", "2026-07-24T09:00+02:00", "MK", (), "2026-08-04",
                 id="eurodac_art26_2_ends_on_mk_republic_day_observed_monday"),
    pytest.param("dublin.detained.request", "2026-07-01T09:00+02:00", "BA", (), "2026-07-15",
                 id="dublin_ammr_art45_1_two_weeks_same_weekday"),
    pytest.param("dublin.detained.reply", "2026-12-18T09:00+01:00", "BA", (), "2026-12-28",
                 id="dublin_ammr_art45_2_one_week_ends_on_catholic_christmas_in_ba"),
    pytest.param("dublin.detained.reply", "2026-12-18T09:00+01:00", "RS", (), "2026-12-25",
                 id="dublin_ammr_art45_2_catholic_christmas_is_a_working_day_in_serbia"),
    pytest.param("dublin.detained.reply", "2026-10-05T09:00+02:00", "MK", (), "2026-10-13",
                 id="dublin_ammr_art45_2_ends_on_mk_national_uprising_day_observed"),
    pytest.param("return.voluntary_departure.min", "2026-07-01T09:00+02:00", "BA", (), "2026-07-08",
                 id="voluntary_departure_rd_art7_1_minimum_seven_days"),
    pytest.param("return.voluntary_departure.max", "2026-07-01T09:00+02:00", "BA", (), "2026-07-31",
                 id="voluntary_departure_rd_art7_1_maximum_thirty_days"),
    pytest.param("return.voluntary_departure.max", "2026-07-02T09:00+02:00", "BA", (), "2026-08-03",
                 id="voluntary_departure_rd_art7_1_ends_saturday_moves_to_monday"),
    pytest.param("return.voluntary_departure.max", "2026-07-02T09:00+02:00", "MK", (), "2026-08-04",
                 id="voluntary_departure_rd_art7_1_ends_saturday_then_mk_republic_day_observed"),
    pytest.param("return.detention.initial_max", "2026-07-10T09:00+02:00", "BA", (), "2027-01-10",
                 id="detention_rd_art15_5_six_months_not_moved_off_a_sunday"),
    pytest.param("return.detention.initial_max", "2026-07-10T09:00+02:00", "BA",
                 ("non_cooperation_or_documents",), "2028-01-10",
                 id="detention_rd_art15_6_extended_to_eighteen_months"),
    pytest.param("return.detention.absolute_max", "2026-08-31T09:00+02:00", "BA", (), "2028-02-29",
                 id="detention_rd_art15_6_eighteen_months_from_31_august_is_29_february"),
]


@pytest.mark.parametrize(("rule_id", "start", "country", "extensions", "due"), PACT_DAY_CASES)
def test_pact_day_based_rules(rule_id: str, start: str, country: str, extensions: tuple[str, ...], due: str) -> None:
    result = deadline("EU", rule_id, start, country, extensions)
    assert result.law_version == "eu-2024-pact"
    assert result.due_date == d(due)
    # A day-based period ends at the last instant of its last day, in the country's time zone.
    assert result.due_at.date() == d(due)
    assert (result.due_at.hour, result.due_at.minute, result.due_at.microsecond) == (23, 59, 999999)
    assert result.due_at.tzinfo is not None


PRE_PACT_DAY_CASES = [
    pytest.param("asylum.registration", "2026-04-02T09:00+02:00", "BA", (), "2026-04-09",
                 id="registration_apd_art6_1_three_working_days_over_catholic_easter_in_ba"),
    pytest.param("asylum.registration", "2026-04-02T09:00+02:00", "RS", (), "2026-04-07",
                 id="registration_apd_art6_1_three_working_days_in_serbia"),
    pytest.param("asylum.registration", "2026-05-04T09:00+02:00", "RS", ("other_authority",), "2026-05-12",
                 id="registration_apd_art6_1_six_working_days_other_authority"),
    pytest.param("asylum.registration", "2026-05-04T09:00+02:00", "RS", ("large_numbers",), "2026-05-18",
                 id="registration_apd_art6_5_ten_working_days_large_numbers"),
    pytest.param("asylum.examination.regular", "2025-08-31T09:00+02:00", "BA", (), "2026-03-02",
                 id="examination_apd_art31_3_31_august_plus_6_months_28_february_saturday"),
    pytest.param("asylum.examination.regular", "2024-05-31T09:00+02:00", "BA",
                 ("complex_or_numbers", "exceptional"), "2025-12-01",
                 id="examination_apd_art31_3_six_plus_nine_plus_three_months"),
    pytest.param("asylum.examination.absolute_max", "2024-05-31T09:00+02:00", "BA", (), "2026-03-02",
                 id="examination_apd_art31_5_twenty_one_months_month_end"),
    pytest.param("asylum.border_procedure", "2025-12-29T09:00+01:00", "BA", (), "2026-01-26",
                 id="border_procedure_apd_art43_2_four_weeks"),
    pytest.param("return.voluntary_departure.min", "2026-03-13T09:00+01:00", "MK", (), "2026-03-23",
                 id="voluntary_departure_rd_art7_1_ends_on_eid_al_fitr_in_mk"),
    pytest.param("return.detention.initial_max", "2026-01-10T09:00+01:00", "BA", (), "2026-07-10",
                 id="detention_rd_art15_5_started_10_january_alert_10_july"),
    pytest.param("return.detention.initial_max", "2026-01-10T09:00+01:00", "BA",
                 ("non_cooperation_or_documents",), "2027-07-10",
                 id="detention_rd_art15_6_extension_ceiling_stays_on_saturday"),
    pytest.param("return.detention.absolute_max", "2026-01-10T09:00+01:00", "BA", (), "2027-07-10",
                 id="detention_rd_art15_6_refused_beyond_eighteen_months"),
]


@pytest.mark.parametrize(("rule_id", "start", "country", "extensions", "due"), PRE_PACT_DAY_CASES)
def test_pre_pact_day_based_rules(rule_id: str, start: str, country: str, extensions: tuple[str, ...],
                                  due: str) -> None:
    result = deadline("EU", rule_id, start, country, extensions)
    assert result.law_version == "eu-2013"
    assert result.due_date == d(due)


def test_eurodac_art15_1_a_hour_of_registration_not_counted_reg1182_art3_1() -> None:
    result = deadline("EU", "eurodac.transmission", "2026-07-01T10:25+02:00", "BA")
    assert result.due_at == at("2026-07-04T11:00+02:00")
    assert result.due_date == d("2026-07-04")
    assert step(result, "hour_excluded")["begins"] == "2026-07-01T11:00:00+02:00"


def test_eurodac_art15_1_a_event_exactly_on_the_hour_still_starts_next_hour() -> None:
    result = deadline("EU", "eurodac.transmission", "2026-07-01T10:00+02:00", "BA")
    assert result.due_at == at("2026-07-04T11:00+02:00")


def test_eurodac_art15_1_a_seventy_two_hours_across_the_october_2026_clock_change() -> None:
    """Reg 2024/1358 Art 15(1)(a): 72 real hours; on 25 October 2026 the clock goes back."""
    result = deadline("EU", "eurodac.transmission", "2026-10-23T10:25+02:00", "RS")
    assert result.due_at == at("2026-10-26T10:00+01:00")
    assert result.due_at.utcoffset() == timedelta(hours=1)
    assert result.due_at - at("2026-10-23T11:00+02:00") == timedelta(hours=72)
    assert "dst_change" in codes(result)


def test_eurodac_603_2013_art9_1_seventy_two_hours_across_the_march_2026_clock_change() -> None:
    """Reg 603/2013 Art 9(1) (before the Pact): on 29 March 2026 the clock goes forward."""
    result = deadline("EU", "eurodac.transmission", "2026-03-27T14:30+01:00", "BA")
    assert result.law_version == "eu-2013"
    assert result.due_at == at("2026-03-30T16:00+02:00")
    assert result.due_at - result.start == timedelta(hours=72, minutes=30)


def test_eurodac_art15_1_a_hour_based_period_is_not_moved_off_a_sunday() -> None:
    result = deadline("EU", "eurodac.transmission", "2026-07-02T09:10+02:00", "BA")
    assert result.due_at == at("2026-07-05T10:00+02:00")
    assert result.due_date.weekday() == 6
    assert "rolled_forward" not in codes(result)


def test_eurodac_art15_1_b_start_given_in_utc_is_reported_in_local_time() -> None:
    result = deadline("EU", "eurodac.transmission.border", "2026-07-01T08:25:00+00:00", "BA")
    assert result.due_at.isoformat() == "2026-07-04T11:00:00+02:00"


def test_eurodac_art24_2_over_new_year_holidays_runs_through() -> None:
    result = deadline("EU", "eurodac.disembarkation", "2026-12-31T23:30+01:00", "BA")
    assert result.due_at == at("2027-01-04T00:00+01:00")
    assert result.due_date == d("2027-01-04")


def test_regular_apr_art35_4_explanation_names_every_reason() -> None:
    """31 August + 6 months: month end (Reg 1182/71 Art 3(2)(c)), Sunday and 1 March (Art 3(4))."""
    result = deadline("EU", "asylum.examination.regular", "2026-08-31T09:00+02:00", "BA")
    assert codes(result) == ["rule", "reference", "start_event", "calendar", "convention", "event_day_excluded",
                             "count_months", "month_end", "rolled_forward", "due", "unverified"]
    assert step(result, "rolled_forward")["skipped"] == "2027-02-28 (Sunday); 2027-03-01 (Independence Day)"
    text = "\n".join(explain(result))
    assert "Regulation (EU) 2024/1348, Art. 35(4)" in text
    assert "Federation of Bosnia and Herzegovina" in text
    assert "That month has no day 31" in text
    assert "Independence Day" in text
    assert "Due: 2027-03-02" in text


def test_screening_art8_4_explains_the_two_working_days_rule_of_reg1182_art3_5() -> None:
    result = deadline("EU", "screening.inland", "2026-12-23T08:00+01:00", "BA")
    assert step(result, "two_working_days") == {"from": "2026-12-28", "to": "2026-12-29"}


def test_detention_rd_art15_6_ceiling_records_that_it_was_not_moved() -> None:
    result = deadline("EU", "return.detention.absolute_max", "2026-01-10T09:00+01:00", "BA")
    assert step(result, "no_roll_forward") == {"last_day": "2027-07-10", "non_working": "Saturday"}
    assert result.consequence.kind.value == "blocked_action"


def test_extension_is_explained_with_its_condition_and_article() -> None:
    result = deadline("EU", "asylum.border_procedure", "2026-06-15T09:00+02:00", "BA", ("relocation",))
    assert step(result, "extension")["reference"] == "Regulation (EU) 2024/1348, Art. 51(2)"
    assert result.extensions_applied == ("relocation",)
    assert any("4 weeks more" in line for line in explain(result))


def test_verified_rule_carries_no_unverified_step() -> None:
    result = deadline("EU", "screening.border", "2026-07-03T10:00+02:00", "BA")
    assert result.verified is True
    assert "unverified" not in codes(result)


def test_unverified_extension_makes_the_deadline_unverified() -> None:
    result = deadline("EU", "asylum.registration", "2026-06-15T09:00+02:00", "BA", ("disproportionate_numbers",))
    assert result.verified is False
    assert "unverified" in codes(result)


# --- law version in force on the start event's local day (12 June 2026) -----------------

def test_law_version_before_12_june_2026_is_the_2013_directive() -> None:
    result = deadline("EU", "asylum.examination.regular", "2026-06-11T23:30+02:00", "BA")
    assert result.law_version == "eu-2013"
    assert result.reference.instrument == "Directive 2013/32/EU"
    assert result.due_date == d("2026-12-11")


def test_law_version_from_12_june_2026_local_time_is_the_pact() -> None:
    """22:30 UTC on 11 June is 00:30 on 12 June in Sarajevo: the Pact applies."""
    result = deadline("EU", "asylum.examination.regular", "2026-06-11T22:30+00:00", "BA")
    assert result.law_version == "eu-2024-pact"
    assert result.reference.instrument == "Regulation (EU) 2024/1348"
    assert result.due_date == d("2026-12-14")


def test_screening_regulation_does_not_exist_before_12_june_2026() -> None:
    with pytest.raises(UnknownRuleError, match=re.escape("no rule 'screening.border' in EU law version eu-2013")):
        deadline("EU", "screening.border", "2026-06-11T12:00+02:00", "BA")


def test_named_law_version_recomputes_an_old_case_under_the_old_law() -> None:
    result = deadline("EU", "asylum.border_procedure", "2026-07-01T09:00+02:00", "BA", law_version="eu-2013")
    assert result.law_version == "eu-2013"
    assert result.due_date == d("2026-07-29")


def test_unknown_extension_is_refused() -> None:
    with pytest.raises(UnknownExtensionError, match="no extension 'forever'"):
        deadline("EU", "asylum.border_procedure", "2026-07-01T09:00+02:00", "BA", ("forever",))


def test_extension_applied_twice_is_refused() -> None:
    with pytest.raises(UnknownExtensionError, match="applied twice"):
        deadline("EU", "asylum.border_procedure", "2026-07-01T09:00+02:00", "BA", ("relocation", "relocation"))


def test_apd_art6_exclusive_extensions_cannot_be_combined() -> None:
    with pytest.raises(UnknownExtensionError, match="cannot be combined"):
        deadline("EU", "asylum.registration", "2026-05-04T09:00+02:00", "RS", ("other_authority", "large_numbers"))


def test_naive_start_is_refused() -> None:
    with pytest.raises(NaiveDatetimeError):
        deadline("EU", "screening.border", "2026-07-03T10:00", "BA")


def test_unknown_country_is_refused() -> None:
    with pytest.raises(UnknownCountryError, match="unknown country 'HR'"):
        deadline("EU", "screening.border", "2026-07-03T10:00+02:00", "HR")
