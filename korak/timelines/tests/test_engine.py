"""The engine's arithmetic, the calendars, the rule loader's checks, and properties that must
hold for every rule, start and country."""

import ast
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from textwrap import dedent

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from korak.timelines.calendars import COUNTRY_TIMEZONES, calendar_for
from korak.timelines.engine import add_months, compute
from korak.timelines.errors import RuleFileError
from korak.timelines.loader import RULES_DIR, RuleBook, load_file, load_rulebook
from korak.timelines.model import Unit
from korak.timelines.tests.conftest import d

PACKAGE = Path(__file__).resolve().parent.parent

REQUIRED_EU_RULES = {
    "screening.border", "screening.inland", "asylum.registration", "asylum.lodging", "asylum.examination.regular",
    "asylum.examination.accelerated", "asylum.border_procedure", "return.border_procedure", "eurodac.transmission",
    "return.voluntary_departure.min", "return.voluntary_departure.max", "return.detention.initial_max",
    "return.detention.absolute_max",
}


# --- Reg 1182/71 Art 3(2)(c): months end on the same date, or the month's last day -------

@pytest.mark.parametrize(("start", "months", "end", "clamped"), [
    ("2026-08-31", 6, "2027-02-28", True),
    ("2027-08-31", 6, "2028-02-29", True),
    ("2026-01-31", 1, "2026-02-28", True),
    ("2026-01-10", 6, "2026-07-10", False),
    ("2026-01-10", 18, "2027-07-10", False),
    ("2026-12-15", 1, "2027-01-15", False),
    ("2026-03-31", 1, "2026-04-30", True),
    ("2026-05-31", 21, "2028-02-29", True),
])
def test_add_months_reg1182_art3_2_c(start: str, months: int, end: str, clamped: bool) -> None:
    assert add_months(d(start), months) == (d(end), clamped)


# --- Calendars ------------------------------------------------------------------------------

def test_ba_default_calendar_is_the_federation_with_independence_day() -> None:
    calendar = calendar_for("BA")
    assert calendar.subdivision == "BIH"
    assert calendar.non_working_reason(d("2027-03-01")) == "Independence Day"
    assert calendar.is_working_day(d("2027-03-02"))


def test_republika_srpska_calendar_has_no_independence_day_but_dayton_day() -> None:
    calendar = calendar_for("BA", "SRP")
    assert calendar.is_working_day(d("2027-03-01"))
    assert calendar.is_working_day(d("2026-11-25"))
    assert "Dayton" in calendar.non_working_reason(d("2026-11-21"))


def test_serbia_calendar_orthodox_christmas_and_statehood_day() -> None:
    calendar = calendar_for("RS")
    assert calendar.non_working_reason(d("2027-01-07")) == "Orthodox Christmas Day"
    assert not calendar.is_working_day(d("2027-02-15"))
    assert not calendar.is_working_day(d("2027-02-16"))
    assert calendar.is_working_day(d("2026-12-25"))


def test_montenegro_public_calendar_leaves_out_faith_specific_holidays() -> None:
    calendar = calendar_for("ME")
    assert calendar.is_working_day(d("2027-01-07"))
    assert calendar.non_working_reason(d("2026-07-13")) == "Statehood Day"


def test_north_macedonia_calendar_observes_sunday_holidays_on_monday() -> None:
    calendar = calendar_for("MK")
    assert "observed" in calendar.non_working_reason(d("2026-08-03"))
    assert calendar.non_working_reason(d("2026-09-08")) == "Independence Day"


def test_weekends_are_named_when_they_are_not_holidays() -> None:
    calendar = calendar_for("RS")
    assert calendar.non_working_reason(d("2026-07-04")) == "Saturday"
    assert calendar.non_working_reason(d("2026-07-05")) == "Sunday"
    assert calendar.non_working_reason(d("2026-07-06")) == ""


def test_working_days_count_skips_weekends_and_holidays() -> None:
    calendar = calendar_for("BA")
    # Passed over: 19-20 Dec (weekend), 24-27 Dec (Catholic Christmas Eve and Day, weekend),
    # 1-3 Jan (New Year, Sunday), 6-7 Jan (Orthodox Christmas Eve and Day): 11 days.
    assert calendar.add_working_days(d("2026-12-18"), 10) == (d("2027-01-08"), 11)
    assert calendar.working_days_between(d("2026-12-23"), d("2026-12-28")) == 1


@pytest.mark.parametrize(("country", "zone"), sorted(COUNTRY_TIMEZONES.items()))
def test_each_country_has_its_time_zone(country: str, zone: str) -> None:
    assert calendar_for(country).tz.key == zone


# --- The shipped rule files -----------------------------------------------------------

def test_every_rule_file_loads_and_the_required_eu_rules_exist(book: RuleBook) -> None:
    pact = book.version("EU", "eu-2024-pact")
    assert set(pact.rules) >= REQUIRED_EU_RULES
    assert pact.effective_from == date(2026, 6, 12)
    assert book.version("EU", "eu-2013").effective_until == date(2026, 6, 11)
    assert {law.jurisdiction for code in book.versions for law in book.versions[code]} == {"EU", "BA", "RS", "ME",
                                                                                         "MK"}


