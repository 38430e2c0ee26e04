"""The `korak` verbs of the results: report highlights, programme follow-ups."""

import json
from pathlib import Path

import pytest

from korak.cli import main
from korak.organisations.models import User
from korak.programme import services
from korak.programme.models import Activity, Programme, Survey


def test_report_highlights_writes_pdf_and_html(programme: Programme, activity: Activity, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "highlights", "--lang", "bs", "--format", "pdf", "--output",
                 str(tmp_path / "h.pdf"), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["figures"]["activities"] == "1"
    assert (tmp_path / "h.pdf").read_bytes().startswith(b"%PDF")
    assert main(["report", "highlights", "--programme", programme.code, "--lang", "en", "--format", "html",
                 "--output", str(tmp_path / "h.html")]) == 0
    assert "<svg" in (tmp_path / "h.html").read_text(encoding="utf-8")


def test_report_highlights_needs_the_programme_when_there_are_several(
        programme: Programme, coordinator: User, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    services.create_programme(actor=coordinator, code="second", title="Second", period_start=programme.period_start,
                              period_end=programme.period_end)
    assert main(["report", "highlights", "--lang", "en", "--output", str(tmp_path / "x.pdf")]) == 2
    assert "name the programme" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_follow_ups_verb_is_idempotent(activity: Activity, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["programme", "follow-ups", "--now", "2026-06-05T09:00+02:00", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sent"] == 1
    assert main(["programme", "follow-ups", "--now", "2026-06-05T10:00+02:00", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sent"] == 0
    assert Survey.objects.filter(activity=activity, kind="follow_up", sent_at__isnull=False).count() == 1
    assert main(["programme", "follow-ups", "--now", "yesterday"]) == 2
