"""National rule scenarios for BA, RS, ME and MK. Every national rule is unverified (see its
note); these tests pin what Korak computes from the figures the sources gave, under the
national counting convention: day of the event not counted, a last day on which the authority
does not work moves to the next working day, no two-working-days rule, hours from the moment."""

import re
from datetime import timedelta

import pytest

from korak.timelines.errors import NoLawInForceError, UnknownCountryError, UnknownRuleError
from korak.timelines.explain import explain
from korak.timelines.tests.conftest import at, codes, d, deadline, step

# (jurisdiction, rule, start, country, extensions, due_date)
DAY_CASES = [
    # --- Bosnia and Herzegovina (Law on Asylum 2016, Law on Foreigners 2015) -------------
    pytest.param("BA", "asylum.lodging", "2027-02-15T10:00+01:00", "BA", (), "2027-03-02",
                 id="ba_asylum_law_lodging_14_days_ends_on_independence_day_1_march"),
    pytest.param("BA", "asylum.lodging", "2026-05-13T10:00+02:00", "BA", (), "2026-05-29",
                 id="ba_asylum_law_lodging_ends_on_kurban_bajram_both_days_in_the_federation"),
    pytest.param("BA", "asylum.lodging", "2026-11-11T10:00+01:00", "BA", (), "2026-11-26",
                 id="ba_asylum_law_lodging_ends_on_statehood_day_25_november"),
    pytest.param("BA", "asylum.address_registration", "2026-12-23T10:00+01:00", "BA", (), "2026-12-28",
                 id="ba_asylum_law_address_3_days_no_two_working_day_rule_nationally"),
    pytest.param("BA", "asylum.address_registration", "2026-04-30T10:00+02:00", "BA", (), "2026-05-04",
                 id="ba_asylum_law_address_3_days_over_labour_day"),
    pytest.param("BA", "return.detention.initial_max", "2026-01-10T10:00+01:00", "BA", (), "2026-04-10",
                 id="ba_foreigners_law_supervision_90_days_not_moved_off_orthodox_good_friday"),
    pytest.param("BA", "return.detention.initial_max", "2026-01-10T10:00+01:00", "BA", ("grounds_persist",),
                 "2026-07-09", id="ba_foreigners_law_supervision_extended_to_180_days"),
    pytest.param("BA", "return.detention.absolute_max", "2026-01-10T10:00+01:00", "BA", (), "2027-07-10",
                 id="ba_foreigners_law_supervision_18_months_stays_on_saturday"),
    pytest.param("BA", "return.detention.absolute_max", "2026-08-31T10:00+02:00", "BA", (), "2028-02-29",
                 id="ba_foreigners_law_supervision_18_months_from_31_august_is_29_february"),
    # --- Serbia (Asylum Act 2018, Foreigners Act 2018) ---------------------------------
    pytest.param("RS", "asylum.lodging", "2027-02-01T10:00+01:00", "RS", (), "2027-02-17",
                 id="rs_asylum_act_lodging_15_days_ends_on_statehood_day"),
    pytest.param("RS", "asylum.lodging.own_initiative", "2026-12-25T10:00+01:00", "RS", (), "2027-01-04",
                 id="rs_asylum_act_own_initiative_8_days_ends_on_new_year"),
    pytest.param("RS", "asylum.examination.regular", "2026-11-30T10:00+01:00", "RS", (), "2027-03-01",
                 id="rs_asylum_act_regular_3_months_month_end_then_sunday"),
    pytest.param("RS", "asylum.examination.regular", "2026-05-31T10:00+02:00", "RS",
                 ("complex_or_numbers", "exceptional"), "2027-03-01",
                 id="rs_asylum_act_regular_extended_twice_to_9_months"),
    pytest.param("RS", "asylum.examination.absolute_max", "2026-04-10T10:00+02:00", "RS", (), "2027-04-12",
                 id="rs_asylum_act_absolute_12_months_ends_saturday"),
    # 2 May 2027 is Orthodox Easter and Labour Day; Easter Monday follows, and Labour Day is
    # observed on Tuesday 4 May, so the first working day is Wednesday 5 May.
    pytest.param("RS", "asylum.examination.accelerated", "2027-04-02T10:00+02:00", "RS", (), "2027-05-05",
                 id="rs_asylum_act_accelerated_30_days_ends_on_orthodox_easter_and_observed_labour_day"),
    pytest.param("RS", "asylum.border_procedure", "2026-10-14T10:00+02:00", "RS", (), "2026-11-12",
                 id="rs_asylum_act_art41_border_28_days_ends_on_armistice_day"),
    pytest.param("RS", "asylum.appeal.border", "2026-12-31T10:00+01:00", "RS", (), "2027-01-05",
                 id="rs_asylum_act_art41_border_appeal_5_days"),
    pytest.param("RS", "asylum.appeal.accelerated", "2026-12-30T10:00+01:00", "RS", (), "2027-01-08",
                 id="rs_asylum_act_accelerated_appeal_8_days_ends_on_orthodox_christmas"),
    pytest.param("RS", "asylum.appeal.inadmissible_subsequent", "2026-04-03T10:00+02:00", "RS", (),
                 "2026-04-14", id="rs_asylum_act_art42_4_appeal_8_days_over_orthodox_easter"),
    pytest.param("RS", "asylum.detention.initial_max", "2026-09-30T10:00+02:00", "RS", (), "2026-12-30",
                 id="rs_asylum_act_art78_2_detention_3_months"),
    pytest.param("RS", "asylum.detention.initial_max", "2026-09-30T10:00+02:00", "RS", ("extended_once",),
                 "2027-03-30", id="rs_asylum_act_art78_3_detention_extended_once"),
    pytest.param("RS", "return.detention.absolute_max", "2026-01-10T10:00+01:00", "RS", (), "2026-07-09",
                 id="rs_foreigners_act_art88_detention_180_days"),
    # --- Montenegro (Law on International and Temporary Protection, Foreign Nationals Law)
    pytest.param("ME", "asylum.lodging", "2026-05-08T10:00+02:00", "ME", (), "2026-05-25",
                 id="me_protection_law_lodging_15_days_ends_saturday"),
    pytest.param("ME", "asylum.lodging", "2026-05-06T10:00+02:00", "ME", (), "2026-05-25",
                 id="me_protection_law_lodging_ends_on_independence_days_21_22_may"),
    pytest.param("ME", "asylum.lodging", "2026-06-28T10:00+02:00", "ME", (), "2026-07-15",
                 id="me_protection_law_lodging_ends_on_statehood_days_13_14_july"),
    pytest.param("ME", "asylum.address_change", "2026-11-10T10:00+01:00", "ME", (), "2026-11-16",
                 id="me_protection_law_address_change_3_days_ends_on_njegos_day"),
    pytest.param("ME", "asylum.address_change", "2027-01-03T10:00+01:00", "ME", (), "2027-01-06",
                 id="me_protection_law_orthodox_christmas_eve_is_not_a_public_holiday"),
    pytest.param("ME", "asylum.access_to_labour_market", "2026-05-31T10:00+02:00", "ME", (), "2027-03-01",
                 id="me_protection_law_work_after_9_months_month_end"),
    pytest.param("ME", "return.voluntary_departure.max", "2026-12-02T10:00+01:00", "ME", (), "2027-01-04",
                 id="me_foreign_nationals_law_departure_30_days_ends_on_new_year"),
    pytest.param("ME", "return.departure_decision.appeal", "2026-07-08T10:00+02:00", "ME", (), "2026-07-15",
                 id="me_foreign_nationals_law_appeal_3_days_ends_saturday_then_statehood_days"),
]


