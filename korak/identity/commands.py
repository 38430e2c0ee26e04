"""The `korak` verbs of `identity`: registered into the command's parser by korak.cli."""

import argparse
import json
from pathlib import Path
from typing import NoReturn, cast


class _OneLineErrorParser(argparse.ArgumentParser):
    """Bad arguments end with one line on stderr and status 2, no usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"korak: {message}\n")


def _print_summary(summary: dict[str, object], as_json: bool) -> None:
    if as_json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(", ".join(f"{key}: {value}" for key, value in summary.items() if key != "blocking"))


def cmd_link(args: argparse.Namespace) -> int:
    from korak.cli import fail
    from korak.identity.linkage.files import link_files
    from korak.identity.linkage.records import LinkageInputError

    try:
        summary = link_files(Path(args.left), Path(args.right), Path(args.output), threshold=args.threshold,
                             quiet=args.quiet, all_pairs=args.all_pairs, engine=args.engine)
    except LinkageInputError as exc:
        return fail(str(exc))
    _print_summary(summary, args.json)
    return 0


def cmd_dedupe_file(args: argparse.Namespace) -> int:
    from korak.cli import fail
    from korak.identity.linkage.files import dedupe_file
    from korak.identity.linkage.records import LinkageInputError

    try:
        summary = dedupe_file(Path(args.file), Path(args.output), threshold=args.threshold, quiet=args.quiet,
                              engine=args.engine)
    except LinkageInputError as exc:
        return fail(str(exc))
    _print_summary(summary, args.json)
    return 0


def cmd_encode(args: argparse.Namespace) -> int:
    from korak.cli import fail
    from korak.identity.linkage.files import encode_file
    from korak.identity.linkage.records import LinkageInputError

    try:
        summary = encode_file(Path(args.file), Path(args.key_file), Path(args.output), quiet=args.quiet,
                              blip=args.blip)
    except LinkageInputError as exc:
        return fail(str(exc))
    _print_summary(summary, args.json)
    return 0


def cmd_link_encoded(args: argparse.Namespace) -> int:
    from korak.cli import fail
    from korak.identity.linkage.files import link_encoded
    from korak.identity.linkage.records import LinkageInputError

    try:
        summary = link_encoded(Path(args.left), Path(args.right), Path(args.output), threshold=args.threshold,
                               quiet=args.quiet)
    except LinkageInputError as exc:
        return fail(str(exc))
    _print_summary(summary, args.json)
    return 0


def cmd_bench_pprl(args: argparse.Namespace) -> int:
    from korak.identity.pprl.bench import run_bench

    blips = tuple(float(value) for value in args.blip.split(",") if value.strip())
    return run_bench(as_json=args.json, synth_size=args.synth_persons, seed=args.seed, blips=blips, scale=args.scale,
                     skip_febrl=args.skip_febrl)


def cmd_dedupe(args: argparse.Namespace) -> int:
    from korak.cli import fail, setup_django

    if not 0.0 <= args.threshold <= 1.0:
        return fail("--threshold must be between 0 and 1")
    setup_django()
    import dataclasses

    from korak.identity.linkage import registry
    from korak.identity.linkage.files import progress_printer

    run = registry.dedupe_registry(review_threshold=args.threshold, progress=progress_printer(args.quiet),
                                   engine=args.engine)
    _print_summary(dataclasses.asdict(run), args.json)
    return 0


def cmd_bench_identity(args: argparse.Namespace) -> int:
    import os

    from korak.identity.bench import run_bench

    online = None
    if args.online_database:
        sizes = [int(size) for size in args.online_persons.split(",") if size.strip()]

        def online() -> list[dict[str, object]]:
            from korak.cli import setup_django

            os.environ["KORAK_DATABASE_URL"] = args.online_database
            setup_django()
            from django.core.management import call_command

            from korak.identity.bench_online import run_online

            call_command("migrate", interactive=False, verbosity=0)
            return [run_online(persons=size, seed=args.seed) for size in sizes]

    return run_bench(quick=args.quick, as_json=args.json, seed=args.seed, max_persons=args.max_persons,
                     online=online)


def _add_common(parser: argparse.ArgumentParser, *, threshold: float | None = None,
                help_default: str | None = None) -> None:
    from korak.identity.linkage import LINK_THRESHOLD

    default = LINK_THRESHOLD if threshold is None else threshold
    parser.add_argument("--output", required=True, help="the pair list to write (CSV)")
    parser.add_argument("--threshold", type=float, default=None if help_default else default,
                        help=f"minimum score of a written pair (default {help_default or default})")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")


def _add_engine(parser: argparse.ArgumentParser) -> None:
    from korak.identity.linkage.pipeline import ENGINES

    parser.add_argument("--engine", choices=ENGINES, default="korak",
                        help="korak: the numpy engine (default); splink: the same model run by Splink on DuckDB")


def register(verbs: "argparse._SubParsersAction[argparse.ArgumentParser]",
             bench: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add this app's verbs to `korak` and its benchmarks to `korak bench`."""
    identity = verbs.add_parser("identity", help="identity resolution: link and deduplicate person lists")
    identity_verbs = identity.add_subparsers(dest="identity_verb", required=True, parser_class=_OneLineErrorParser)
    from korak.identity.synth_cli import add_synth_verb

    add_synth_verb(cast("argparse._SubParsersAction[argparse.ArgumentParser]", identity_verbs))

    link = identity_verbs.add_parser("link", help="link two person CSV files; write left_id,right_id,score")
    link.add_argument("left", help="CSV: id, given_name, family_name, birth_date, sex, nationality")
    link.add_argument("right", help="CSV with the same columns")
    from korak.identity.linkage import BEST_MATCH_THRESHOLD, LINK_THRESHOLD

    _add_common(link, help_default=f"{BEST_MATCH_THRESHOLD} for best matches, {LINK_THRESHOLD} with --all-pairs")
    link.add_argument("--all-pairs", action="store_true",
                      help="write every pair above the threshold, not only the pairs that are the best match of "
                           "both their records")
    _add_engine(link)
    link.set_defaults(func=cmd_link)

    dedupe_file = identity_verbs.add_parser("dedupe-file", help="find duplicates in one person CSV; write "
                                            "id_a,id_b,score")
    dedupe_file.add_argument("file", help="CSV: id, given_name, family_name, birth_date, sex, nationality")
    _add_common(dedupe_file)
    _add_engine(dedupe_file)
    dedupe_file.set_defaults(func=cmd_dedupe_file)

    encode = identity_verbs.add_parser("encode", help="encode a person CSV as keyed Bloom filters (CLKs) "
                                       "that can leave this node; no name or date is written")
    encode.add_argument("file", help="CSV: id, given_name, family_name, birth_date, sex, nationality")
    encode.add_argument("--key-file", required=True, help="the linkage secret shared by the nodes (>= 16 bytes)")
    encode.add_argument("--output", required=True, help="the encodings to write (JSON lines)")
    encode.add_argument("--blip", type=float, default=0.0,
                        help="flip each filter bit with this probability (randomised response against "
                             "frequency attacks; costs F1, see bench-pprl; default 0)")
    encode.add_argument("--json", action="store_true", help="print the summary as JSON")
    encode.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    encode.set_defaults(func=cmd_encode)

    from korak.identity.linkage import PPRL_THRESHOLD

    link_encoded = identity_verbs.add_parser("link-encoded", help="match two nodes' encodings (private blocking, "
                                             "Fellegi-Sunter on Dice levels); write "
                                             "left_id,right_id,score")
    link_encoded.add_argument("left", help="encodings of one node (from `korak identity encode`)")
    link_encoded.add_argument("right", help="encodings of the other node, made with the same key")
    _add_common(link_encoded, threshold=PPRL_THRESHOLD)
    link_encoded.set_defaults(func=cmd_link_encoded)

    bench_pprl = identity_verbs.add_parser("bench-pprl", help="plain-text vs privacy-preserving linkage on the same "
                                           "data: FEBRL4, synthetic pairs, one side in Cyrillic")
    bench_pprl.add_argument("--json", action="store_true", help="one JSON document")
    bench_pprl.add_argument("--synth-persons", type=int, default=3000, help="persons per side of the synthetic pairs")
    bench_pprl.add_argument("--seed", type=int, default=7)
    bench_pprl.add_argument("--blip", default="0.02,0.05",
                            help="BLIP flip probabilities to measure, comma-separated (empty: none)")
    bench_pprl.add_argument("--scale", type=int, default=0,
                            help="also run both engines on a synthetic pair of this many persons per side (e.g. 60000)")
    bench_pprl.add_argument("--skip-febrl", action="store_true", help="leave out FEBRL4")
    bench_pprl.set_defaults(func=cmd_bench_pprl)

    from korak.identity.linkage import REVIEW_THRESHOLD

    dedupe = identity_verbs.add_parser("dedupe", help="deduplicate this node's registry: queue the likely and "
                                       "uncertain pairs for review")
    dedupe.add_argument("--threshold", type=float, default=REVIEW_THRESHOLD,
                        help=f"queue pairs from this match probability up (default {REVIEW_THRESHOLD})")
    dedupe.add_argument("--json", action="store_true", help="print the summary as JSON")
    dedupe.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    _add_engine(dedupe)
    dedupe.set_defaults(func=cmd_dedupe)

    identity_bench = bench.add_parser("identity", help="Korak vs Splink on FEBRL4, FEBRL3 and synthetic registries")
    identity_bench.add_argument("--quick", action="store_true", help="FEBRL4 and 10k synth only (under 5 minutes)")
    identity_bench.add_argument("--json", action="store_true", help="one JSON document: runs and online")
    identity_bench.add_argument("--seed", type=int, default=7)
    identity_bench.add_argument("--max-persons", type=int, default=None,
                                help="skip datasets larger than this (e.g. 100000 to leave out the 1M run)")
    identity_bench.add_argument("--online-database", default=None,
                                help="a PostgreSQL URL of a dedicated database for the online candidate figures "
                                     "(omitted: no online figures)")
    identity_bench.add_argument("--online-persons", default="100000,1000000",
                                help="registry sizes for the online figures, comma-separated")
    identity_bench.set_defaults(func=cmd_bench_identity)
