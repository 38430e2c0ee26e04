"""Bosnia and Herzegovina scenario table: the Law on Asylum (2016) and the Law on Foreigners
(2015) under the national counting convention (day of the event not counted, a last day on which
the authority does not work moves to the next working day; detention ceilings never move).

No article of either law was identified from the sources read (see ba-2016.toml), so each row
asserts that the deadline says "article not identified" and names the law. Holidays: the
Federation's by default (Independence Day 1 March, Statehood Day 25 November, both Bajrams,
both Easters and Christmases as listed by `holidays`; the Bajram dates are the library's
estimates), Republika Srpska's (SRP) and Brčko District's (BRC) where a row says so."""

import pytest

from korak.timelines.errors import NoLawInForceError
from korak.timelines.tests.conftest import deadline
from korak.timelines.tests.scenarios import FIELDS, check, row

ASYLUM = "Law on Asylum of Bosnia and Herzegovina (Sl. glasnik BiH 11/16, 16/16) (article not identified)"
FOREIGNERS = "Law on Foreigners of Bosnia and Herzegovina (Sl. glasnik BiH 88/15) (article not identified)"
L, A = "asylum.lodging", "asylum.address_registration"
INITIAL, M = "return.detention.initial_max", "return.detention.absolute_max"

ROWS = [
    # --- Law on Asylum: 14 days to lodge from the attestation of expressed intention -------
    row(L, "2026-02-15T10:00+01:00", "BA", "2026-03-02", ASYLUM,
        "asylum_law_lodging_ends_sunday_1_march_independence_day"),
    row(L, "2026-03-06T10:00+01:00", "BA", "2026-03-23", ASYLUM, "asylum_law_lodging_ends_on_ramazanski_bajram_friday"),
    row(L, "2026-03-20T10:00+01:00", "BA", "2026-04-07", ASYLUM, "asylum_law_lodging_ends_on_catholic_good_friday"),
    row(L, "2026-03-27T10:00+01:00", "BA", "2026-04-14", ASYLUM, "asylum_law_lodging_ends_on_orthodox_good_friday"),
    row(L, "2026-04-17T10:00+02:00", "BA", "2026-05-04", ASYLUM, "asylum_law_lodging_ends_on_labour_day"),
    row(L, "2026-04-25T10:00+02:00", "BA", "2026-05-11", ASYLUM, "asylum_law_lodging_ends_on_victory_day_saturday"),
    row(L, "2026-05-14T10:00+02:00", "BA", "2026-05-29", ASYLUM,
        "asylum_law_lodging_ends_on_second_day_of_kurban_bajram"),
    row(L, "2027-11-11T10:00+01:00", "BA", "2027-11-26", ASYLUM, "asylum_law_lodging_ends_on_statehood_day_2027"),
    row(L, "2026-12-10T10:00+01:00", "BA", "2026-12-28", ASYLUM, "asylum_law_lodging_ends_on_catholic_christmas_eve"),
    row(L, "2026-12-18T10:00+01:00", "BA", "2027-01-04", ASYLUM, "asylum_law_lodging_ends_on_new_year"),
    row(L, "2026-12-23T10:00+01:00", "BA", "2027-01-08", ASYLUM, "asylum_law_lodging_ends_on_orthodox_christmas_eve"),
    row(L, "2027-02-23T10:00+01:00", "BA", "2027-03-11", ASYLUM, "asylum_law_lodging_ends_on_ramazanski_bajram_2027"),
    row(L, "2027-03-12T10:00+01:00", "BA", "2027-03-30", ASYLUM, "asylum_law_lodging_catholic_easter_2027"),
    row(L, "2027-04-16T10:00+02:00", "BA", "2027-05-04", ASYLUM,
        "asylum_law_lodging_orthodox_easter_and_labour_day_2027"),
    row(L, "2027-05-03T10:00+02:00", "BA", "2027-05-18", ASYLUM, "asylum_law_lodging_ends_on_kurban_bajram_2027"),
    row(L, "2026-06-02T10:00+02:00", "BA", "2026-06-16", ASYLUM, "asylum_law_lodging_plain_tuesday"),
    row(L, "2026-06-06T10:00+02:00", "BA", "2026-06-22", ASYLUM, "asylum_law_lodging_ends_saturday"),
    row(L, "2026-11-11T10:00+01:00", "BA", "2026-11-25", ASYLUM,
        "asylum_law_lodging_statehood_day_not_a_holiday_in_republika_srpska", subdivision="SRP"),
    row(L, "2026-12-31T10:00+01:00", "BA", "2027-01-15", ASYLUM,
        "asylum_law_lodging_ends_on_orthodox_new_year_in_republika_srpska", subdivision="SRP"),
    row(L, "2027-02-15T10:00+01:00", "BA", "2027-03-01", ASYLUM,
        "asylum_law_lodging_1_march_working_in_republika_srpska", subdivision="SRP"),
    row(L, "2027-02-15T10:00+01:00", "BA", "2027-03-02", ASYLUM,
        "asylum_law_lodging_1_march_holiday_in_the_federation"),
    row(L, "2027-02-22T10:00+01:00", "BA", "2027-03-10", ASYLUM,
        "asylum_law_lodging_brcko_establishment_day_then_bajram", subdivision="BRC"),
    row(L, "2026-11-11T10:00+01:00", "BA", "2026-11-25", ASYLUM,
        "asylum_law_lodging_statehood_day_not_a_holiday_in_brcko", subdivision="BRC"),
    row(L, "2028-02-16T10:00+01:00", "BA", "2028-03-02", ASYLUM, "asylum_law_lodging_independence_day_2028_wednesday"),
    row(L, "2028-03-31T10:00+02:00", "BA", "2028-04-18", ASYLUM, "asylum_law_lodging_both_easters_together_2028"),
    row(L, "2028-04-17T10:00+02:00", "BA", "2028-05-03", ASYLUM, "asylum_law_lodging_two_labour_days_2028"),
    row(L, "2028-04-21T10:00+02:00", "BA", "2028-05-08", ASYLUM, "asylum_law_lodging_kurban_bajram_2028_then_weekend"),
    row(L, "2028-12-11T10:00+01:00", "BA", "2028-12-26", ASYLUM, "asylum_law_lodging_catholic_christmas_2028_monday"),
    # --- Law on Asylum: 3 days to register a private address -------------------------------
    row(A, "2026-12-31T10:00+01:00", "BA", "2027-01-04", ASYLUM, "asylum_law_address_3_days_new_year_weekend"),
    row(A, "2027-01-04T10:00+01:00", "BA", "2027-01-08", ASYLUM, "asylum_law_address_3_days_orthodox_christmas"),
    row(A, "2026-04-07T10:00+02:00", "BA", "2026-04-14", ASYLUM, "asylum_law_address_3_days_orthodox_easter"),
    row(A, "2026-11-22T10:00+01:00", "BA", "2026-11-26", ASYLUM, "asylum_law_address_3_days_statehood_day"),
    row(A, "2027-02-26T10:00+01:00", "BA", "2027-03-02", ASYLUM, "asylum_law_address_3_days_independence_day_monday"),
    row(A, "2026-06-09T10:00+02:00", "BA", "2026-06-12", ASYLUM, "asylum_law_address_3_days_plain_friday"),
    row(A, "2026-03-18T10:00+01:00", "BA", "2026-03-23", ASYLUM,
        "asylum_law_address_3_days_bajram_saturday_no_two_working_days_rule"),
    # --- Law on Foreigners: supervision (detention) ceilings, never moved -------------------
    row(INITIAL, "2026-02-10T10:00+01:00", "BA", "2026-05-11", FOREIGNERS,
        "foreigners_law_supervision_90_days_over_february"),
    row(INITIAL, "2026-09-26T10:00+02:00", "BA", "2026-12-25", FOREIGNERS,
        "foreigners_law_supervision_ends_on_christmas_not_moved"),
    row(INITIAL, "2026-10-04T10:00+02:00", "BA", "2027-01-02", FOREIGNERS,
        "foreigners_law_supervision_ends_on_new_year_not_moved"),
    row(INITIAL, "2026-07-01T10:00+02:00", "BA", "2026-12-28", FOREIGNERS,
        "foreigners_law_supervision_extended_90_days_180_in_all",
        extensions=("grounds_persist",)),
    row(INITIAL, "2026-03-01T10:00+01:00", "BA", "2026-08-28", FOREIGNERS,
        "foreigners_law_supervision_extension_from_1_march",
        extensions=("grounds_persist",)),
    row(M, "2026-06-25T10:00+02:00", "BA", "2027-12-25", FOREIGNERS,
        "foreigners_law_18_months_saturday_christmas_not_moved"),
    row(M, "2026-07-31T10:00+02:00", "BA", "2028-01-31", FOREIGNERS, "foreigners_law_18_months_plain_month_end"),
    row(M, "2027-08-31T10:00+02:00", "BA", "2029-02-28", FOREIGNERS,
        "foreigners_law_18_months_31_august_to_28_february"),
    row(M, "2026-01-31T10:00+01:00", "BA", "2027-07-31", FOREIGNERS,
        "foreigners_law_18_months_ends_saturday_not_moved"),
    row(M, "2026-05-31T10:00+02:00", "BA", "2027-11-30", FOREIGNERS, "foreigners_law_18_months_31_may_to_30_november"),
]


@pytest.mark.parametrize(FIELDS, ROWS)
def test_ba_scenario(jurisdiction: str | None, rule: str, start: str, country: str, extensions: tuple[str, ...],
                     expected: str, cites: str, law_version: str | None, subdivision: str | None) -> None:
    check("BA", jurisdiction, rule, start, country, extensions, expected, cites, law_version, subdivision)


def test_ba_family_has_at_least_40_scenarios() -> None:
    assert len(ROWS) >= 40


def test_ba_law_version_starts_on_1_january_2017() -> None:
    """Korak's BA rule set is in force from 2017-01-01 (ba-2016.toml): nothing earlier."""
    with pytest.raises(NoLawInForceError):
        deadline("BA", "asylum.lodging", "2016-12-31T10:00+01:00", "BA")
    assert deadline("BA", "asylum.lodging", "2017-01-01T10:00+01:00", "BA").law_version == "ba-2016"
