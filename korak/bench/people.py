"""`korak bench people`: registration throughput and name-search latency, per database.

A benchmark prints figures; it asserts nothing. Each database is measured in its own
subprocess, because Django binds one database to a process: the child migrates an empty
database, registers N synthetic persons through the people service (CaseEvent, audit entry
and search tokens included), then times name searches as a case officer would type them.

Defaults: a fresh SQLite file under var/bench/ and a dedicated database on the local
PostgreSQL, created before and dropped after. --database-url names other (empty) databases."""

import argparse
import json
import os
import random
import statistics
import subprocess  # nosec B404 -- runs our own interpreter on our own module
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from korak.demo.synthetic import Drawn, local_spelling, to_cyrillic
from korak.people import names
from korak.people.rules import PersonData

SERVER_URL = os.environ.get("KORAK_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
BENCH_DATABASE = "korak_bench"
VAR = Path(__file__).resolve().parent.parent.parent / "var" / "bench"
WARM_UP = 20
SAMPLE_SIZE = 5000
# How officers search, and how often (percent).
QUERY_MIX: tuple[tuple[str, int], ...] = (
    ("full name, Latin", 25), ("Cyrillic", 20), ("spelling variant", 20), ("3-letter prefix", 20),
    ("name + birth year", 15),
)


@dataclass
class Target:
    label: str
    url: str
    prepare: Callable[[], None] = lambda: None
    cleanup: Callable[[], None] = lambda: None
    explicit: bool = True


@dataclass
class Query:
    kind: str
    q: str
    birth: str = ""


# ---------------------------------------------------------------- parent: one child per database


def run_people_bench(*, persons: int, queries: int, database_url: list[str] | None, as_json: bool,
                     seed: int) -> int:
    targets = [_target(url) for url in database_url] if database_url else _default_targets()
    failed = False
    for target in targets:
        try:
            target.prepare()
        except Exception as exc:  # a missing local PostgreSQL is reported, not a traceback
            print(f"korak bench: {target.label}: cannot prepare the database ({_one_line(exc)})", file=sys.stderr)
            failed = failed or target.explicit
            continue
        try:
            result = _run_child(target, persons=persons, queries=queries, seed=seed)
        finally:
            with suppress(Exception):
                target.cleanup()
        if result is None:
            failed = True
            continue
        result["database"] = target.label
        print(json.dumps(result) if as_json else _report(result), flush=True)
    return 1 if failed else 0


def _default_targets() -> list[Target]:
    sqlite_file = VAR / "people.sqlite3"

    def fresh_sqlite() -> None:
        VAR.mkdir(parents=True, exist_ok=True)
        _remove_sqlite(sqlite_file)

    server = urlsplit(SERVER_URL)
    postgres_url = urlunsplit(server._replace(path=f"/{BENCH_DATABASE}"))
    return [
        Target("sqlite", f"sqlite:///{sqlite_file}", prepare=fresh_sqlite,
               cleanup=lambda: _remove_sqlite(sqlite_file), explicit=False),
        Target("postgresql", postgres_url, prepare=lambda: _recreate_database(SERVER_URL, BENCH_DATABASE),
               cleanup=lambda: _drop_database(SERVER_URL, BENCH_DATABASE), explicit=False),
    ]


def _target(url: str) -> Target:
    scheme = urlsplit(url).scheme
    label = "sqlite" if scheme.startswith("sqlite") else "postgresql" if scheme.startswith("postgres") else scheme
    return Target(f"{label} ({_redact(url)})", url)


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _recreate_database(server_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(server_url, autocommit=True, connect_timeout=5) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _drop_database(server_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(server_url, autocommit=True, connect_timeout=5) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _run_child(target: Target, *, persons: int, queries: int, seed: int) -> dict[str, Any] | None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "korak.settings.test", "KORAK_DATABASE_URL": target.url,
           "KORAK_ENV": "test", "KORAK_COUNTRY": "BA"}
    command = [sys.executable, "-m", "korak.bench.people", "--label", target.label.split(" ")[0],
               "--persons", str(persons), "--queries", str(queries), "--seed", str(seed)]
    # Our own interpreter and module; the arguments are numbers and a fixed label.
    child = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=False)  # noqa: S603  # nosec B603
    lines = child.stdout.strip().splitlines()
    if child.returncode != 0 or not lines:
        print(f"korak bench: {target.label}: the measurement failed (exit {child.returncode})", file=sys.stderr)
        return None
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _report(result: dict[str, Any]) -> str:
    load, search = result["load"], result["search"]
    lines = [
        f"{result['database']} ({result['server']}, {result['cpus']} CPUs)",
        f"  load      {load['persons']} persons through register_person in {load['seconds']:.1f} s: "
        f"{load['registrations_per_second']:.0f} registrations/s "
        f"(batches of {load['batch_size']}; generating the data took another {load['generate_seconds']:.1f} s; "
        f"{load['warned_duplicates']} duplicate warnings; ANALYZE {load['analyze_runs']} times as the registry "
        f"grew, {load['analyze_seconds']:.1f} s, not counted)",
        f"  search    {search['queries']} queries as a case officer: p50 {search['p50_ms']:.1f} ms, "
        f"p95 {search['p95_ms']:.1f} ms, p99 {search['p99_ms']:.1f} ms, max {search['max_ms']:.1f} ms; "
        f"mean {search['mean_results']:.1f} results",
    ]
    for kind, figures in search["by_kind"].items():
        lines.append(f"    {kind:<18} n={figures['queries']:<4} p50 {figures['p50_ms']:6.1f} ms  "
                     f"p95 {figures['p95_ms']:6.1f} ms  mean {figures['mean_results']:5.1f} results")
    return "\n".join(lines)


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


# ---------------------------------------------------------------- child: one database


@dataclass
class _Sampler:
    """Keeps every n-th synthetic person for the queries, and the time spent generating them."""

    step: int
    sample: list[Drawn] = field(default_factory=list)
    generate_seconds: float = 0.0

    def wrap(self, drawn: Iterable[Drawn]) -> Iterator[PersonData]:
        iterator = iter(drawn)
        index = 0
        while True:
            started = time.perf_counter()
            person = next(iterator, None)
            self.generate_seconds += time.perf_counter() - started
            if person is None:
                return
            if index % self.step == 0:
                self.sample.append(person)
            index += 1
            yield person.data


class _Statistics:
    """Refreshes the planner's statistics whenever the registry grew by a tenth, as
    PostgreSQL's autovacuum does by default (autovacuum_analyze_scale_factor = 0.1) and as
    SQLite's PRAGMA optimize would; without them the planner takes a large table for a tiny
    one. The time is kept out of the registration figures: in production this runs beside
    the requests. Before the searches PostgreSQL is also vacuumed, as autovacuum leaves a
    registry that has stood for a while (index-only scans need the visibility map)."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.analyzed_at = 0
        self.runs = 0
        self.seconds = 0.0

    def after_batch(self, done: int) -> None:
        if done >= max(1000, self.analyzed_at * 1.1):
            self.analyze()
            self.analyzed_at = done

    def analyze(self, *, vacuum: bool = False) -> None:
        started = time.perf_counter()
        with self.connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)" if vacuum and self.connection.vendor == "postgresql" else "ANALYZE")
        self.seconds += time.perf_counter() - started
        self.runs += 1


def _child(label: str, persons: int, queries: int, seed: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from korak.demo.build import BATCH_SIZE, create_staff, register_people
    from korak.demo.synthetic import synthetic_people
    from korak.people.models import Person

    call_command("migrate", interactive=False, verbosity=0)
    if Person.objects.exists():
        raise SystemExit(f"korak bench: {label}: the database holds persons already; give an empty one")
    staff = create_staff(seed=seed)
    officer, service = staff.users["officer"], staff.institutions["sfa"]
    sampler = _Sampler(step=max(1, persons // SAMPLE_SIZE))
    statistics_ = _Statistics(connection)
    registered = register_people(
        registrars=[(officer, service)], weights=[1], people=sampler.wrap(synthetic_people(seed=seed, count=persons)),
        total=persons, seed=seed, label=f"{label}: registering", after_batch=statistics_.after_batch)
    load_seconds = registered.seconds - sampler.generate_seconds - statistics_.seconds
    statistics_.analyze(vacuum=True)
    planned = _queries(sampler.sample, count=queries + WARM_UP, seed=seed)
    return {
        "server": _server(connection),
        "cpus": os.cpu_count(),
        "load": {"persons": registered.count, "seconds": round(load_seconds, 2),
                 "registrations_per_second": round(registered.count / load_seconds, 1),
                 "generate_seconds": round(sampler.generate_seconds, 2), "batch_size": BATCH_SIZE,
                 "warned_duplicates": registered.warned_duplicates, "analyze_runs": statistics_.runs,
                 "analyze_seconds": round(statistics_.seconds, 2)},
        "search": _measure(planned, officer_id=officer.pk),
    }


def _server(connection: Any) -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    settings = {}
    with connection.cursor() as cursor:
        for name in ("server_version", "shared_buffers", "random_page_cost", "jit", "autovacuum"):
            cursor.execute(f"SHOW {name}")
            settings[name] = cursor.fetchone()[0]
    version = settings.pop("server_version").split(" ")[0]
    return f"PostgreSQL {version}; " + ", ".join(f"{name} {value}" for name, value in settings.items())


def _queries(sample: list[Drawn], *, count: int, seed: int) -> list[Query]:
    """Queries drawn from registered persons: what an officer types about someone on file."""
    rng = random.Random(seed + 2)
    kinds = [kind for kind, _weight in QUERY_MIX]
    weights = [weight for _kind, weight in QUERY_MIX]
    planned = []
    for _ in range(count):
        drawn = rng.choice(sample)
        given_group = drawn.given[-1]
        given, family = rng.choice(given_group), rng.choice(drawn.family)
        kind = rng.choices(kinds, weights=weights)[0]
        if kind == "full name, Latin":
            planned.append(Query(kind, f"{names.to_latin(drawn.data.given_name)} "
                                       f"{names.to_latin(drawn.data.family_name)}"))
        elif kind == "Cyrillic":
            planned.append(Query(kind, f"{to_cyrillic(given)} {to_cyrillic(family)}"))
        elif kind == "spelling variant":
            # Mohammed for Muhamed: another spelling of the same name, in a clerk's Latin or not.
            others = [spelling for spelling in given_group if spelling != given] or [given]
            variant = rng.choice(others)
            planned.append(Query(kind, f"{local_spelling(variant) if rng.random() < 0.3 else variant} {family}"))
        elif kind == "3-letter prefix":
            planned.append(Query(kind, names.tokens(rng.choice((given, family)))[0][:3]))
        else:
            year = drawn.data.birth_year or rng.randint(1960, 2020)
            planned.append(Query(kind, family, birth=str(year)))
    return planned


def _measure(planned: list[Query], *, officer_id: Any) -> dict[str, Any]:
    from korak.organisations.models import User
    from korak.people.queries import SearchCriteria, search

    timings: list[tuple[str, float, int]] = []
    for index, query in enumerate(planned):
        # A fresh user per query, as per request: the policy's membership lookup is part of the cost.
        officer = User.objects.get(pk=officer_id)
        started = time.perf_counter()
        found = search(actor=officer, criteria=SearchCriteria(q=query.q, birth=query.birth))
        elapsed = (time.perf_counter() - started) * 1000
        if index >= WARM_UP:
            timings.append((query.kind, elapsed, len(found)))
    by_kind = {kind: _figures([t for t in timings if t[0] == kind]) for kind, _weight in QUERY_MIX}
    return {**_figures(timings), "by_kind": {kind: figures for kind, figures in by_kind.items() if figures}}


def _figures(timings: list[tuple[str, float, int]]) -> dict[str, Any]:
    if not timings:
        return {}
    latencies = sorted(t[1] for t in timings)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else latencies * 99
    return {"queries": len(latencies), "p50_ms": round(cuts[49], 2), "p95_ms": round(cuts[94], 2),
            "p99_ms": round(cuts[98], 2), "max_ms": round(latencies[-1], 2),
            "mean_results": round(statistics.fmean(t[2] for t in timings), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description="one database's measurement (run by `korak bench people`)")
    parser.add_argument("--label", required=True)
    parser.add_argument("--persons", type=int, required=True)
    parser.add_argument("--queries", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    args = parser.parse_args()
    result = _child(args.label, args.persons, args.queries, args.seed)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