@pytest.mark.parametrize(("jurisdiction", "rule_id", "start", "country", "extensions", "due"), DAY_CASES)
def test_national_day_based_rules(jurisdiction: str, rule_id: str, start: str, country: str,
                                  extensions: tuple[str, ...], due: str) -> None:
    result = deadline(jurisdiction, rule_id, start, country, extensions)
    assert result.due_date == d(due)
    assert result.verified is False
    assert "unverified" in codes(result)
    assert "convention_unverified" in codes(result)
    assert "two_working_days" not in codes(result)


# --- BA entity calendars ---------------------------------------------------------------

def test_ba_asylum_law_brcko_district_has_one_day_of_kurban_bajram() -> None:
    result = deadline("BA", "asylum.lodging", "2026-05-13T10:00+02:00", "BA", subdivision="BRC")
    assert result.due_date == d("2026-05-28")
    assert "Brčko District" in result.calendar


def test_ba_asylum_law_statehood_day_is_not_a_holiday_in_republika_srpska() -> None:
    result = deadline("BA", "asylum.lodging", "2026-11-11T10:00+01:00", "BA", subdivision="SRP")
    assert result.due_date == d("2026-11-25")


def test_ba_national_three_days_differs_from_eu_three_days_only_by_art3_5() -> None:
    national = deadline("BA", "asylum.address_registration", "2026-12-23T10:00+01:00", "BA")
    eu = deadline("EU", "screening.inland", "2026-12-23T10:00+01:00", "BA")
    assert (national.due_date, eu.due_date) == (d("2026-12-28"), d("2026-12-29"))


