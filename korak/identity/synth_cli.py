"""I1's `korak identity` verbs, added by commands.register (owned by I2) through add_synth_verb:

  korak identity synth --persons N --seed S --output DIR   registry.csv + truth.csv
  korak identity reindex                                   rebuild the candidate index (backfill)
  korak identity bench-online --persons N [--seed S] [--queries Q] [--json]
                                                           candidate latency and top-10 recall"""

import argparse
import json
import sys
import time
from pathlib import Path


def cmd_synth(args: argparse.Namespace) -> int:
    from korak.cli import fail
    from korak.identity import synth

    if args.persons < 1:
        return fail("--persons must be at least 1")
    started = time.perf_counter()
    records = synth.generate(args.persons, args.seed)
    registry, truth = synth.write(records, Path(args.output))
    clusters = len({record.cluster_id for record in records})
    print(f"{len(records)} records of {clusters} persons in {time.perf_counter() - started:.1f} s: {registry}, {truth}")
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    from korak.cli import setup_django

    setup_django()
    from korak.identity import services

    started = time.perf_counter()
    done = services.reindex()
    print(f"indexed {done} persons in {time.perf_counter() - started:.1f} s")
    return 0


def cmd_bench_online(args: argparse.Namespace) -> int:
    from korak.cli import fail, setup_django

    if args.persons < 10:
        return fail("--persons must be at least 10")
    setup_django()
    from korak.identity.bench_online import run_online

    def say(message: str) -> None:
        print(message, file=sys.stderr)

    result = run_online(persons=args.persons, seed=args.seed, queries_count=args.queries,
                        progress=None if args.json else say)
    if args.json:
        print(json.dumps({"online": [result]}))
    else:
        print(f"{result['persons']} persons on {result['database']}: candidates p50 {result['p50_ms']} ms, "
              f"p95 {result['p95_ms']} ms, top-10 recall {result['top10_recall']} "
              f"({result['queries']} queries, {result['pairs']} true pairs)")
    return 0


def add_synth_verb(verbs: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `synth`, `reindex` and `bench-online` to `korak identity`."""
    synth = verbs.add_parser("synth", help="write a synthetic Western-Balkans registry with its true clusters")
    synth.add_argument("--persons", type=int, required=True, help="records to write")
    synth.add_argument("--seed", type=int, default=1)
    synth.add_argument("--output", required=True, help="directory for registry.csv and truth.csv")
    synth.set_defaults(func=cmd_synth)
    reindex = verbs.add_parser("reindex", help="rebuild the candidate index of every person (backfill)")
    reindex.set_defaults(func=cmd_reindex)
    bench = verbs.add_parser("bench-online", help="candidate latency and top-10 recall on a synthetic registry "
                                                  "loaded into the configured database (use one of its own)")
    bench.add_argument("--persons", type=int, default=100_000)
    bench.add_argument("--seed", type=int, default=1)
    bench.add_argument("--queries", type=int, default=1000)
    bench.add_argument("--json", action="store_true")
    bench.set_defaults(func=cmd_bench_online)
