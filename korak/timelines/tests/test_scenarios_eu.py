"""EU scenario table: the Pact instruments (from 12 June 2026) and the acquis before them, counted
under Regulation (EEC, Euratom) No 1182/71 Art. 3 in each country's calendar and time zone.

Expected dates were worked out by hand from the calendar of each country (holidays as listed
by the `holidays` library, public category): e.g. 2027-03-01 is Independence Day in the
Federation of BiH, 2027-01-07 Orthodox Christmas in BA, RS and MK but not a public holiday in
ME, 2026-11-11 Armistice Day in RS, 2026-07-13/14 Statehood Day in ME, 2026-09-08 Independence
Day in MK. Clock changes: 2026-03-29, 2026-10-25, 2027-03-28, 2027-10-31 (01:00 UTC)."""

import pytest

from korak.timelines.errors import NoLawInForceError
from korak.timelines.tests.conftest import deadline
from korak.timelines.tests.scenarios import FIELDS, row

SCREENING = "2024/1356, Art. 8"
APR = "2024/1348, Art."
RETURN_DIR = "Directive 2008/115/EC, Art."

PACT = [
    # --- Screening Regulation 2024/1356 -------------------------------------------------
    row("screening.border", "2026-06-12T10:00+02:00", "BA", "2026-06-19", f"{SCREENING}(3)",
        "art8_3_screening_border_7_days_from_the_first_day_the_pact_applies"),
    row("screening.border", "2026-07-07T10:00+02:00", "ME", "2026-07-15", f"{SCREENING}(3)",
        "art8_3_ends_on_me_statehood_day_14_july_moves_to_15"),
    row("screening.inland", "2026-11-22T10:00+01:00", "BA", "2026-11-26", f"{SCREENING}(4)",
        "art8_4_inland_3_days_ends_on_ba_statehood_day"),
    row("screening.inland", "2026-11-22T10:00+01:00", "BA", "2026-11-25", f"{SCREENING}(4)",
        "art8_4_statehood_day_is_no_holiday_in_republika_srpska", subdivision="SRP"),
    row("screening.inland", "2026-12-29T10:00+01:00", "RS", "2027-01-04", f"{SCREENING}(4)",
        "art8_4_ends_on_new_year_then_weekend_rs"),
    row("screening.border.after_border_hold", "2026-10-20T10:00+02:00", "MK", "2026-10-26", f"{SCREENING}(3)",
        "art8_3_four_days_ends_saturday_moves_to_monday_mk"),
    # --- Asylum Procedure Regulation 2024/1348 -------------------------------------------
    row("asylum.registration", "2026-08-28T10:00+02:00", "BA", "2026-09-02", f"{APR} 27(1)",
        "art27_1_registration_5_days_over_a_weekend"),
    row("asylum.registration", "2026-12-10T10:00+01:00", "BA", "2026-12-28", f"{APR} 27(1)",
        "art27_1_disproportionate_numbers_15_days_ends_on_catholic_christmas",
        extensions=("disproportionate_numbers",)),
    row("asylum.lodging", "2026-07-06T10:00+02:00", "ME", "2026-07-27", f"{APR} 28(1)",
        "art28_1_lodging_21_days_plain_monday"),
    row("asylum.lodging", "2026-12-17T10:00+01:00", "RS", "2027-01-08", f"{APR} 28(1)",
        "art28_1_ends_on_orthodox_christmas_rs"),
    row("asylum.lodging", "2026-12-17T10:00+01:00", "ME", "2027-01-07", f"{APR} 28(1)",
        "art28_1_orthodox_christmas_is_no_public_holiday_in_me"),
    row("asylum.lodging", "2026-12-17T10:00+01:00", "MK", "2027-01-08", f"{APR} 28(1)",
        "art28_1_ends_on_christmas_day_mk"),
    row("asylum.admissibility", "2026-06-30T10:00+02:00", "BA", "2026-08-31", f"{APR} 35(1)",
        "art35_1_admissibility_2_months_ends_sunday"),
    row("asylum.admissibility", "2026-12-31T10:00+01:00", "BA", "2027-03-02", f"{APR} 35(1)",
        "art35_1_31_december_plus_2_months_is_28_february_sunday_then_ba_independence_day"),
    row("asylum.admissibility", "2026-07-31T10:00+02:00", "RS", "2026-11-30", f"{APR} 35(1)",
        "art35_2_extended_by_2_months_31_july_to_30_november", extensions=("complex_or_numbers",)),
    row("asylum.admissibility.short", "2026-12-21T10:00+01:00", "BA", "2027-01-11", f"{APR} 35(1)",
        "art35_1_second_subpara_10_working_days_over_christmas_new_year_orthodox_christmas_ba"),
    row("asylum.admissibility.short", "2026-12-21T10:00+01:00", "RS", "2027-01-05", f"{APR} 35(1)",
        "art35_1_second_subpara_10_working_days_serbia_works_on_24_25_december"),
    row("asylum.examination.accelerated", "2026-11-30T10:00+01:00", "BA", "2027-03-02", f"{APR} 35(3)",
        "art35_3_accelerated_30_november_plus_3_months_month_end_then_independence_day"),
    row("asylum.examination.accelerated", "2026-11-30T10:00+01:00", "RS", "2027-03-01", f"{APR} 35(3)",
        "art35_3_accelerated_month_end_sunday_to_monday_rs"),
    row("asylum.examination.regular", "2026-08-31T10:00+02:00", "BA", "2027-03-02", f"{APR} 35(4)",
        "art35_4_31_august_plus_6_months_is_28_february_then_sunday_and_independence_day"),
    row("asylum.examination.regular", "2026-08-31T10:00+02:00", "RS", "2027-03-01", f"{APR} 35(4)",
        "art35_4_31_august_plus_6_months_rs"),
    row("asylum.examination.regular", "2026-08-31T10:00+02:00", "ME", "2027-03-01", f"{APR} 35(4)",
        "art35_4_31_august_plus_6_months_me"),
    row("asylum.examination.regular", "2026-08-31T10:00+02:00", "BA", "2027-08-31", f"{APR} 35(4)",
        "art35_5_extended_6_months_is_12_from_lodging_not_from_the_clamped_february",
        extensions=("complex_or_numbers",)),
    row("asylum.examination.regular", "2026-11-03T10:00+01:00", "MK", "2027-05-04", f"{APR} 35(4)",
        "art35_4_ends_on_orthodox_easter_monday_mk"),
    row("asylum.border_procedure", "2026-06-15T10:00+02:00", "BA", "2026-09-07", f"{APR} 51(2)",
        "art51_2_border_procedure_12_weeks_same_weekday"),
    row("asylum.border_procedure", "2026-06-16T10:00+02:00", "MK", "2026-09-09", f"{APR} 51(2)",
        "art51_2_ends_on_mk_independence_day_8_september"),
    row("asylum.border_procedure", "2026-06-16T10:00+02:00", "MK", "2026-10-06", f"{APR} 51(2)",
        "art51_2_relocation_16_weeks", extensions=("relocation",)),
    row("asylum.appeal.short_track.min", "2026-12-28T10:00+01:00", "RS", "2027-01-04", f"{APR} 67(7)",
        "art67_7_a_5_days_ends_on_new_year_saturday"),
    row("asylum.appeal.short_track.max", "2027-05-03T10:00+02:00", "BA", "2027-05-18", f"{APR} 67(7)",
        "art67_7_a_2_weeks_ends_on_kurban_bajram_ba"),
    row("asylum.appeal.regular.min", "2027-02-15T10:00+01:00", "RS", "2027-03-01", f"{APR} 67(7)",
        "art67_7_b_2_weeks_1_march_working_in_rs"),
    row("asylum.appeal.regular.max", "2027-01-31T10:00+01:00", "BA", "2027-03-02", f"{APR} 67(7)",
        "art67_7_b_one_month_from_31_january_is_28_february"),
    # --- Return Border Procedure Regulation 2024/1349 -----------------------------------
    row("return.border_procedure", "2026-08-19T10:00+02:00", "RS", "2026-11-12", "2024/1349, Art. 4(2)",
        "rbpr_art4_2_12_weeks_ends_on_armistice_day_rs"),
    row("return.border_procedure", "2026-08-19T10:00+02:00", "RS", "2026-12-23", "2024/1349, Art. 4(2)",
        "rbpr_art4_2_crisis_extension_6_weeks", extensions=("crisis",)),
    row("return.border_procedure.voluntary_departure_max", "2026-12-10T10:00+01:00", "BA", "2026-12-28",
        "2024/1349 (article not identified)", "rbpr_voluntary_departure_15_days_article_not_identified"),
    # --- Eurodac Regulation 2024/1358: hours, the hour of the event not counted -----------
    row("eurodac.transmission", "2026-10-22T14:20+02:00", "BA", "2026-10-25T14:00+01:00", "2024/1358, Art. 15(1)",
        "eurodac_art15_1_72_hours_across_end_of_summer_time_sarajevo"),
    row("eurodac.transmission", "2027-03-26T09:30+01:00", "RS", "2027-03-29T11:00+02:00", "2024/1358, Art. 15(1)",
        "eurodac_art15_1_72_hours_across_start_of_summer_time_belgrade"),
    row("eurodac.transmission", "2026-12-22T08:00+01:00", "BA", "2026-12-25T09:00+01:00", "2024/1358, Art. 15(1)",
        "eurodac_art15_1_hours_end_on_christmas_and_are_not_moved"),
    row("eurodac.transmission.border", "2026-10-23T23:30+02:00", "ME", "2026-10-26T23:00+01:00",
        "2024/1358, Art. 15(1)", "eurodac_art15_1_border_72_hours_across_dst_podgorica"),
    row("eurodac.disembarkation", "2027-10-29T12:00+02:00", "MK", "2027-11-01T12:00+01:00", "2024/1358, Art. 24(2)",
        "eurodac_art24_2_disembarkation_72_hours_across_dst_skopje"),
    row("eurodac.temporary_protection", "2026-07-03T10:00+02:00", "ME", "2026-07-15", "2024/1358, Art. 26(2)",
        "eurodac_art26_2_10_days_ends_on_me_statehood_days"),
    # --- Asylum and Migration Management Regulation 2024/1351 ---------------------------
    row("dublin.detained.request", "2026-11-11T10:00+01:00", "BA", "2026-11-26", "2024/1351, Art. 45(1)",
        "ammr_art45_1_request_2_weeks_ends_on_ba_statehood_day"),
    row("dublin.detained.reply", "2026-11-04T10:00+01:00", "RS", "2026-11-12", "2024/1351, Art. 45(2)",
        "ammr_art45_2_reply_1_week_ends_on_armistice_day_rs"),
    # --- Return Directive 2008/115/EC (Pact law version) ---------------------------------
    row("return.voluntary_departure.min", "2026-12-18T10:00+01:00", "BA", "2026-12-28", f"{RETURN_DIR} 7(1)",
        "rd_art7_1_seven_days_ends_on_catholic_christmas"),
    row("return.voluntary_departure.max", "2026-12-02T10:00+01:00", "RS", "2027-01-04", f"{RETURN_DIR} 7(1)",
        "rd_art7_1_thirty_days_ends_on_new_year_rs"),
    row("return.detention.initial_max", "2026-07-10T10:00+02:00", "BA", "2027-01-10", f"{RETURN_DIR} 15(5)",
        "rd_art15_5_six_months_ends_sunday_and_is_not_moved"),
    row("return.detention.initial_max", "2026-08-31T10:00+02:00", "BA", "2028-02-29", f"{RETURN_DIR} 15(5)",
        "rd_art15_6_extended_to_18_months_from_31_august_is_29_february_2028",
        extensions=("non_cooperation_or_documents",)),
    row("return.detention.absolute_max", "2026-08-31T10:00+02:00", "RS", "2028-02-29", f"{RETURN_DIR} 15(6)",
        "rd_art15_6_absolute_18_months_leap_year_month_end"),
    row("return.detention.absolute_max", "2026-06-25T10:00+02:00", "BA", "2027-12-25", f"{RETURN_DIR} 15(6)",
        "rd_art15_6_ends_on_catholic_christmas_saturday_not_moved"),
]