def test_every_rule_names_its_instrument_and_explains_what_is_unverified(book: RuleBook) -> None:
    for rule in book.all_rules():
        assert rule.reference.instrument
        if rule.verified:
            assert rule.reference.article, rule.id
        else:
            assert rule.note.strip(), rule.id
        if rule.jurisdiction != "EU":
            assert rule.verified is False, f"{rule.jurisdiction} {rule.id}: no national text was read"


def test_only_detention_ceilings_opt_out_of_roll_forward(book: RuleBook) -> None:
    fixed = {rule.id for rule in book.all_rules() if not rule.roll_forward}
    assert fixed == {"return.detention.initial_max", "return.detention.absolute_max", "asylum.detention.initial_max"}


PURE_MODULES = {"engine.py", "loader.py", "calendars.py", "explain.py", "model.py", "errors.py", "triggers.py",
                "replay.py"}
CASE_APPS = ("korak.asylum", "korak.returns", "korak.operations", "korak.programme", "korak.protection",
             "korak.people", "korak.identity")


def test_timelines_imports_no_case_app_and_the_engine_no_django() -> None:
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(CASE_APPS), (path.name, name)
                if path.name in PURE_MODULES:
                    assert not name.startswith("korak.") or name.startswith("korak.timelines"), (path.name, name)
                    assert name != "korak.timelines.models", path.name
    code = ("import sys, korak.timelines.engine, korak.timelines.loader, korak.timelines.replay; "
            "sys.exit(1 if any(m.startswith('django') for m in sys.modules) else 0)")
    # Fixed argv: this interpreter importing Korak's own modules.
    completed = subprocess.run([sys.executable, "-c", code], check=False, cwd=PACKAGE.parent.parent)  # noqa: S603
    assert completed.returncode == 0


# --- The loader refuses bad rule files, naming the file and the rule ---------------------

GOOD_RULE = """
[[rules]]
id = "test.rule"
title = "A rule"
start_event = "something happened"
duration = { amount = 3, unit = "calendar_days" }
consequence = { kind = "alert", text = "Act." }
reference = { instrument = "Test Act", article = "1" }
verified = true
"""
HEADER = """
jurisdiction = "RS"
version = "rs-test"
title = "Test law"
effective_from = 2020-01-01

[counting]
convention = "national_gapa"
reference = { instrument = "Test GAPA", article = "80" }
verified = true
"""


def write(tmp_path: Path, body: str, *, name: str = "rs/rs-test.toml", header: str = HEADER) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dedent(header) + dedent(body), encoding="utf-8")
    return path


