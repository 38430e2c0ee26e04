"""The `korak` command: one verb per operational job. Every verb has --help, exits non-zero
with a one-line reason on bad input, and can print JSON for scripts."""

import argparse
import importlib
import json
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

_APP_COMMANDS = [f"korak.{app}.commands" for app in
                 ("identity", "protection", "asylum", "returns", "programme", "operations", "timelines")]


def setup_django(settings_module: str | None = None) -> None:
    """For the app verbs: configure Django before touching models."""
    _setup(settings_module)


def fail(message: str) -> int:
    """For the app verbs: one line on stderr, status 2."""
    return _fail(message)


def _setup(settings_module: str | None = None) -> None:
    if settings_module:
        os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "korak.settings.base")
    import django

    django.setup()


def _fail(message: str) -> int:
    print(f"korak: {message}", file=sys.stderr)
    return 2


def cmd_audit_verify(args: argparse.Namespace) -> int:
    _setup()
    from korak.audit.queries import verify_chain

    verdict = verify_chain()
    if args.json:
        print(json.dumps({"ok": verdict.ok, "checked": verdict.checked, "bad_row": verdict.bad_seq,
                          "reason": verdict.reason}))
    elif verdict.ok:
        print(f"audit chain intact: {verdict.checked} entries verified")
    else:
        print(f"audit chain BROKEN at row {verdict.bad_seq}: {verdict.reason}", file=sys.stderr)
    return 0 if verdict.ok else 1


def cmd_demo(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "korak.settings.demo")
    _setup()
    from django.core.management import call_command

    from korak.demo.build import build_demo, print_logins

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    logins = build_demo(persons=args.persons, seed=args.seed)
    print_logins(logins, port=args.port)
    if args.no_serve:
        return 0
    return _serve(port=args.port, workers=1)


def _serve(*, port: int, workers: int, host: str = "127.0.0.1") -> int:
    from gunicorn.app.wsgiapp import run  # type: ignore[import-untyped]

    sys.argv = ["gunicorn", "korak.wsgi:application", "--bind", f"{host}:{port}", "--workers", str(workers),
                "--threads", "4", "--access-logfile", "-",
                # The access log holds method, route and status only: URLs may carry search terms.
                "--access-logformat", '%(t)s "%(m)s %(U)s" %(s)s %(M)sms']
    run()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import call_command

    call_command("check", deploy=os.environ.get("KORAK_ENV", "production") == "production", fail_level="WARNING")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    return _serve(port=args.port, workers=args.workers, host=args.host)


def cmd_bench_people(args: argparse.Namespace) -> int:
    if args.persons < 100:
        return _fail("--persons must be at least 100")
    from korak.bench.people import run_people_bench

    return int(run_people_bench(persons=args.persons, queries=args.queries, database_url=args.database_url,
                            as_json=args.json, seed=args.seed))


class _OneLineErrorParser(argparse.ArgumentParser):
    """Bad input to the timelines verbs ends with one line on stderr and status 2, no usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"korak: {message}\n")


def cmd_timelines_compute(args: argparse.Namespace) -> int:
    from korak.timelines.commands import compute_deadline, deadline_json
    from korak.timelines.errors import TimelineError

    try:
        deadline = compute_deadline(country=args.country, jurisdiction=args.jurisdiction, rule_id=args.rule,
                                    start=args.start, law_version=args.law_version, extensions=args.extension,
                                    subdivision=args.subdivision)
    except TimelineError as exc:
        return _fail(str(exc))
    print(json.dumps(deadline_json(deadline), ensure_ascii=False, indent=2))
    return 0


def cmd_timelines_rules(args: argparse.Namespace) -> int:
    from korak.timelines.commands import list_rules, rule_line
    from korak.timelines.errors import TimelineError

    try:
        rows = list_rules(args.jurisdiction)
    except TimelineError as exc:
        return _fail(str(exc))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            print(rule_line(row))
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "korak.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["korak manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="korak", description="A Korak node: case management for migration, "
                                     "asylum and return.")
    verbs = parser.add_subparsers(dest="verb", required=True)

    demo = verbs.add_parser("demo", help="build the demo node (SQLite, synthetic data) and serve it")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--persons", type=int, default=2000, help="synthetic persons to register (default 2000)")
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--no-serve", action="store_true", help="build the data, print the logins, and stop")
    demo.set_defaults(func=cmd_demo)

    serve = verbs.add_parser("serve", help="serve the node with gunicorn (settings from the environment)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=2)
    serve.set_defaults(func=cmd_serve)

    audit = verbs.add_parser("audit", help="the hash-chained audit log")
    audit_verbs = audit.add_subparsers(dest="audit_verb", required=True)
    verify = audit_verbs.add_parser("verify", help="recompute the chain; exit 1 and name the first bad row")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(func=cmd_audit_verify)

    bench = verbs.add_parser("bench", help="benchmarks that print figures")
    bench_verbs = bench.add_subparsers(dest="bench_verb", required=True)
    people = bench_verbs.add_parser("people", help="registration throughput and name-search latency")
    people.add_argument("--persons", type=int, default=100_000)
    people.add_argument("--queries", type=int, default=500)
    people.add_argument("--seed", type=int, default=11)
    people.add_argument("--database-url", action="append", default=None,
                        help="a database to measure (repeatable); default: a SQLite file and the local PostgreSQL")
    people.add_argument("--json", action="store_true")
    people.set_defaults(func=cmd_bench_people)

    timelines = verbs.add_parser("timelines", help="legal deadlines: compute one, or list the rules")
    timeline_verbs = timelines.add_subparsers(dest="timelines_verb", required=True, parser_class=_OneLineErrorParser)
    compute = timeline_verbs.add_parser("compute", help="compute a deadline and print it as JSON with its explanation")
    compute.add_argument("--country", required=True, help="BA, RS, ME or MK: whose calendar and time zone")
    compute.add_argument("--jurisdiction", required=True, help="EU, BA, RS, ME or MK: whose rules")
    compute.add_argument("--rule", required=True, help="rule id, e.g. screening.border (see `korak timelines rules`)")
    compute.add_argument("--start", required=True, help="start event, ISO 8601 with offset: 2026-07-01T09:30+02:00")
    compute.add_argument("--law-version", default=None, help="a law version id; default: the one in force at --start")
    compute.add_argument("--extension", action="append", default=[], help="apply an extension of the rule (repeatable)")
    compute.add_argument("--subdivision", default=None, help="BA only: BIH (default), SRP or BRC holiday calendar")
    compute.set_defaults(func=cmd_timelines_compute)
    rules = timeline_verbs.add_parser("rules", help="list every rule with its legal reference and verification status")
    rules.add_argument("--jurisdiction", default=None, help="only EU, BA, RS, ME or MK")
    rules.add_argument("--json", action="store_true")
    rules.set_defaults(func=cmd_timelines_rules)

    # Each case app adds its own verbs and benchmarks (korak/<app>/commands.py).
    for module_name in _APP_COMMANDS:
        importlib.import_module(module_name).register(verbs, bench_verbs)

    manage = verbs.add_parser("manage", help="Django's manage.py commands (migrate, createsuperuser, …)")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last-resort handler: one line, no traceback, no personal data
        from django.core.exceptions import ImproperlyConfigured

        if isinstance(exc, ImproperlyConfigured):
            return _fail(str(exc))
        raise
    return result


if __name__ == "__main__":
    sys.exit(main())
