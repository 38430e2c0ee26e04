"""North Macedonia scenario table. Korak's MK rule set (mk-2018.toml) holds one rule: the police
refer a person who expressed an intention to seek asylum within 72 hours (Law on International
and Temporary Protection, 2018; article not identified in the sources read). A period in hours
runs from the exact moment, in real time (Europe/Skopje changes its clocks on the last Sundays
of March and October at 01:00 UTC), through nights, weekends and public holidays, and is never
moved to a working day. The table covers every clock change from 2019 to 2028, the public
holidays of MK, leap days, year ends and starts given in other offsets."""

import pytest

from korak.timelines.errors import NoLawInForceError
from korak.timelines.tests.conftest import deadline
from korak.timelines.tests.scenarios import FIELDS, check, row

LAW = "Law on International and Temporary Protection (Službeni vesnik 64/2018) (article not identified)"
R = "asylum.referral"

SPRING = [  # (Friday before the change, Monday after): 10:00 CET + 72 h = 11:00 CEST
    ("2019-03-29", "2019-04-01"), ("2020-03-27", "2020-03-30"), ("2021-03-26", "2021-03-29"),
    ("2022-03-25", "2022-03-28"), ("2023-03-24", "2023-03-27"), ("2024-03-29", "2024-04-01"),
    ("2025-03-28", "2025-03-31"), ("2026-03-27", "2026-03-30"), ("2027-03-26", "2027-03-29"),
    ("2028-03-24", "2028-03-27"),
]
AUTUMN = [  # 10:00 CEST + 72 h = 09:00 CET
    ("2019-10-25", "2019-10-28"), ("2020-10-23", "2020-10-26"), ("2021-10-29", "2021-11-01"),
    ("2022-10-28", "2022-10-31"), ("2023-10-27", "2023-10-30"), ("2024-10-25", "2024-10-28"),
    ("2025-10-24", "2025-10-27"), ("2026-10-23", "2026-10-26"), ("2027-10-29", "2027-11-01"),
    ("2028-10-27", "2028-10-30"),
]

ROWS = [
    *(row(R, f"{fri}T10:00+01:00", "MK", f"{mon}T11:00+02:00", LAW, f"itp_law_referral_72h_into_summer_time_{fri[:4]}")
      for fri, mon in SPRING),
    *(row(R, f"{fri}T10:00+02:00", "MK", f"{mon}T09:00+01:00", LAW,
      f"itp_law_referral_72h_out_of_summer_time_{fri[:4]}")
      for fri, mon in AUTUMN),
    row(R, "2026-09-05T09:00+02:00", "MK", "2026-09-08T09:00+02:00", LAW,
        "itp_law_referral_ends_on_independence_day_not_moved"),
    row(R, "2026-12-29T16:00+01:00", "MK", "2027-01-01T16:00+01:00", LAW,
        "itp_law_referral_ends_on_new_year_not_moved"),
    row(R, "2027-01-04T08:00+01:00", "MK", "2027-01-07T08:00+01:00", LAW,
        "itp_law_referral_ends_on_christmas_not_moved"),
    row(R, "2026-05-22T12:00+02:00", "MK", "2026-05-25T12:00+02:00", LAW,
        "itp_law_referral_ends_on_cyril_and_methodius_observed"),
    row(R, "2026-07-31T23:59+02:00", "MK", "2026-08-03T23:59+02:00", LAW,
        "itp_law_referral_ends_on_republic_day_observed"),
    row(R, "2026-10-20T07:00+02:00", "MK", "2026-10-23T07:00+02:00", LAW,
        "itp_law_referral_ends_on_revolutionary_struggle_day"),
    row(R, "2026-12-05T18:00+01:00", "MK", "2026-12-08T18:00+01:00", LAW, "itp_law_referral_ends_on_saint_clement_day"),
    row(R, "2026-04-10T10:00+02:00", "MK", "2026-04-13T10:00+02:00", LAW,
        "itp_law_referral_ends_on_easter_monday_not_moved"),
    row(R, "2028-02-29T10:00+01:00", "MK", "2028-03-03T10:00+01:00", LAW, "itp_law_referral_from_leap_day"),
    row(R, "2020-02-27T10:00+01:00", "MK", "2020-03-01T10:00+01:00", LAW, "itp_law_referral_across_leap_day_2020"),
    row(R, "2027-12-31T22:00+01:00", "MK", "2028-01-03T22:00+01:00", LAW, "itp_law_referral_across_the_year_end"),
    row(R, "2024-12-30T12:00+01:00", "MK", "2025-01-02T12:00+01:00", LAW, "itp_law_referral_new_year_2025"),
    row(R, "2026-03-28T23:30+00:00", "MK", "2026-04-01T01:30+02:00", LAW, "itp_law_referral_start_given_in_utc"),
    row(R, "2026-07-01T12:00+04:30", "MK", "2026-07-04T09:30+02:00", LAW,
        "itp_law_referral_start_given_in_a_foreign_offset"),
    row(R, "2026-03-29T03:00+02:00", "MK", "2026-04-01T03:00+02:00", LAW,
        "itp_law_referral_starts_at_the_spring_change"),
    row(R, "2026-10-25T02:30+02:00", "MK", "2026-10-28T01:30+01:00", LAW,
        "itp_law_referral_first_of_the_repeated_hours"),
    row(R, "2026-10-25T02:30+01:00", "MK", "2026-10-28T02:30+01:00", LAW,
        "itp_law_referral_second_of_the_repeated_hours"),
    row(R, "2022-03-26T02:30+01:00", "MK", "2022-03-29T03:30+02:00", LAW,
        "itp_law_referral_night_before_spring_change_2022"),
    row(R, "2025-03-28T23:00+01:00", "MK", "2025-04-01T00:00+02:00", LAW,
        "itp_law_referral_late_friday_2025_ends_at_midnight"),
    row(R, "2025-10-24T23:00+02:00", "MK", "2025-10-27T22:00+01:00", LAW, "itp_law_referral_late_friday_autumn_2025"),
    row(R, "2019-01-01T00:00+01:00", "MK", "2019-01-04T00:00+01:00", LAW,
        "itp_law_referral_first_day_the_rule_set_applies"),
    row(R, "2023-08-01T10:00+02:00", "MK", "2023-08-04T10:00+02:00", LAW, "itp_law_referral_summer_no_change"),
]


@pytest.mark.parametrize(FIELDS, ROWS)
def test_mk_scenario(jurisdiction: str | None, rule: str, start: str, country: str, extensions: tuple[str, ...],
                     expected: str, cites: str, law_version: str | None, subdivision: str | None) -> None:
    check("MK", jurisdiction, rule, start, country, extensions, expected, cites, law_version, subdivision)


def test_mk_family_has_at_least_40_scenarios() -> None:
    assert len(ROWS) >= 40


def test_mk_rule_set_starts_on_1_january_2019() -> None:
    with pytest.raises(NoLawInForceError):
        deadline("MK", R, "2018-12-31T23:00+01:00", "MK")


def test_mk_hours_never_roll_forward_to_a_working_day() -> None:
    result = deadline("MK", R, "2026-09-05T09:00+02:00", "MK")
    codes = [step.code for step in result.explanation]
    assert "hours_from_moment" in codes and "hours_ignore_holidays" in codes and "rolled_forward" not in codes