def test_ba_rules_are_not_in_force_before_2017() -> None:
    with pytest.raises(NoLawInForceError, match="no BA law version in force on 2016-06-01"):
        deadline("BA", "asylum.lodging", "2016-06-01T10:00+02:00", "BA")


def test_ba_has_no_screening_rule() -> None:
    with pytest.raises(UnknownRuleError, match=re.escape("no rule 'screening.border' in BA law version ba-2016")):
        deadline("BA", "screening.border", "2026-07-01T10:00+02:00", "BA")


def test_ba_unknown_subdivision_is_refused() -> None:
    with pytest.raises(UnknownCountryError, match="unknown BA subdivision"):
        deadline("BA", "asylum.lodging", "2026-07-01T10:00+02:00", "BA", subdivision="XYZ")


# --- Serbia: 72 hours from the moment of the registration certificate ---------------------

def test_rs_asylum_act_report_within_72_hours_from_the_exact_moment() -> None:
    result = deadline("RS", "asylum.reporting", "2026-07-01T10:25+02:00", "RS")
    assert result.due_at == at("2026-07-04T10:25+02:00")
    assert "hours_from_moment" in codes(result)
    assert "hour_excluded" not in codes(result)


def test_rs_asylum_act_report_72_hours_across_the_october_2026_clock_change() -> None:
    result = deadline("RS", "asylum.reporting", "2026-10-23T10:25+02:00", "RS")
    assert result.due_at == at("2026-10-26T09:25+01:00")
    assert result.due_at - result.start == timedelta(hours=72)


def test_rs_asylum_act_report_72_hours_across_the_march_2027_clock_change() -> None:
    result = deadline("RS", "asylum.reporting", "2027-03-26T12:00+01:00", "RS")
    assert result.due_at == at("2027-03-29T13:00+02:00")


def test_rs_asylum_act_report_ending_on_orthodox_christmas_is_not_moved() -> None:
    result = deadline("RS", "asylum.reporting", "2027-01-04T08:00+01:00", "RS")
    assert result.due_at == at("2027-01-07T08:00+01:00")


def test_rs_asylum_act_explanation_names_the_unverified_gapa_article() -> None:
    result = deadline("RS", "asylum.lodging", "2027-02-01T10:00+01:00", "RS")
    text = "\n".join(explain(result))
    assert "Law on General Administrative Procedure of Serbia" in text
    assert "Art. 80" in text
    assert "Statehood Day" in text
    assert "article not identified" in text


def test_rs_rules_are_not_in_force_before_the_2018_acts() -> None:
    with pytest.raises(NoLawInForceError):
        deadline("RS", "asylum.reporting", "2018-01-10T10:00+01:00", "RS")


# --- Montenegro -------------------------------------------------------------------------

def test_me_rules_are_not_in_force_before_march_2018() -> None:
    with pytest.raises(NoLawInForceError):
        deadline("ME", "asylum.lodging", "2018-03-02T10:00+01:00", "ME")


