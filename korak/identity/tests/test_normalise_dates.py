"""Birth dates: partial, 1 January placeholder, day/month swap (sources in
korak.identity.normalise.dates.RULES)."""

import pytest

from korak.identity.normalise.dates import PartialDate, compare_dates, parse_date, swapped


@pytest.mark.parametrize(("text", "parsed"), [
    ("1999", PartialDate(1999)), ("1999-03", PartialDate(1999, 3)), ("1999-03-14", PartialDate(1999, 3, 14)),
    ("14.03.1999", PartialDate(1999, 3, 14)), ("01.01.1999.", PartialDate(1999, 1, 1)),
    ("1999-13", None), ("1999-02-32", None), ("yesterday", None), ("", None),
])
def test_parse_reduced_precision_dates(text: str, parsed: PartialDate | None) -> None:
    # Source: RULES["partial"] (ISO 8601 reduced precision) and the region's DD.MM.YYYY.
    assert parse_date(text) == parsed


@pytest.mark.parametrize(("a", "b", "level"), [
    ("1999-03-14", "1999-03-14", "exact"),
    ("1999-03-04", "1999-04-03", "swapped"),       # RULES["swapped"]
    ("1999-01-01", "1999-03-14", "placeholder"),   # RULES["placeholder"]
    ("1999", "1999-03-14", "partial"),             # RULES["partial"]
    ("1999-03", "1999-03-14", "partial"),
    ("1999-03-14", "1999-07-20", "year"),
    ("1998-03-14", "1999-03-14", "close"),
    ("1970", "1990", "different"),
])
def test_date_agreement_levels(a: str, b: str, level: str) -> None:
    assert compare_dates(parse_date(a), parse_date(b)).level == level


def test_weights_order_the_levels() -> None:
    weight = {level: compare_dates(parse_date(a), parse_date(b)).weight for a, b, level in [
        ("1999-03-14", "1999-03-14", "exact"), ("1999-03-04", "1999-04-03", "swapped"),
        ("1999-03-14", "1999-07-20", "year"), ("1970", "1990", "different")]}
    assert weight["exact"] > weight["swapped"] > weight["year"] > weight["different"] == 0


def test_an_unknown_date_neither_agrees_nor_contradicts() -> None:
    agreement = compare_dates(None, parse_date("1999"))
    assert (agreement.level, agreement.contradicts) == ("unknown", False)


def test_a_different_year_contradicts() -> None:
    assert compare_dates(parse_date("1985"), parse_date("1990")).contradicts


def test_swapped_only_when_it_is_another_valid_date() -> None:
    assert swapped(PartialDate(1999, 3, 4)) == PartialDate(1999, 4, 3)
    assert swapped(PartialDate(1999, 3, 14)) is None
    assert swapped(PartialDate(1999, 3, 3)) is None
    assert swapped(PartialDate(1999, 1, 1)) is None


@pytest.mark.parametrize(("a", "b", "level", "weight", "contradicts"), [
    ("1971-08-15", "1972-08-15", "close", 0.6, False),   # a typed year: same day of the year
    ("1975-08-15", "1985-08-15", "close", 0.6, False),   # one digit of the year
    ("1990-05-12", "1990-05-13", "close", 0.6, False),   # a typed day
    ("1990-05-12", "1990-05-22", "close", 0.6, False),   # one digit of the day
    ("1990-05-12", "1990-05-28", "year", 0.45, False),
    ("1990-05-12", "1991-06-12", "close", 0.25, True),   # a year apart, another day: an estimate at best
    ("1971-01-01", "1972-01-01", "close", 0.4, True),    # estimated ages a year apart
    ("1971", "1972-05-03", "close", 0.4, True),
    ("1975-08-15", "1985-09-15", "different", 0.0, True),
])
def test_one_keystroke_apart(a: str, b: str, level: str, weight: float, contradicts: bool) -> None:
    # Source: RULES["close"]; the weights are Korak's, chosen on synthetic data.
    agreement = compare_dates(parse_date(a), parse_date(b))
    assert (agreement.level, agreement.weight, agreement.contradicts) == (level, weight, contradicts)
