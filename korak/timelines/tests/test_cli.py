"""`korak timelines compute` and `korak timelines rules`: JSON for scripts, one-line refusals
with status 2, and no database or settings module needed."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from korak.cli import main

ROOT = Path(__file__).resolve().parents[3]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exit_:  # argparse exits for missing arguments and --help
        status = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def compute_args(**overrides: str) -> list[str]:
    args = {"--country": "BA", "--jurisdiction": "EU", "--rule": "screening.border",
            "--start": "2026-07-04T10:00:00+02:00"} | overrides
    return ["timelines", "compute", *[item for pair in args.items() for item in pair]]


def test_compute_prints_the_deadline_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Screening Reg 2024/1356 Art 8(3): 7 days from Saturday 4 July end on Saturday 11 July → Monday."""
    status, out, err = run(capsys, *compute_args())
    assert (status, err) == (0, "")
    result = json.loads(out)
    assert result["rule"] == "screening.border"
    assert result["due_date"] == "2026-07-13"
    assert result["due_at"] == "2026-07-13T23:59:59.999999+02:00"
    assert result["reference"]["text"] == "Regulation (EU) 2024/1356, Art. 8(3)"
    assert result["law_version"] == "eu-2024-pact"
    assert result["verified"] is True
    assert any("not a working day" in line for line in result["explanation"])
    assert all(isinstance(line, str) for line in result["explanation"])
    assert result["steps"][0] == {"code": "rule", "params": {"rule_id": "screening.border",
                                                             "title": "Complete the screening at the external border",
                                                             "jurisdiction": "EU", "law_version": "eu-2024-pact"}}


def test_compute_applies_extensions_and_a_named_law_version(capsys: pytest.CaptureFixture[str]) -> None:
    """Directive 2013/32/EU Art 31(3): 6 + 9 months, recomputed under the old law."""
    status, out, _ = run(capsys, *compute_args(**{"--rule": "asylum.examination.regular",
                                                  "--start": "2026-08-31T09:00:00+02:00",
                                                  "--law-version": "eu-2013"}),
                         "--extension", "complex_or_numbers")
    result = json.loads(out)
    assert status == 0
    assert (result["law_version"], result["due_date"]) == ("eu-2013", "2027-11-30")
    assert result["extensions_applied"] == ["complex_or_numbers"]


def test_compute_hour_based_rule_reports_the_exact_instant(capsys: pytest.CaptureFixture[str]) -> None:
    """Serbia's 72 hours to report after the intention is recorded, across the October clock change."""
    status, out, _ = run(capsys, *compute_args(**{"--country": "RS", "--jurisdiction": "RS",
                                                  "--rule": "asylum.reporting",
                                                  "--start": "2026-10-23T10:25:00+02:00"}))
    result = json.loads(out)
    assert status == 0
    assert result["due_at"] == "2026-10-26T09:25:00+01:00"
    assert result["verified"] is False


def test_compute_ba_subdivision_changes_the_calendar(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, *compute_args(**{"--jurisdiction": "BA", "--rule": "asylum.lodging",
                                             "--start": "2026-11-11T10:00:00+01:00", "--subdivision": "SRP"}))
    assert json.loads(out)["due_date"] == "2026-11-25"


@pytest.mark.parametrize(("overrides", "extra", "reason"), [
    ({"--rule": "screening.nowhere"}, [], "korak: no rule 'screening.nowhere' in EU law version eu-2024-pact"),
    ({"--start": "2026-07-04T10:00:00"}, [], "has no UTC offset"),
    ({"--start": "next tuesday"}, [], "is not an ISO-8601 date and time"),
    ({"--country": "HR"}, [], "korak: unknown country 'HR'"),
    ({"--jurisdiction": "UK"}, [], "korak: unknown jurisdiction 'UK'"),
    ({"--law-version": "eu-1999"}, [], "korak: no law version 'eu-1999' for EU"),
    ({"--start": "2026-06-01T10:00:00+02:00"}, [], "no rule 'screening.border' in EU law version eu-2013"),
    ({}, ["--extension", "forever"], "korak: rule 'screening.border' has no extension 'forever'"),
    ({"--jurisdiction": "MK", "--start": "2018-06-01T10:00:00+02:00"}, [], "no MK law version in force on 2018-06-01"),
])
def test_compute_refuses_bad_input_with_one_line_and_status_2(capsys: pytest.CaptureFixture[str],
                                                              overrides: dict[str, str], extra: list[str],
                                                              reason: str) -> None:
    status, out, err = run(capsys, *compute_args(**overrides), *extra)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert reason in err


def test_compute_missing_arguments_is_one_line_and_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "timelines", "compute", "--country", "BA")
    assert status == 2
    assert err == "korak: the following arguments are required: --jurisdiction, --rule, --start\n"


def test_rules_lists_every_rule_with_reference_and_status(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "timelines", "rules")
    lines = out.splitlines()
    assert status == 0
    assert any(line.startswith("EU  eu-2024-pact  screening.border ") and "verified" in line
               and "Regulation (EU) 2024/1356, Art. 8(3)" in line for line in lines)
    assert any(line.startswith("RS  rs-2018") and "asylum.reporting" in line and "UNVERIFIED" in line
               for line in lines)
    assert {line.split()[0] for line in lines} == {"EU", "BA", "RS", "ME", "MK"}


def test_rules_json_filtered_by_jurisdiction(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "timelines", "rules", "--jurisdiction", "rs", "--json")
    rows = json.loads(out)
    assert status == 0
    assert {row["jurisdiction"] for row in rows} == {"RS"}
    reporting = next(row for row in rows if row["rule"] == "asylum.reporting")
    assert reporting["duration"] == {"amount": 72, "unit": "hours"}
    assert reporting["verified"] is False
    assert reporting["note"]


def test_rules_unknown_jurisdiction_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "timelines", "rules", "--jurisdiction", "XX")
    assert (status, err) == (2, "korak: unknown jurisdiction 'XX': expected one of EU, BA, RS, ME, MK\n")


def test_cli_needs_no_settings_module_or_database() -> None:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "KORAK_")) and key != "PYTEST_CURRENT_TEST"}
    # Fixed argv: this interpreter running Korak's own command line.
    completed = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "korak.cli", *compute_args(**{"--rule": "eurodac.transmission",
                                                              "--start": "2026-07-01T10:25:00+02:00"})],
        capture_output=True, text=True, env=env, cwd=ROOT, check=False, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["due_at"] == "2026-07-04T11:00:00+02:00"
