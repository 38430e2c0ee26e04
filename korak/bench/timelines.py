"""`korak bench timelines`: the legal clock at scale.

1. Recompute: synthetic asylum and return cases (the event types and payloads the asylum and
   returns apps write) are generated in memory until there are N case events (default
   1,000,000), and every case's deadlines are recomputed from its events — the trigger table,
   the law version fixed at the first event, the engine with each country's calendar — exactly
   as `services.on_case_event` does for one case. Cases are split over worker processes (one
   per core by default); each worker generates its own share from the seed, so only figures
   cross process boundaries. Generating the events is timed apart from recomputing them.
2. Board: a dedicated PostgreSQL database (default `korak_bench_a2`, dropped and created again)
   gets one institution with B open cases (default 50,000): their events and computed
   deadlines are bulk-loaded, then the deadline board is rendered for a supervisor of that
   institution — the query function, the JSON API and the HTML page — and timed.

A benchmark prints figures; it asserts nothing."""

import argparse
import json
import multiprocessing
import os
import random
import statistics
import subprocess  # nosec B404 -- runs our own interpreter on our own module
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from korak.timelines.calendars import COUNTRY_TIMEZONES, calendar_for
from korak.timelines.loader import load_rulebook
from korak.timelines.replay import Fact, compute_planned, plan

