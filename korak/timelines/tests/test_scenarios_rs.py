"""Serbia scenario table: the Law on Asylum and Temporary Protection (2018) and the Law on
Foreigners (2018), national counting (day of the event not counted; periods in hours from the
exact moment of the event; a last day on a public holiday or weekend moves to the next working
day; detention ceilings never move). Serbian public holidays: 1-2 January, 7 January, 15-16
February (Statehood Day, a Sunday moves to Tuesday), Orthodox Good Friday to Easter Monday, 1-2
May (a weekend day moves), 11 November. Clock changes in Europe/Belgrade: last Sunday of March
and October. Where the sources named no article, the deadline must say so."""

import pytest

from korak.timelines.errors import NoLawInForceError
from korak.timelines.tests.conftest import deadline
from korak.timelines.tests.scenarios import FIELDS, check, row

LAW = "Law on Asylum and Temporary Protection (Sl. glasnik RS 24/2018)"
NI = f"{LAW} (article not identified)"
ART41, ART42_4, ART78_2 = f"{LAW}, Art. 41", f"{LAW}, Art. 42(4)", f"{LAW}, Art. 78(2)"
ART88 = "Law on Foreigners (Sl. glasnik RS 24/2018, 31/2019, 62/2023), Art. 88"

ROWS = [
    # --- 72 hours to report to the Asylum Office, from the moment the intention is recorded -
    row("asylum.reporting", "2026-03-26T08:15+01:00", "RS", "2026-03-29T09:15+02:00", NI,
        "asylum_law_reporting_72h_into_summer_time_belgrade_2026"),
    row("asylum.reporting", "2026-10-23T20:00+02:00", "RS", "2026-10-26T19:00+01:00", NI,
        "asylum_law_reporting_72h_out_of_summer_time_2026"),
    row("asylum.reporting", "2027-03-25T12:00+01:00", "RS", "2027-03-28T13:00+02:00", NI,
        "asylum_law_reporting_72h_ends_on_the_day_of_the_spring_change_2027"),
    row("asylum.reporting", "2027-10-29T06:45+02:00", "RS", "2027-11-01T05:45+01:00", NI,
        "asylum_law_reporting_72h_autumn_change_2027"),
    row("asylum.reporting", "2026-12-29T10:00+01:00", "RS", "2027-01-01T10:00+01:00", NI,
        "asylum_law_reporting_72h_end_on_new_year_not_moved"),
    row("asylum.reporting", "2026-04-09T15:00+02:00", "RS", "2026-04-12T15:00+02:00", NI,
        "asylum_law_reporting_72h_end_on_orthodox_easter_not_moved"),
    row("asylum.reporting", "2026-07-01T00:00+02:00", "RS", "2026-07-04T00:00+02:00", NI,
        "asylum_law_reporting_72h_from_the_exact_moment_midnight"),
    row("asylum.reporting", "2026-10-24T02:30+02:00", "RS", "2026-10-27T01:30+01:00", NI,
        "asylum_law_reporting_72h_starting_the_night_before_the_autumn_change"),
    row("asylum.reporting", "2026-03-28T23:30+00:00", "RS", "2026-04-01T01:30+02:00", NI,
        "asylum_law_reporting_72h_start_given_in_utc"),
    # --- 15 days to lodge the application ----------------------------------------------------
    row("asylum.lodging", "2027-01-31T10:00+01:00", "RS", "2027-02-17", NI,
        "asylum_law_lodging_ends_on_statehood_day_2027"),
    row("asylum.lodging", "2026-12-17T10:00+01:00", "RS", "2027-01-04", NI, "asylum_law_lodging_ends_on_new_year"),
    row("asylum.lodging", "2026-12-23T10:00+01:00", "RS", "2027-01-08", NI,
        "asylum_law_lodging_ends_on_orthodox_christmas"),
    row("asylum.lodging", "2026-04-17T10:00+02:00", "RS", "2026-05-04", NI,
        "asylum_law_lodging_ends_on_second_labour_day"),
    row("asylum.lodging", "2027-04-15T10:00+02:00", "RS", "2027-05-05", NI,
        "asylum_law_lodging_orthodox_easter_and_labour_day_observed_2027"),
    row("asylum.lodging", "2026-10-27T10:00+01:00", "RS", "2026-11-12", NI, "asylum_law_lodging_ends_on_armistice_day"),
    row("asylum.lodging", "2025-04-03T10:00+02:00", "RS", "2025-04-22", NI, "asylum_law_lodging_orthodox_easter_2025"),
    row("asylum.lodging", "2027-12-17T10:00+01:00", "RS", "2028-01-04", NI,
        "asylum_law_lodging_new_year_observed_monday_2028"),
    row("asylum.lodging", "2026-06-01T10:00+02:00", "RS", "2026-06-16", NI, "asylum_law_lodging_plain_tuesday"),
    # --- 8 days to lodge on one's own initiative ----------------------------------------------
    row("asylum.lodging.own_initiative", "2026-02-07T10:00+01:00", "RS", "2026-02-18", NI,
        "asylum_law_own_initiative_statehood_day_sunday_observed_tuesday"),
    row("asylum.lodging.own_initiative", "2026-04-02T10:00+02:00", "RS", "2026-04-14", NI,
        "asylum_law_own_initiative_orthodox_good_friday"),
    row("asylum.lodging.own_initiative", "2026-11-03T10:00+01:00", "RS", "2026-11-12", NI,
        "asylum_law_own_initiative_armistice_day"),
    row("asylum.lodging.own_initiative", "2025-04-24T10:00+02:00", "RS", "2025-05-05", NI,
        "asylum_law_own_initiative_second_labour_day_friday_2025"),
    # --- examination: 3 months, extensions, 12-month maximum, 30-day accelerated -------------
    row("asylum.examination.regular", "2026-11-15T10:00+01:00", "RS", "2027-02-17", NI,
        "asylum_law_regular_3_months_ends_on_statehood_day"),
    row("asylum.examination.regular", "2027-01-30T10:00+01:00", "RS", "2027-05-05", NI,
        "asylum_law_regular_3_months_ends_on_orthodox_good_friday_2027"),
    row("asylum.examination.regular", "2026-08-11T10:00+02:00", "RS", "2026-11-12", NI,
        "asylum_law_regular_3_months_ends_on_armistice_day"),
    row("asylum.examination.regular", "2026-05-31T10:00+02:00", "RS", "2026-11-30", NI,
        "asylum_law_regular_extended_once_31_may_to_30_november", extensions=("complex_or_numbers",)),
    row("asylum.examination.regular", "2026-02-07T10:00+01:00", "RS", "2026-11-09", NI,
        "asylum_law_regular_extended_twice_9_months_ends_saturday", extensions=("complex_or_numbers", "exceptional")),
    row("asylum.examination.regular", "2025-10-02T10:00+02:00", "RS", "2026-01-05", NI,
        "asylum_law_regular_3_months_ends_on_second_new_year_day"),
    row("asylum.examination.absolute_max", "2026-01-07T10:00+01:00", "RS", "2027-01-08", NI,
        "asylum_law_12_months_ends_on_orthodox_christmas"),
    row("asylum.examination.absolute_max", "2026-02-15T10:00+01:00", "RS", "2027-02-17", NI,
        "asylum_law_12_months_ends_on_statehood_day"),
    row("asylum.examination.absolute_max", "2027-05-02T10:00+02:00", "RS", "2028-05-03", NI,
        "asylum_law_12_months_ends_on_labour_day_2028"),
    row("asylum.examination.absolute_max", "2027-01-01T10:00+01:00", "RS", "2028-01-04", NI,
        "asylum_law_12_months_new_year_saturday_observed_monday"),
    row("asylum.examination.accelerated", "2026-10-12T10:00+02:00", "RS", "2026-11-12", NI,
        "asylum_law_accelerated_30_days_armistice_day"),
    row("asylum.examination.accelerated", "2026-12-08T10:00+01:00", "RS", "2027-01-08", NI,
        "asylum_law_accelerated_30_days_orthodox_christmas"),
    row("asylum.examination.accelerated", "2026-03-11T10:00+01:00", "RS", "2026-04-14", NI,
        "asylum_law_accelerated_30_days_orthodox_good_friday"),
    row("asylum.examination.accelerated", "2026-01-16T10:00+01:00", "RS", "2026-02-18", NI,
        "asylum_law_accelerated_30_days_statehood_day_sunday"),
    # --- border procedure (Art. 41) and appeals ----------------------------------------------
    row("asylum.border_procedure", "2026-04-03T10:00+02:00", "RS", "2026-05-04", ART41,
        "asylum_law_art41_border_28_days_labour_day"),
    row("asylum.border_procedure", "2026-12-04T10:00+01:00", "RS", "2027-01-04", ART41,
        "asylum_law_art41_border_28_days_new_year"),
    row("asylum.border_procedure", "2027-01-18T10:00+01:00", "RS", "2027-02-17", ART41,
        "asylum_law_art41_border_28_days_statehood_day_monday_tuesday"),
    row("asylum.appeal.accelerated", "2027-02-07T10:00+01:00", "RS", "2027-02-17", NI,
        "asylum_law_accelerated_appeal_8_days_statehood_day"),
    row("asylum.appeal.accelerated", "2026-11-03T10:00+01:00", "RS", "2026-11-12", NI,
        "asylum_law_accelerated_appeal_8_days_armistice_day"),
    row("asylum.appeal.border", "2026-04-05T10:00+02:00", "RS", "2026-04-14", ART41,
        "asylum_law_art41_border_appeal_5_days_orthodox_easter"),
    row("asylum.appeal.border", "2026-04-26T10:00+02:00", "RS", "2026-05-04", ART41,
        "asylum_law_art41_border_appeal_5_days_labour_day"),
    row("asylum.appeal.border", "2028-04-09T10:00+02:00", "RS", "2028-04-18", ART41,
        "asylum_law_art41_border_appeal_5_days_orthodox_easter_2028"),
    row("asylum.appeal.inadmissible_subsequent", "2026-10-24T10:00+02:00", "RS", "2026-11-02", ART42_4,
        "asylum_law_art42_4_appeal_8_days_ends_sunday"),
    row("asylum.appeal.inadmissible_subsequent", "2027-12-30T10:00+01:00", "RS", "2028-01-10", ART42_4,
        "asylum_law_art42_4_appeal_8_days_orthodox_christmas_2028_friday"),
    # --- detention ceilings: never moved ----------------------------------------------------
    row("asylum.detention.initial_max", "2026-11-30T10:00+01:00", "RS", "2027-02-28", ART78_2,
        "asylum_law_art78_2_detention_3_months_month_end_sunday_not_moved"),
    row("asylum.detention.initial_max", "2026-10-11T10:00+02:00", "RS", "2027-04-11", ART78_2,
        "asylum_law_art78_2_detention_extended_once_to_6_months_sunday_not_moved", extensions=("extended_once",)),
    row("asylum.detention.initial_max", "2026-10-07T10:00+02:00", "RS", "2027-01-07", ART78_2,
        "asylum_law_art78_2_detention_ends_on_orthodox_christmas_not_moved"),
    row("return.detention.absolute_max", "2026-07-05T10:00+02:00", "RS", "2027-01-01", ART88,
        "foreigners_law_art88_180_days_ends_on_new_year_not_moved"),
    row("return.detention.absolute_max", "2026-08-19T10:00+02:00", "RS", "2027-02-15", ART88,
        "foreigners_law_art88_180_days_ends_on_statehood_day_not_moved"),
]


@pytest.mark.parametrize(FIELDS, ROWS)
def test_rs_scenario(jurisdiction: str | None, rule: str, start: str, country: str, extensions: tuple[str, ...],
                     expected: str, cites: str, law_version: str | None, subdivision: str | None) -> None:
    check("RS", jurisdiction, rule, start, country, extensions, expected, cites, law_version, subdivision)


def test_rs_family_has_at_least_40_scenarios() -> None:
    assert len(ROWS) >= 40


def test_rs_law_version_starts_on_3_october_2018() -> None:
    """The 2018 Asylum Act applies from 3 October 2018 in Korak's rule set: nothing earlier."""
    with pytest.raises(NoLawInForceError):
        deadline("RS", "asylum.lodging", "2018-10-02T10:00+02:00", "RS")
    assert deadline("RS", "asylum.lodging", "2018-10-03T10:00+02:00", "RS").law_version == "rs-2018"