DIRECTIVES = [
    row("asylum.registration", "2026-04-08T10:00+02:00", "BA", "2026-04-15", "2013/32/EU, Art. 6(1)",
        "apd_art6_1_3_working_days_over_orthodox_easter_ba"),
    row("asylum.registration", "2026-04-30T10:00+02:00", "BA", "2026-05-11", "2013/32/EU, Art. 6(1)",
        "apd_art6_1_other_authority_6_working_days_over_labour_day_and_victory_day",
        extensions=("other_authority",)),
    row("asylum.registration", "2026-05-20T10:00+02:00", "BA", "2026-06-05", "2013/32/EU, Art. 6(1)",
        "apd_art6_5_large_numbers_10_working_days_over_kurban_bajram", extensions=("large_numbers",)),
    row("asylum.examination.regular", "2025-12-31T10:00+01:00", "RS", "2026-06-30", "2013/32/EU, Art. 31(3)",
        "apd_art31_3_six_months_from_31_december_is_30_june"),
    row("asylum.examination.regular", "2026-02-28T10:00+01:00", "BA", "2027-08-30", "2013/32/EU, Art. 31(3)",
        "apd_art31_3_extended_9_plus_3_months_ends_saturday",
        extensions=("complex_or_numbers", "exceptional")),
    row("asylum.examination.absolute_max", "2026-05-31T10:00+02:00", "BA", "2028-02-29", "2013/32/EU, Art. 31(5)",
        "apd_art31_5_21_months_from_31_may_is_29_february_2028"),
    row("asylum.border_procedure", "2026-04-03T10:00+02:00", "RS", "2026-05-04", "2013/32/EU, Art. 43(2)",
        "apd_art43_2_four_weeks_ends_on_labour_day_rs"),
    row("eurodac.transmission", "2026-03-27T16:45+01:00", "BA", "2026-03-30T18:00+02:00", "603/2013, Art. 9(1)",
        "eurodac_2013_art9_1_72_hours_across_start_of_summer_time"),
    row("return.voluntary_departure.min", "2026-04-06T10:00+02:00", "RS", "2026-04-14", f"{RETURN_DIR} 7(1)",
        "rd_art7_1_seven_days_ends_on_orthodox_easter_monday_rs"),
    row("return.voluntary_departure.max", "2026-01-16T10:00+01:00", "RS", "2026-02-18", f"{RETURN_DIR} 7(1)",
        "rd_art7_1_thirty_days_ends_on_rs_statehood_day_and_its_observed_day"),
    row("return.detention.initial_max", "2026-01-10T10:00+01:00", "BA", "2026-07-10", f"{RETURN_DIR} 15(5)",
        "rd_art15_5_detention_from_10_january_2026_alert_on_10_july"),
    row("return.detention.absolute_max", "2026-01-10T10:00+01:00", "BA", "2027-07-10", f"{RETURN_DIR} 15(6)",
        "rd_art15_6_detention_from_10_january_2026_ceiling_saturday_10_july_2027_not_moved"),
    # Law-version selection by the local day of the start event.
    row("asylum.registration", "2026-06-11T23:30+02:00", "BA", "2026-06-16", "2013/32/EU, Art. 6(1)",
        "version_selection_11_june_2026_is_still_the_directive", law_version=None),
    row("asylum.registration", "2026-06-11T22:30+00:00", "BA", "2026-06-17", "2024/1348, Art. 27(1)",
        "version_selection_22_30_utc_is_12_june_in_sarajevo_so_the_pact_applies"),
    row("asylum.registration", "2026-07-01T10:00+02:00", "BA", "2026-07-06", "2013/32/EU, Art. 6(1)",
        "version_selection_named_law_version_eu_2013_after_the_pact_date", law_version="eu-2013"),
]


@pytest.mark.parametrize(FIELDS, PACT + DIRECTIVES)
def test_eu_scenario(jurisdiction: str | None, rule: str, start: str, country: str, extensions: tuple[str, ...],
                     expected: str, cites: str, law_version: str | None, subdivision: str | None) -> None:
    from korak.timelines.tests.scenarios import check

    check("EU", jurisdiction, rule, start, country, extensions, expected, cites, law_version, subdivision)


def test_eu_family_has_at_least_40_scenarios() -> None:
    assert len(PACT + DIRECTIVES) >= 40


def test_no_eu_law_before_the_directive_transposition_date() -> None:
    """Directive 2013/32/EU Art. 51(2): Korak's EU rules start on 20 July 2018."""
    with pytest.raises(NoLawInForceError):
        deadline("EU", "asylum.registration", "2018-07-19T10:00+02:00", "BA")


def test_the_pact_rules_do_not_exist_in_the_directive_version() -> None:
    """Reg. 2024/1356 Art. 8 applies from 12 June 2026: no screening deadline before it."""
    from korak.timelines.errors import UnknownRuleError

    with pytest.raises(UnknownRuleError):
        deadline("EU", "screening.border", "2026-06-11T10:00+02:00", "BA")
