"""Montenegro scenario table: the Law on International and Temporary Protection of Foreigners
and the Foreign Nationals Law, national counting. Montenegrin public holidays (public category):
1-2 January, 1-2 May, 21-22 May (Independence Day), 13-14 July (Statehood Day), 13 November
(Njegoš Day); a holiday on a Sunday is observed on the next working day. The religious days
(Orthodox Christmas and Easter, Bajram, Catholic Easter) are holidays only for believers, so the
authority works and the clock does not stop (calendars.py). No article was identified in the
sources read (me-2018.toml): each deadline must say so."""

import pytest

from korak.timelines.errors import NoLawInForceError
from korak.timelines.tests.conftest import deadline
from korak.timelines.tests.scenarios import FIELDS, check, row

ITP = "Law on International and Temporary Protection of Foreigners (Sl. list CG 2/2017, 3/2019, 77/2024) " \
      "(article not identified)"
FNL = "Foreign Nationals Law of Montenegro (Sl. list CG 12/2018) (article not identified)"
L, AD, LM = "asylum.lodging", "asylum.address_change", "asylum.access_to_labour_market"
VD, AP = "return.voluntary_departure.max", "return.departure_decision.appeal"

ROWS = [
    # --- 15 days to lodge from the certificate of expressed intention -------------------------
    row(L, "2026-06-28T10:00+02:00", "ME", "2026-07-15", ITP, "itp_law_lodging_ends_on_statehood_day"),
    row(L, "2026-05-06T10:00+02:00", "ME", "2026-05-25", ITP, "itp_law_lodging_ends_on_independence_day"),
    row(L, "2026-04-16T10:00+02:00", "ME", "2026-05-04", ITP, "itp_law_lodging_ends_on_labour_day"),
    row(L, "2026-10-29T10:00+01:00", "ME", "2026-11-16", ITP, "itp_law_lodging_ends_on_njegos_day_friday"),
    row(L, "2026-12-17T10:00+01:00", "ME", "2027-01-04", ITP, "itp_law_lodging_ends_on_new_year"),
    row(L, "2026-12-23T10:00+01:00", "ME", "2027-01-07", ITP,
        "itp_law_lodging_orthodox_christmas_does_not_stop_the_clock"),
    row(L, "2026-03-28T10:00+01:00", "ME", "2026-04-13", ITP,
        "itp_law_lodging_orthodox_easter_monday_is_a_working_day"),
    row(L, "2026-03-21T10:00+01:00", "ME", "2026-04-06", ITP,
        "itp_law_lodging_catholic_easter_monday_is_a_working_day"),
    row(L, "2027-05-06T10:00+02:00", "ME", "2027-05-24", ITP, "itp_law_lodging_independence_day_friday_saturday_2027"),
    row(L, "2027-06-28T10:00+02:00", "ME", "2027-07-15", ITP, "itp_law_lodging_statehood_day_tuesday_wednesday_2027"),
    row(L, "2027-04-16T10:00+02:00", "ME", "2027-05-04", ITP,
        "itp_law_lodging_labour_day_weekend_observed_monday_2027"),
    row(L, "2027-12-17T10:00+01:00", "ME", "2028-01-04", ITP, "itp_law_lodging_new_year_2028_observed_monday"),
    row(L, "2028-05-06T10:00+02:00", "ME", "2028-05-24", ITP, "itp_law_lodging_independence_day_sunday_observed_2028"),
    row(L, "2025-06-28T10:00+02:00", "ME", "2025-07-16", ITP, "itp_law_lodging_statehood_day_sunday_observed_2025"),
    row(L, "2026-06-01T10:00+02:00", "ME", "2026-06-16", ITP, "itp_law_lodging_plain_tuesday"),
    row(L, "2026-03-05T10:00+01:00", "ME", "2026-03-20", ITP, "itp_law_lodging_ramazanski_bajram_is_a_working_day"),
    # --- 3 days to report a change of address --------------------------------------------------
    row(AD, "2026-07-10T10:00+02:00", "ME", "2026-07-15", ITP, "itp_law_address_3_days_statehood_day"),
    row(AD, "2026-04-28T10:00+02:00", "ME", "2026-05-04", ITP, "itp_law_address_3_days_labour_day"),
    row(AD, "2026-05-18T10:00+02:00", "ME", "2026-05-25", ITP, "itp_law_address_3_days_independence_day"),
    row(AD, "2026-11-10T10:00+01:00", "ME", "2026-11-16", ITP, "itp_law_address_3_days_njegos_day"),
    row(AD, "2026-12-29T10:00+01:00", "ME", "2027-01-04", ITP, "itp_law_address_3_days_new_year"),
    row(AD, "2027-01-04T10:00+01:00", "ME", "2027-01-07", ITP, "itp_law_address_3_days_orthodox_christmas_working"),
    row(AD, "2026-06-10T10:00+02:00", "ME", "2026-06-15", ITP, "itp_law_address_3_days_ends_saturday"),
    # --- 9 months to the labour market -------------------------------------------------------
    row(LM, "2026-05-31T10:00+02:00", "ME", "2027-03-01", ITP, "itp_law_labour_market_9_months_31_may_to_28_february"),
    row(LM, "2025-08-21T10:00+02:00", "ME", "2026-05-25", ITP, "itp_law_labour_market_9_months_independence_day"),
    row(LM, "2025-10-13T10:00+02:00", "ME", "2026-07-15", ITP, "itp_law_labour_market_9_months_statehood_day"),
    row(LM, "2026-02-13T10:00+01:00", "ME", "2026-11-16", ITP, "itp_law_labour_market_9_months_njegos_day"),
    row(LM, "2026-08-31T10:00+02:00", "ME", "2027-05-31", ITP, "itp_law_labour_market_9_months_31_august_to_31_may"),
    row(LM, "2026-04-01T10:00+02:00", "ME", "2027-01-04", ITP, "itp_law_labour_market_9_months_new_year"),
    # --- Foreign Nationals Law: voluntary departure (30 days) and appeal (3 days) -------------
    row(VD, "2026-06-13T10:00+02:00", "ME", "2026-07-15", FNL, "fnl_voluntary_departure_30_days_statehood_day"),
    row(VD, "2026-04-21T10:00+02:00", "ME", "2026-05-25", FNL, "fnl_voluntary_departure_30_days_independence_day"),
    row(VD, "2026-10-14T10:00+02:00", "ME", "2026-11-16", FNL, "fnl_voluntary_departure_30_days_njegos_day"),
    row(VD, "2026-12-02T10:00+01:00", "ME", "2027-01-04", FNL, "fnl_voluntary_departure_30_days_new_year"),
    row(VD, "2026-01-30T10:00+01:00", "ME", "2026-03-02", FNL, "fnl_voluntary_departure_30_days_ends_sunday_1_march"),
    row(VD, "2027-04-01T10:00+02:00", "ME", "2027-05-04", FNL, "fnl_voluntary_departure_30_days_labour_day_2027"),
    row(AP, "2026-07-10T10:00+02:00", "ME", "2026-07-15", FNL, "fnl_departure_appeal_3_days_statehood_day"),
    row(AP, "2026-05-19T10:00+02:00", "ME", "2026-05-25", FNL, "fnl_departure_appeal_3_days_independence_day"),
    row(AP, "2027-05-18T10:00+02:00", "ME", "2027-05-24", FNL, "fnl_departure_appeal_3_days_independence_day_2027"),
    row(AP, "2026-12-30T10:00+01:00", "ME", "2027-01-04", FNL, "fnl_departure_appeal_3_days_new_year_saturday"),
    row(AP, "2026-11-10T10:00+01:00", "ME", "2026-11-16", FNL, "fnl_departure_appeal_3_days_njegos_day"),
    row(AP, "2026-04-09T10:00+02:00", "ME", "2026-04-13", FNL,
        "fnl_departure_appeal_3_days_orthodox_easter_monday_working"),
    row(AP, "2028-07-11T10:00+02:00", "ME", "2028-07-17", FNL, "fnl_departure_appeal_3_days_statehood_day_2028"),
]


@pytest.mark.parametrize(FIELDS, ROWS)
def test_me_scenario(jurisdiction: str | None, rule: str, start: str, country: str, extensions: tuple[str, ...],
                     expected: str, cites: str, law_version: str | None, subdivision: str | None) -> None:
    check("ME", jurisdiction, rule, start, country, extensions, expected, cites, law_version, subdivision)


def test_me_family_has_at_least_40_scenarios() -> None:
    assert len(ROWS) >= 40


def test_me_law_version_starts_on_3_march_2018() -> None:
    with pytest.raises(NoLawInForceError):
        deadline("ME", "asylum.lodging", "2018-03-02T10:00+01:00", "ME")
    assert deadline("ME", "asylum.lodging", "2018-03-03T10:00+01:00", "ME").law_version == "me-2018"
