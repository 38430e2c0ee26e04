"""`korak bench operations`: bad input ends with one line and status 2, before touching a database."""

import pytest

from korak.cli import main


@pytest.mark.parametrize("argv", [
    ["--returnees", "0"], ["--escorts", "1"], ["--runs", "0"], ["--escorts", "60", "--certificates", "10"],
])
def test_bad_input_is_one_line_and_status_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "operations", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("korak: ") and err.count("\n") == 1


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["bench", "operations", "--help"])
    assert exited.value.code == 0
    assert "--certificates" in capsys.readouterr().out
