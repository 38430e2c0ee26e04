"""The `korak` verbs of `operations`: registered into the command's parser by korak.cli.

`korak bench operations`: how long the confirmation gate takes for a large operation (100
returnees, 60 escorts) against a registry of 10,000 escort certificates. A benchmark prints
figures; it asserts nothing. It builds its own database (by default `korak_bench_ops` on the
local PostgreSQL, recreated each run), confirms the same operation N times, and rolls each
confirmation back so that every run confirms a planned operation."""

import argparse
import json
import os
import statistics
import sys
import time
from typing import Any
from urllib.parse import urlsplit, urlunsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/korak_bench_ops"


def register(verbs: "argparse._SubParsersAction[argparse.ArgumentParser]",
             bench: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add this app's verbs to `korak` and its benchmarks to `korak bench`."""
    parser = bench.add_parser("operations", help="time the confirmation gate of a large return operation")
    parser.add_argument("--returnees", type=int, default=100, help="returnees on the operation (default 100)")
    parser.add_argument("--escorts", type=int, default=60, help="escorts on the operation (default 60)")
    parser.add_argument("--certificates", type=int, default=10_000,
                        help="escort certificates in the programme registry (default 10000)")
    parser.add_argument("--runs", type=int, default=50, help="timed confirmations (default 50)")
    parser.add_argument("--database-url", default=DEFAULT_URL,
                        help="a PostgreSQL database to recreate, or sqlite:///path (default %(default)s)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.set_defaults(func=cmd_bench_operations)


def cmd_bench_operations(args: argparse.Namespace) -> int:
    from korak.cli import fail, setup_django

    if not 1 <= args.returnees <= 10_000 or not 2 <= args.escorts <= 10_000 or args.runs < 1:
        return fail("--returnees 1..10000, --escorts 2..10000 and --runs >= 1")
    if args.certificates < args.escorts:
        return fail("--certificates must be at least --escorts")
    try:
        _recreate(args.database_url)
    except Exception as error:  # one line for any connection problem
        return fail(f"cannot prepare the bench database: {type(error).__name__}: {str(error).splitlines()[0]}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "korak.settings.test"
    os.environ["KORAK_DATABASE_URL"] = args.database_url
    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    operation_id, actor = _build(returnees=args.returnees, escorts=args.escorts, certificates=args.certificates)
    built = time.perf_counter() - started
    timings, queries = _time_confirmations(operation_id, actor, runs=args.runs)
    figures = _figures(timings) | {
        "database": _redact(args.database_url), "returnees": args.returnees, "escorts": args.escorts,
        "certificates": args.certificates, "runs": args.runs, "queries_per_confirmation": queries,
        "build_seconds": round(built, 1),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"korak bench operations · {figures['database']}")
        print(f"  operation: {args.returnees} returnees, {args.escorts} escorts; registry: {args.certificates} "
              f"escort certificates (built in {figures['build_seconds']} s)")
        print(f"  confirm_operation x{args.runs} (rolled back each time), {queries} queries each:")
        print(f"  p50 {figures['p50_ms']} ms · p95 {figures['p95_ms']} ms · min {figures['min_ms']} ms · "
              f"max {figures['max_ms']} ms")
    return 0


def _redact(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    return urlunsplit((parts.scheme, f"{host}:{parts.port}" if parts.port else host, parts.path, "", ""))


def _recreate(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = parts.path.lstrip("/")
        if path and path != ":memory:":
            if os.path.exists(path):
                os.remove(path)
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        return
    import psycopg
    from psycopg import sql

    name = parts.path.lstrip("/")
    server = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(server, autocommit=True, connect_timeout=5) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _build(*, returnees: int, escorts: int, certificates: int) -> tuple[Any, Any]:
    """The registry in bulk (its rows are not what is measured), the operation through the services."""
    from datetime import date, timedelta

    from django.utils import timezone

    from korak.operations import services
    from korak.organisations.models import Country, Institution, Membership, Role, User
    from korak.people import rules as people_rules
    from korak.people import services as people
    from korak.programme.models import Certificate, Curriculum, Official
    from korak.returns import services as returns
    from korak.returns.rules import Step

    ba = Country.objects.get(code="BA")
    sfa = Institution.objects.create(name="Service for Foreigners' Affairs (bench)", kind="foreigners_service",
                                     country=ba)
    ombudsman = Institution.objects.create(name="Ombudsman (bench)", kind="ombudsman", country=ba)
    users = {}
    for name, institution, role in (("coordinator", sfa, Role.RETURN_COORDINATOR), ("officer", sfa, Role.CASE_OFFICER),
                                    ("monitor", ombudsman, Role.FORCED_RETURN_MONITOR)):
        users[name] = User.objects.create_user(username=f"bench_{name}")
        Membership.objects.create(user=users[name], institution=institution, role=role)
    curriculum = Curriculum.objects.create(code=services.ESCORT_CURRICULUM, title="Escort officer")
    officials = Official.objects.bulk_create([
        Official(given_name=f"Escort{i}", family_name=f"Officer{i}", latin_given=f"Escort{i}",
                 latin_family=f"Officer{i}", name_key=f"officer{i}", institution=sfa, country="BA")
        for i in range(certificates)], batch_size=2000)
    today = timezone.localdate()
    Certificate.objects.bulk_create([
        Certificate(official=official, curriculum=curriculum, code=f"B{i:09d}", issued_on=date(2025, 1, 1),
                    valid_until=date(2030, 1, 1) if i % 10 else today, issued_by=users["coordinator"])
        for i, official in enumerate(officials)], batch_size=2000)
    first = today + timedelta(days=30)
    operation = services.plan_operation(actor=users["coordinator"], institution=sfa, data=services.OperationData(
        reference="BENCH-1", kind="charter", cooperation="joint", destination_country="PK",
        first_day=first, last_day=first + timedelta(days=1)))
    languages = ("ps", "fa", "ur", "ar", "ku", "ti")
    steps = ((Step.REQUEST_IDENTIFICATION, returns.StepInput(country="PK")),
             (Step.ANSWER_IDENTIFICATION, returns.StepInput(identified=True)),
             (Step.REQUEST_TRAVEL_DOCUMENT, returns.StepInput(country="PK")),
             (Step.ISSUE_TRAVEL_DOCUMENT, returns.StepInput(valid_until=today + timedelta(days=180))))
    for i in range(returnees):
        person = people.register_person(actor=users["officer"], institution=sfa, data=people_rules.PersonData(
            given_name=f"Returnee{i}", family_name=f"Bench{i}", languages=(languages[i % len(languages)],))).person
        case = returns.decide_return(actor=users["officer"], person=person, institution=sfa, country_of_return="PK",
                                     voluntary_departure_days=None, risk="absconding")
        for step, data in steps:
            returns.apply_step(actor=users["officer"], case_id=case.pk, step=step, data=data)
        returnee = services.add_returnee(actor=users["coordinator"], operation_id=operation.pk,
                                         return_case_id=case.pk)
        services.assess_returnee(actor=users["coordinator"], returnee_id=returnee.pk, assessment=services.Assessment(
            risk_level="low", risk_reasons="Bench assessment.", fit_to_travel="fit", informed_of_complaints=True))
    # Certified through the last day: every tenth certificate ends today.
    certified = [o for i, o in enumerate(officials) if i % 10][:escorts]
    for index, official in enumerate(certified):
        services.add_team_member(actor=users["coordinator"], operation_id=operation.pk, data=services.MemberData(
            role="escort_leader" if index == 0 else "escort_officer", full_name=f"Escort {index}",
            official_id=official.pk))
    services.add_team_member(actor=users["coordinator"], operation_id=operation.pk, data=services.MemberData(
        role="interpreter", full_name="Interpreters", languages=languages))
    services.assign_monitor(actor=users["coordinator"], operation_id=operation.pk, monitor=users["monitor"],
                            institution=ombudsman)
    return operation.pk, users["coordinator"]


class _RollbackError(Exception):
    pass


def _time_confirmations(operation_id: Any, actor: Any, *, runs: int) -> tuple[list[float], int]:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from korak.operations import services

    timings: list[float] = []
    queries = 0
    for run in range(runs + 3):
        # A fresh user object each time: the policy caches memberships per request.
        user = type(actor).objects.get(pk=actor.pk)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            try:
                with transaction.atomic():
                    operation = services.confirm_operation(actor=user, operation_id=operation_id)
                    elapsed = time.perf_counter() - started
                    if operation.state != "confirmed":
                        sys.exit("korak: the bench operation was not confirmed")
                    raise _RollbackError
            except _RollbackError:
                pass
        if run >= 3:  # the first few warm the caches
            timings.append(elapsed)
            queries = len(captured.captured_queries)
    return timings, queries


def _figures(timings: list[float]) -> dict[str, float]:
    ms = sorted(t * 1000 for t in timings)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return {"p50_ms": round(statistics.median(ms), 1), "p95_ms": round(p95, 1), "min_ms": round(ms[0], 1),
            "max_ms": round(ms[-1], 1)}