SERVER_URL = os.environ.get("KORAK_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
BENCH_DATABASE = "korak_bench_a2"
COUNTRIES = tuple(COUNTRY_TIMEZONES)
OUTCOMES = ("refugee_status", "subsidiary_protection", "inadmissible", "rejected", "manifestly_unfounded",
            "discontinued")


# ---------------------------------------------------------------- synthetic cases


@dataclass(frozen=True)
class SyntheticCase:
    case_id: uuid.UUID
    kind: str  # "asylum" | "return"
    country: str
    events: list[Fact]


def _at(rng: random.Random, day: date, tz: ZoneInfo) -> datetime:
    minute = int(rng.random() * 720)  # office hours, 07:00 to 18:59
    return datetime(day.year, day.month, day.day, 7 + minute // 60, minute % 60, tzinfo=tz)


def _asylum(rng: random.Random, start: date, country: str, *, finish: bool) -> list[tuple[str, date, dict[str, Any]]]:
    jurisdiction = "EU" if rng.random() < 0.4 else country
    steps: list[tuple[str, date, dict[str, Any]]] = [
        ("asylum.intention_expressed", start,
         {"jurisdiction": jurisdiction, "law_version": None, "at_border": rng.random() < 0.2})]
    day = start + timedelta(days=rng.randint(0, 4))
    steps.append(("asylum.registered", day, {}))
    day += timedelta(days=rng.randint(1, 20))
    steps.append(("asylum.lodged", day, {}))
    procedure = rng.choices(("regular", "accelerated", "border"), weights=(70, 20, 10))[0]
    day += timedelta(days=rng.randint(0, 5))
    steps.append(("asylum.procedure_assigned", day, {"procedure": procedure}))
    day += timedelta(days=rng.randint(5, 40))
    steps.append(("asylum.interview_scheduled", day, {}))
    day += timedelta(days=rng.randint(3, 20))
    steps.append(("asylum.interview_held", day, {}))
    if rng.random() < 0.25:
        day += timedelta(days=rng.randint(10, 60))
        steps.append(("asylum.examination_extended", day, {"reason": "complex_case"}))
    day += timedelta(days=rng.randint(10, 120))
    outcome = rng.choice(OUTCOMES)
    steps.append(("asylum.decided", day, {"outcome": outcome}))
    day += timedelta(days=rng.randint(1, 10))
    steps.append(("asylum.notified", day, {}))
    if outcome not in ("refugee_status",) and rng.random() < 0.6:
        day += timedelta(days=rng.randint(1, 12))
        steps.append(("asylum.appeal_lodged", day, {"suspensive": rng.random() < 0.7}))
        day += timedelta(days=rng.randint(30, 200))
        steps.append(("asylum.appeal_decided", day, {"upheld": rng.random() < 0.2}))
    day += timedelta(days=rng.randint(1, 30))
    steps.append(("asylum.final", day, {}))
    return steps if finish else steps[:rng.randint(1, len(steps) - 1)]


def _return(rng: random.Random, start: date, country: str, *, finish: bool) -> list[tuple[str, date, dict[str, Any]]]:
    jurisdiction = "EU" if rng.random() < 0.4 else country
    days = rng.choice((None, 7, 15, 30))
    steps: list[tuple[str, date, dict[str, Any]]] = [
        ("return.decided", start, {"jurisdiction": jurisdiction, "law_version": None,
                                   "voluntary_departure_days": days})]
    day = start
    if days and rng.random() < 0.2:
        day += timedelta(days=rng.randint(1, days))
        steps.append(("return.voluntary_departure_extended", day, {"days": rng.choice((7, 15)), "reason": "family"}))
    day += timedelta(days=rng.randint(1, 20))
    steps.append(("return.identification_requested", day, {"country": "AF"}))
    day += timedelta(days=rng.randint(10, 40))
    steps.append(("return.identification_reminded", day, {}))
    day += timedelta(days=rng.randint(5, 40))
    steps.append(("return.identification_answered", day, {"identified": True}))
    if rng.random() < 0.5:
        day += timedelta(days=rng.randint(1, 30))
        steps.append(("return.detention_ordered", day, {}))
        day += timedelta(days=rng.randint(30, 90))
        steps.append(("return.detention_reviewed", day, {}))
        if rng.random() < 0.3:
            day += timedelta(days=rng.randint(30, 90))
            steps.append(("return.detention_extended", day, {"reason": "non_cooperation", "months": 12}))
    day += timedelta(days=rng.randint(5, 40))
    steps.append(("return.travel_document_requested", day, {}))
    day += timedelta(days=rng.randint(5, 40))
    steps.append(("return.travel_document_issued", day, {}))
    day += timedelta(days=rng.randint(5, 30))
    steps.append(("return.removal_scheduled", day, {"on": (day + timedelta(days=10)).isoformat()}))
    if any(step[0] == "return.detention_ordered" for step in steps):
        day += timedelta(days=rng.randint(1, 10))
        steps.append(("return.detention_ended", day, {}))
    day += timedelta(days=rng.randint(1, 10))
    steps.append((rng.choice(("return.removed", "return.departed", "return.absconded")), day, {}))
    return steps if finish else steps[:rng.randint(1, len(steps) - 1)]


def synthetic_cases(*, seed: int, first_day: date, span_days: int, finish_share: float = 0.5,
                    country: str | None = None) -> Iterator[SyntheticCase]:
    """An endless stream of synthetic cases starting between first_day and first_day + span_days."""
    rng = random.Random(seed)
    while True:
        where = country or rng.choice(COUNTRIES)
        tz = ZoneInfo(COUNTRY_TIMEZONES[where])
        start = first_day + timedelta(days=rng.randrange(span_days))
        kind = "asylum" if rng.random() < 0.6 else "return"
        flow = (_asylum if kind == "asylum" else _return)(rng, start, where, finish=rng.random() < finish_share)
        events: list[Fact] = []
        for type_, day, payload in flow:
            when = _at(rng, day, tz)
            if events and when <= events[-1].occurred_at:  # two steps on one day happen in order
                when = events[-1].occurred_at + timedelta(minutes=5)
            events.append(Fact(id=uuid.UUID(int=rng.getrandbits(128), version=4), type=type_, occurred_at=when,
                               payload=payload))
        yield SyntheticCase(case_id=uuid.UUID(int=rng.getrandbits(128), version=4), kind=kind, country=where,
                            events=events)


# ---------------------------------------------------------------- part 1: recompute


def _recompute_share(args: tuple[int, int]) -> dict[str, Any]:
    seed, events_wanted = args
    book = load_rulebook()
    calendars = {code: calendar_for(code) for code in COUNTRIES}
    started = time.perf_counter()
    cases: list[SyntheticCase] = []
    count = 0
    for case in synthetic_cases(seed=seed, first_day=date(2025, 1, 1), span_days=900):
        cases.append(case)
        count += len(case.events)
        if count >= events_wanted:
            break
    generated = time.perf_counter() - started
    started = time.perf_counter()
    deadlines = open_ = 0
    problems = 0
    for case in cases:
        result = plan(case.events, country=case.country, book=book)
        if result.clock is None:
            problems += 1
            continue
        cal = calendars[case.country]
        for item in result.deadlines:
            compute_planned(item, cal)
            deadlines += 1
            open_ += item.status == "open"
    computed = time.perf_counter() - started
    return {"cases": len(cases), "events": count, "deadlines": deadlines, "open": open_, "no_law": problems,
            "generate_seconds": generated, "compute_seconds": computed}


def run_recompute(*, events: int, workers: int, seed: int) -> dict[str, Any]:
    shares = [(seed * 1000 + index, events // workers + (1 if index < events % workers else 0))
              for index in range(workers)]
    started = time.perf_counter()
    if workers == 1:
        results = [_recompute_share(shares[0])]
    else:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_recompute_share, shares)
    wall = time.perf_counter() - started
    total = {key: sum(r[key] for r in results) for key in ("cases", "events", "deadlines", "open", "no_law")}
    compute_wall = max(r["compute_seconds"] for r in results)
    generate_wall = max(r["generate_seconds"] for r in results)
    return {**total, "workers": workers, "wall_seconds": round(wall, 2),
            "compute_seconds": round(compute_wall, 2), "generate_seconds": round(generate_wall, 2),
            "events_per_second": round(total["events"] / compute_wall),
            "microseconds_per_deadline_per_core": round(
                sum(r["compute_seconds"] for r in results) / max(1, total["deadlines"]) * 1e6, 1)}


# ---------------------------------------------------------------- part 2: the board on PostgreSQL


def _recreate_database(server_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(server_url, autocommit=True, connect_timeout=5) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def run_board(*, cases: int, samples: int, seed: int, database: str, keep: bool) -> dict[str, Any] | None:
    try:
        _recreate_database(SERVER_URL, database)
    except Exception as exc:  # a missing local PostgreSQL is reported, not a traceback
        print(f"korak bench timelines: cannot prepare PostgreSQL database {database} "
              f"({' '.join(str(exc).split())[:200]})", file=sys.stderr)
        return None
    url = urlunsplit(urlsplit(SERVER_URL)._replace(path=f"/{database}"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "korak.settings.test", "KORAK_DATABASE_URL": url,
           "KORAK_ENV": "test", "KORAK_COUNTRY": "BA"}
    command = [sys.executable, "-m", "korak.bench.timelines", "--board-child", "--cases", str(cases),
               "--samples", str(samples), "--seed", str(seed)]
    try:
        # Our own interpreter and module; the arguments are numbers.
        child = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=False)  # noqa: S603  # nosec B603
    finally:
        if not keep:
            with suppress(Exception):
                _drop_database(SERVER_URL, database)
    lines = child.stdout.strip().splitlines()
    if child.returncode != 0 or not lines:
        print(f"korak bench timelines: the board measurement failed (exit {child.returncode})", file=sys.stderr)
        return None
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _drop_database(server_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(server_url, autocommit=True, connect_timeout=5) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _board_child(*, cases: int, samples: int, seed: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from korak.events.models import CaseEvent
    from korak.organisations.models import Country, Institution, Membership, Role, User
    from korak.timelines import queries, replay
    from korak.timelines.models import Deadline
    from korak.timelines.services import fill_computed

    call_command("migrate", interactive=False, verbosity=0)
    country = Country.objects.get(code="BA")
    institution = Institution.objects.create(name="Bench service", short_name="BENCH", kind="foreigners_service",
                                             country=country)
    other = Institution.objects.create(name="Bench border police", short_name="BBP", kind="border_police",
                                       country=country)
    officers = []
    for index in range(25):
        user = User.objects.create_user(username=f"bench_officer_{index}", first_name="Officer", last_name=str(index))
        Membership.objects.create(user=user, institution=institution, role=Role.CASE_OFFICER)
        officers.append(user)
    supervisor = User.objects.create_user(username="bench_supervisor")
    Membership.objects.create(user=supervisor, institution=institution, role=Role.SUPERVISOR)
    actor = officers[0]
    now = timezone.now()
    book = load_rulebook()
    cal = calendar_for("BA")
    started = time.perf_counter()
    loaded = {"open_cases": 0, "events": 0, "deadlines": 0, "open_deadlines": 0}
    events_batch: list[CaseEvent] = []
    deadlines_batch: list[Deadline] = []

    def flush() -> None:
        CaseEvent.objects.bulk_create(events_batch, batch_size=5000)
        Deadline.objects.bulk_create(deadlines_batch, batch_size=5000)
        events_batch.clear()
        deadlines_batch.clear()

    # Cases begun over the last 300 days, at every stage; only cases with an open deadline count.
    stream = synthetic_cases(seed=seed, first_day=(now - timedelta(days=300)).date(), span_days=300,
                             finish_share=0.0, country="BA")
    other_cases = 0
    for case in stream:
        result = replay.plan(case.events, country="BA", book=book)
        if result.clock is None or not any(item.status == "open" for item in result.deadlines):
            continue
        target = institution if loaded["open_cases"] < cases else other
        if target is other:
            if other_cases >= cases // 10:
                break
            other_cases += 1
        else:
            loaded["open_cases"] += 1
        officer = officers[case.case_id.int % len(officers)]
        case_type = "asylum.application" if case.kind == "asylum" else "returns.case"
        for fact in case.events:
            events_batch.append(CaseEvent(id=fact.id, type=fact.type, case_type=case_type, case_id=case.case_id,
                                          actor=actor, institution=target, occurred_at=fact.occurred_at,
                                          recorded_at=fact.occurred_at, payload=dict(fact.payload)))
        for item in result.deadlines:
            computed = replay.compute_planned(item, cal)
            row = Deadline(case_id=case.case_id, case_kind=case.kind, institution=target, officer=officer,
                           start_event_id=item.start.id, status=item.status,
                           closed_event_id=item.closed_by.id if item.closed_by else None,
                           closed_at=item.closed_by.occurred_at if item.closed_by else None)
            fill_computed(row, computed)
            deadlines_batch.append(row)
            if target is institution:
                loaded["deadlines"] += 1
                loaded["open_deadlines"] += item.status == "open"
        if target is institution:
            loaded["events"] += len(case.events)
        if len(events_batch) >= 20000:
            flush()
    flush()
    load_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")

    def timed(action: Any) -> list[float]:
        timings = []
        for _ in range(samples + 3):
            began = time.perf_counter()
            action()
            timings.append((time.perf_counter() - began) * 1000)
        return sorted(timings[3:])  # three warm-up runs

    def query_board() -> None:
        fresh = User.objects.get(pk=supervisor.pk)  # the membership lookup is part of each request
        queries.board(actor=fresh, criteria=queries.BoardFilter(), now=timezone.now())

    setup_test_environment()  # lets the test client's host through ALLOWED_HOSTS
    client = Client()
    client.force_login(supervisor, backend="django.contrib.auth.backends.ModelBackend")

    def page() -> None:
        response = client.get("/deadlines/")
        if response.status_code != 200:
            raise SystemExit(f"korak bench timelines: the board page answered {response.status_code}")

    def api() -> None:
        response = client.get("/api/deadlines/board")
        if response.status_code != 200:
            raise SystemExit(f"korak bench timelines: the board API answered {response.status_code}")

    board = queries.board(actor=User.objects.get(pk=supervisor.pk), criteria=queries.BoardFilter(),
                          now=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0].split(" ")[0]
    return {
        "server": f"PostgreSQL {server}",
        "load": {**loaded, "other_institution_cases": other_cases, "seconds": round(load_seconds, 1)},
        "board": {"overdue_total": board.overdue_total, "due_soon_total": board.due_soon_total,
                  "officers": len(board.per_officer), "listed": len(board.overdue) + len(board.due_soon)},
        "query_ms": _figures(timed(query_board)),
        "page_ms": _figures(timed(page)),
        "api_ms": _figures(timed(api)),
    }


def _figures(timings: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(timings, n=100, method="inclusive") if len(timings) > 1 else timings * 99
    return {"samples": len(timings), "p50": round(cuts[49], 1), "p95": round(cuts[94], 1),
            "max": round(max(timings), 1)}


# ---------------------------------------------------------------- the command


def run(args: argparse.Namespace) -> int:
    result: dict[str, Any] = {"cpus": os.cpu_count()}
    if not args.skip_recompute:
        result["recompute"] = run_recompute(events=args.events, workers=args.workers, seed=args.seed)
    failed = False
    if not args.skip_board:
        board = run_board(cases=args.cases, samples=args.samples, seed=args.seed, database=args.database,
                          keep=args.keep_database)
        failed = board is None
        if board is not None:
            result["board"] = board
    print(json.dumps(result) if args.json else report(result), flush=True)
    return 1 if failed else 0


def report(result: dict[str, Any]) -> str:
    lines = [f"korak bench timelines ({result['cpus']} CPUs)"]
    recompute = result.get("recompute")
    if recompute:
        lines.append(
            f"  recompute  {recompute['events']:,} case events in {recompute['cases']:,} cases -> "
            f"{recompute['deadlines']:,} deadlines ({recompute['open']:,} open) "
            f"in {recompute['compute_seconds']:.1f} s "
            f"on {recompute['workers']} worker(s): {recompute['events_per_second']:,} events/s, "
            f"{recompute['microseconds_per_deadline_per_core']} us per deadline per core "
            f"(generating the events took another {recompute['generate_seconds']:.1f} s; wall "
            f"{recompute['wall_seconds']:.1f} s; {recompute['no_law']} cases without a law in force)")
    board = result.get("board")
    if board:
        load = board["load"]
        lines.append(
            f"  board      {board['server']}: {load['open_cases']:,} open cases, {load['events']:,} events, "
            f"{load['deadlines']:,} deadlines ({load['open_deadlines']:,} open) in one institution, "
            f"+{load['other_institution_cases']:,} cases elsewhere; loaded in {load['seconds']:.0f} s")
        lines.append(f"             board shows {board['board']['overdue_total']:,} overdue and "
                     f"{board['board']['due_soon_total']:,} due within 7 days for {board['board']['officers']} "
                     f"officers ({board['board']['listed']} rows listed)")
        for key, label in (("query_ms", "query"), ("api_ms", "API"), ("page_ms", "HTML page")):
            figures = board[key]
            lines.append(f"             {label:<10} p50 {figures['p50']:.1f} ms, p95 {figures['p95']:.1f} ms, "
                         f"max {figures['max']:.1f} ms ({figures['samples']} runs)")
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--events", type=int, default=1_000_000, help="case events to recompute (default 1,000,000)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes for the recompute")
    parser.add_argument("--cases", type=int, default=50_000, help="open cases in the board's institution")
    parser.add_argument("--samples", type=int, default=20, help="timed renders of the board")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database", default=BENCH_DATABASE, help="PostgreSQL database to (re)create for the board")
    parser.add_argument("--keep-database", action="store_true", help="keep the board database afterwards")
    parser.add_argument("--skip-recompute", action="store_true")
    parser.add_argument("--skip-board", action="store_true")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


if __name__ == "__main__":
    child = argparse.ArgumentParser()
    child.add_argument("--board-child", action="store_true")
    child.add_argument("--cases", type=int, required=True)
    child.add_argument("--samples", type=int, required=True)
    child.add_argument("--seed", type=int, required=True)
    parsed = child.parse_args()
    print(json.dumps(_board_child(cases=parsed.cases, samples=parsed.samples, seed=parsed.seed)), flush=True)