def test_me_named_law_version_is_used() -> None:
    result = deadline("ME", "asylum.lodging", "2026-05-08T10:00+02:00", "ME", law_version="me-2018")
    assert result.law_version == "me-2018"


def test_me_rules_may_run_on_another_country_calendar() -> None:
    """A Montenegrin rule computed for an office in Serbia uses Serbia's calendar."""
    result = deadline("ME", "asylum.lodging", "2026-05-06T10:00+02:00", "RS")
    assert result.due_date == d("2026-05-21")


# --- North Macedonia ---------------------------------------------------------------------

def test_mk_protection_law_referral_72_hours_from_the_moment() -> None:
    result = deadline("MK", "asylum.referral", "2026-07-01T10:25+02:00", "MK")
    assert result.due_at == at("2026-07-04T10:25+02:00")
    assert result.due_at.tzinfo is not None and result.due_at.utcoffset() == timedelta(hours=2)


def test_mk_protection_law_referral_across_the_october_2026_clock_change() -> None:
    result = deadline("MK", "asylum.referral", "2026-10-23T18:00+02:00", "MK")
    assert result.due_at == at("2026-10-26T17:00+01:00")
    assert "dst_change" in codes(result)


def test_mk_protection_law_referral_across_the_march_2027_clock_change() -> None:
    result = deadline("MK", "asylum.referral", "2027-03-26T12:00+01:00", "MK")
    assert result.due_at == at("2027-03-29T13:00+02:00")


def test_mk_protection_law_referral_ending_on_independence_day_is_not_moved() -> None:
    result = deadline("MK", "asylum.referral", "2026-09-05T09:00+02:00", "MK")
    assert result.due_at == at("2026-09-08T09:00+02:00")
    assert "rolled_forward" not in codes(result)


def test_mk_protection_law_referral_start_given_in_utc() -> None:
    result = deadline("MK", "asylum.referral", "2026-07-01T08:25:00+00:00", "MK")
    assert result.due_at.isoformat() == "2026-07-04T10:25:00+02:00"


def test_mk_protection_law_referral_is_unverified_with_a_note() -> None:
    result = deadline("MK", "asylum.referral", "2026-07-01T10:25+02:00", "MK")
    assert result.verified is False
    assert "72 hours" in str(step(result, "unverified")["note"])
    assert result.reference.article == ""
    assert "article not identified" in str(result.reference)


def test_mk_rules_are_not_in_force_before_2019() -> None:
    with pytest.raises(NoLawInForceError):
        deadline("MK", "asylum.referral", "2018-12-31T10:00+01:00", "MK")


def test_mk_has_only_the_referral_rule() -> None:
    with pytest.raises(UnknownRuleError):
        deadline("MK", "asylum.lodging", "2026-07-01T10:00+02:00", "MK")


def test_mk_named_law_version_is_used() -> None:
    result = deadline("MK", "asylum.referral", "2026-07-01T10:25+02:00", "MK", law_version="mk-2018")
    assert result.law_version == "mk-2018"


def test_mk_protection_law_referral_runs_through_the_new_year_holidays() -> None:
    result = deadline("MK", "asylum.referral", "2026-12-31T20:00+01:00", "MK")
    assert result.due_at == at("2027-01-03T20:00+01:00")


def test_mk_explanation_says_hours_run_from_the_moment_and_the_convention_is_unverified() -> None:
    text = "\n".join(explain(deadline("MK", "asylum.referral", "2026-07-01T10:25+02:00", "MK")))
    assert "The period runs from the moment of the event, 2026-07-01T10:25:00+02:00." in text
    assert "Counting convention not verified" in text
    assert "public holidays of North Macedonia, time zone Europe/Skopje" in text


def test_me_explanation_names_both_independence_days_passed_over() -> None:
    result = deadline("ME", "asylum.lodging", "2026-05-06T10:00+02:00", "ME")
    assert step(result, "rolled_forward")["skipped"] == (
        "2026-05-21 (Independence Day); 2026-05-22 (Independence Day); 2026-05-23 (Saturday); 2026-05-24 (Sunday)")