@pytest.mark.parametrize(("change", "message"), [
    (('unit = "calendar_days"', 'unit = "fortnights"'), "rule 'test.rule': unit must be one of"),
    (("amount = 3", "amount = 0"), "rule 'test.rule': amount must be a positive whole number"),
    (("amount = 3", "amount = -2"), "rule 'test.rule': amount must be a positive whole number"),
    (("amount = 3", 'amount = "3"'), "rule 'test.rule': amount must be a positive whole number"),
    (("verified = true", "verified = false"), "rule 'test.rule': verified = false needs a note"),
    (('article = "1"', 'article = ""'), "rule 'test.rule': a verified rule must name its article"),
    (('kind = "alert"', 'kind = "panic"'), "rule 'test.rule': consequence.kind must be one of"),
    (("duration =", "duraton ="), "rule 'test.rule': rule has unknown key(s) duraton"),
    (('reference = { instrument = "Test Act", article = "1" }\n', ""), "rule 'test.rule': rule is missing reference"),
    (('id = "test.rule"', 'id = "Test Rule"'), "rules[0].id must look like 'asylum.lodging'"),
    (("verified = true", 'verified = "yes"'), "rule 'test.rule': rule.verified must be true or false"),
])
def test_loader_refuses_a_bad_rule(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    path = write(tmp_path, GOOD_RULE.replace(*change))
    with pytest.raises(RuleFileError) as refused:
        load_file(path, base=tmp_path)
    assert str(refused.value).startswith("rules/rs/rs-test.toml: ")
    assert message in str(refused.value)


def test_loader_accepts_the_good_rule(tmp_path: Path) -> None:
    law = load_file(write(tmp_path, GOOD_RULE), base=tmp_path)
    assert law.rules["test.rule"].duration.unit is Unit.CALENDAR_DAYS


def test_loader_refuses_a_duplicate_rule_id(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match=re.escape("rule 'test.rule': the same rule id appears twice")):
        load_file(write(tmp_path, GOOD_RULE + GOOD_RULE), base=tmp_path)


def test_loader_refuses_invalid_toml(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match=r"rules/rs/rs-test.toml: not valid TOML"):
        load_file(write(tmp_path, GOOD_RULE + "\nthis is not toml\n"), base=tmp_path)


def test_loader_refuses_hours_mixed_into_a_day_period(tmp_path: Path) -> None:
    body = GOOD_RULE + dedent("""
        [[rules.extensions]]
        id = "more"
        amount = 12
        unit = "hours"
        condition = "always"
        reference = { instrument = "Test Act", article = "2" }
    """)
    with pytest.raises(RuleFileError, match=r"rule 'test\.rule': extension.*mix hours"):
        load_file(write(tmp_path, body), base=tmp_path)


def test_loader_refuses_an_exclusion_of_an_unknown_extension(tmp_path: Path) -> None:
    body = GOOD_RULE + dedent("""
        [[rules.extensions]]
        id = "more"
        amount = 2
        unit = "calendar_days"
        condition = "always"
        reference = { instrument = "Test Act", article = "2" }
        excludes = ["ghost"]
    """)
    with pytest.raises(RuleFileError, match="excludes unknown extension"):
        load_file(write(tmp_path, body), base=tmp_path)


def test_loader_refuses_effective_until_before_effective_from(tmp_path: Path) -> None:
    header = HEADER.replace("effective_from = 2020-01-01", "effective_from = 2020-01-01\neffective_until = 2019-01-01")
    with pytest.raises(RuleFileError, match="effective_until 2019-01-01 is before effective_from"):
        load_file(write(tmp_path, GOOD_RULE, header=header), base=tmp_path)


def test_loader_refuses_an_unverified_convention_without_a_note(tmp_path: Path) -> None:
    header = HEADER.replace('article = "80" }\nverified = true', 'article = "80" }\nverified = false')
    with pytest.raises(RuleFileError, match="counting: an unverified convention needs a note"):
        load_file(write(tmp_path, GOOD_RULE, header=header), base=tmp_path)


def test_loader_refuses_overlapping_law_versions(tmp_path: Path) -> None:
    write(tmp_path, GOOD_RULE, name="rs/a.toml", header=HEADER.replace('"rs-test"', '"rs-a"'))
    write(tmp_path, GOOD_RULE, name="rs/b.toml",
          header=HEADER.replace('"rs-test"', '"rs-b"').replace("2020-01-01", "2021-01-01"))
    load_rulebook.cache_clear()
    try:
        overlap = re.escape("rules/rs/b.toml: law version 'rs-b' starts 2021-01-01 while 'rs-a'")
        with pytest.raises(RuleFileError, match=overlap):
            load_rulebook(tmp_path)
    finally:
        load_rulebook.cache_clear()


def test_loader_refuses_a_file_in_the_wrong_folder(tmp_path: Path) -> None:
    write(tmp_path, GOOD_RULE, name="me/rs-test.toml")
    load_rulebook.cache_clear()
    try:
        with pytest.raises(RuleFileError, match="jurisdiction 'RS' does not match its folder 'me'"):
            load_rulebook(tmp_path)
    finally:
        load_rulebook.cache_clear()


def test_rules_directory_is_inside_the_package() -> None:
    assert RULES_DIR == PACKAGE / "rules"
    assert sorted(path.parent.name for path in RULES_DIR.glob("*/*.toml")) == ["ba", "eu", "eu", "me", "mk", "rs"]


# --- Properties for every rule, start and country --------------------------------------

BOOK = load_rulebook()
ALL_RULES = sorted(BOOK.all_rules(), key=lambda rule: (rule.jurisdiction, rule.law_version, rule.id))
ROLLING_DAY_RULES = [rule for rule in ALL_RULES if not rule.is_hour_based and rule.roll_forward]
# Hypothesis takes naive bounds and attaches the time zone itself.
starts = st.datetimes(min_value=datetime(2019, 1, 1), max_value=datetime(2035, 12, 31),  # noqa: DTZ001
                      timezones=st.just(UTC))
countries = st.sampled_from(sorted(COUNTRY_TIMEZONES))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule=st.sampled_from(ROLLING_DAY_RULES), start=starts, country=countries)
def test_property_day_based_due_date_is_after_the_start_and_on_a_working_day(rule, start, country) -> None:  # type: ignore[no-untyped-def]
    calendar = calendar_for(country)
    result = compute(rule, start, country, calendar=calendar)
    local_start = start.astimezone(calendar.tz).date()
    assert result.due_date > local_start
    assert calendar.is_working_day(result.due_date)
    assert result.due_at.date() == result.due_date
    assert result.due_at > start


@settings(max_examples=200, deadline=None)
@given(rule=st.sampled_from([rule for rule in ALL_RULES if rule.is_hour_based]), start=starts, country=countries)
def test_property_hour_based_period_lasts_its_hours_in_real_time(rule, start, country) -> None:  # type: ignore[no-untyped-def]
    result = compute(rule, start, country)
    elapsed = result.due_at - start
    hours = timedelta(hours=rule.duration.amount)
    assert hours <= elapsed <= hours + timedelta(hours=1)
    assert result.due_at.tzinfo is not None


@settings(max_examples=200, deadline=None)
@given(rule=st.sampled_from(ALL_RULES), start=starts, country=countries)
def test_property_every_explanation_starts_with_the_rule_and_ends_with_the_due_date(rule, start, country) -> None:  # type: ignore[no-untyped-def]
    result = compute(rule, start, country)
    assert result.explanation[0].code == "rule"
    due = next(step for step in result.explanation if step.code == "due")
    assert due.params["due_date"] == result.due_date.isoformat()
