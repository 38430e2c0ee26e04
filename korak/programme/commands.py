"""The `korak` verbs of `programme`: registered into the command's parser by korak.cli.

- `korak report highlights [--programme ID|CODE] --lang bs --format pdf|html --output FILE`
- `korak programme follow-ups [--now ISO] [--json]`: the follow-up survey job (idempotent)
- `korak bench programme [--attendances N] [--json]`: indicators and the highlights PDF, timed"""

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from korak.cli import fail, setup_django

REPORT_LANGUAGES = ("en", "bs", "hr", "sr", "sr-latn", "cnr", "mk", "sq")


def cmd_report_highlights(args: argparse.Namespace) -> int:
    setup_django()
    from django.utils import timezone

    from korak.programme import indicators
    from korak.programme.report import data, html, pdf

    try:
        programme = indicators.resolve_programme(args.programme)
    except LookupError as error:
        return fail(str(error))
    report = data.build(programme=programme, language=args.lang, today=timezone.localdate())
    output = Path(args.output)
    if not output.parent.is_dir():
        return fail(f"no such directory: {output.parent}")
    if args.format == "pdf":
        output.write_bytes(pdf.render(report))
    else:
        output.write_text(html.document(report), encoding="utf-8")
    figures = {figure.code: str(figure.raw) for figure in report.figures}
    if args.json:
        print(json.dumps({"output": str(output), "language": args.lang, "format": args.format, "figures": figures}))
    else:
        print(f"wrote {output} ({args.format}, {args.lang}): " + ", ".join(f"{k} {v}" for k, v in figures.items()))
    return 0


def cmd_follow_ups(args: argparse.Namespace) -> int:
    setup_django()
    from django.utils import timezone

    from korak.programme import assessments

    if args.now:
        try:
            now = datetime.fromisoformat(args.now)
        except ValueError:
            return fail("--now must be an ISO 8601 time with its offset, e.g. 2026-06-12T09:00+02:00")
        if now.tzinfo is None:
            return fail("--now needs an offset, e.g. 2026-06-12T09:00+02:00")
    else:
        now = timezone.now()
    run = assessments.send_due_follow_ups(now=now)
    result = {"sent": run.sent, "reminded": run.reminded, "messages": run.messages, "undelivered": run.undelivered}
    print(json.dumps(result) if args.json else
          f"follow-up surveys sent: {run.sent}, reminders: {run.reminded}, e-mails: {run.messages}, "
          f"undelivered: {run.undelivered}")
    return 1 if run.undelivered else 0


def cmd_bench_programme(args: argparse.Namespace) -> int:
    if args.attendances < 1000:
        return fail("--attendances must be at least 1000")
    from korak.programme.bench import run_bench

    result = run_bench(attendances=args.attendances, activities=args.activities, officials=args.officials,
                       database_url=args.database_url, seed=args.seed)
    if args.json:
        print(json.dumps(result))
    else:
        for line in result["lines"]:
            print(line)
    sys.stdout.flush()
    return 0


def register(verbs: "argparse._SubParsersAction[argparse.ArgumentParser]",
             bench: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add this app's verbs to `korak` and its benchmarks to `korak bench`."""
    report = verbs.add_parser("report", help="reports computed live from the registry")
    reports = report.add_subparsers(dest="report_verb", required=True)
    highlights = reports.add_parser("highlights", help="the programme's highlights report (PDF or HTML)")
    highlights.add_argument("--programme", default=None, help="id or code; may be left out when there is one")
    highlights.add_argument("--lang", default="en", choices=REPORT_LANGUAGES)
    highlights.add_argument("--format", default="pdf", choices=("pdf", "html"))
    highlights.add_argument("--output", required=True, help="the file to write")
    highlights.add_argument("--json", action="store_true")
    highlights.set_defaults(func=cmd_report_highlights)

    programme = verbs.add_parser("programme", help="jobs of the capacity-building programme")
    jobs = programme.add_subparsers(dest="programme_verb", required=True)
    follow_ups = jobs.add_parser("follow-ups", help="send due follow-up surveys (day 90) and their one reminder")
    follow_ups.add_argument("--now", default=None, help="act as if it were this time (ISO 8601 with offset)")
    follow_ups.add_argument("--json", action="store_true")
    follow_ups.set_defaults(func=cmd_follow_ups)

    timed = bench.add_parser("programme", help="indicators over N attendance rows; highlights PDF")
    timed.add_argument("--attendances", type=int, default=100_000)
    timed.add_argument("--activities", type=int, default=100)
    timed.add_argument("--officials", type=int, default=600)
    timed.add_argument("--seed", type=int, default=5)
    timed.add_argument("--database-url", default=None,
                       help="an empty database to use; default: a fresh SQLite file under var/bench/")
    timed.add_argument("--json", action="store_true")
    timed.set_defaults(func=cmd_bench_programme)
