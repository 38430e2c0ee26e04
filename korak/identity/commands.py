"""The `korak` verbs of `identity`: registered into the command's parser by korak.cli."""

import argparse
import json
from pathlib import Path
from typing import NoReturn


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
                             quiet=args.quiet)
    except LinkageInputError as exc:
        return fail(str(exc))
    _print_summary(summary, args.json)
    return 0


def cmd_dedupe_file(args: argparse.Namespace) -> int:
    from korak.cli import fail
    from korak.identity.linkage.files import dedupe_file
    from korak.identity.linkage.records import LinkageInputError

    try:
        summary = dedupe_file(Path(args.file), Path(args.output), threshold=args.threshold, quiet=args.quiet)
    except LinkageInputError as exc:
        return fail(str(exc))
    _print_summary(summary, args.json)
    return 0


def _add_common(parser: argparse.ArgumentParser) -> None:
    from korak.identity.linkage.pipeline import OPERATING_THRESHOLD

    parser.add_argument("--output", required=True, help="the pair list to write (CSV)")
    parser.add_argument("--threshold", type=float, default=OPERATING_THRESHOLD,
                        help=f"minimum match probability of a written pair (default {OPERATING_THRESHOLD})")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")


def register(verbs: "argparse._SubParsersAction[argparse.ArgumentParser]",
             bench: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add this app's verbs to `korak` and its benchmarks to `korak bench`."""
    identity = verbs.add_parser("identity", help="identity resolution: link and deduplicate person lists")
    identity_verbs = identity.add_subparsers(dest="identity_verb", required=True, parser_class=_OneLineErrorParser)

    link = identity_verbs.add_parser("link", help="link two person CSV files; write left_id,right_id,score")
    link.add_argument("left", help="CSV: id, given_name, family_name, birth_date, sex, nationality")
    link.add_argument("right", help="CSV with the same columns")
    _add_common(link)
    link.set_defaults(func=cmd_link)

    dedupe_file = identity_verbs.add_parser("dedupe-file", help="find duplicates in one person CSV; write "
                                            "id_a,id_b,score")
    dedupe_file.add_argument("file", help="CSV: id, given_name, family_name, birth_date, sex, nationality")
    _add_common(dedupe_file)
    dedupe_file.set_defaults(func=cmd_dedupe_file)
