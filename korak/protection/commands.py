"""The `korak` verbs of `protection`: `korak keys generate` and `korak keys rotate`."""

import argparse
import json
import sys


def register(verbs: "argparse._SubParsersAction[argparse.ArgumentParser]",
             bench: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add this app's verbs to `korak` and its benchmarks to `korak bench`."""
    keys = verbs.add_parser("keys", help="keys of the encrypted fields (KORAK_FIELD_KEYS)")
    key_verbs = keys.add_subparsers(dest="keys_verb", required=True)
    generate = key_verbs.add_parser("generate", help="print a new key: put it first in KORAK_FIELD_KEYS")
    generate.set_defaults(func=cmd_keys_generate)
    rotate = key_verbs.add_parser(
        "rotate", help="re-encrypt every protected value with the newest key (the first of KORAK_FIELD_KEYS); "
                       "exit 1 if any value opens with no key")
    rotate.add_argument("--json", action="store_true")
    rotate.set_defaults(func=cmd_keys_rotate)


def cmd_keys_generate(args: argparse.Namespace) -> int:
    from korak.protection.fields import generate_key

    print(generate_key())
    return 0


def cmd_keys_rotate(args: argparse.Namespace) -> int:
    from korak.cli import fail, setup_django

    setup_django()
    from korak.protection.fields import FieldKeyError
    from korak.protection.keys import rotate_all

    try:
        report = rotate_all()
    except FieldKeyError as exc:
        return fail(str(exc))
    if args.json:
        print(json.dumps({"checked": report.checked, "rotated": report.rotated, "failed": report.failed,
                          "columns": [vars(c) for c in report.columns]}))
    else:
        for column in report.columns:
            print(f"{column.table}.{column.column}: {column.checked} checked, {column.rotated} re-encrypted, "
                  f"{column.failed} failed")
        print(f"total: {report.checked} checked, {report.rotated} re-encrypted, {report.failed} failed")
    if report.failed:
        print("korak: some values open with none of the keys: keep the old keys until they are found",
              file=sys.stderr)
        return 1
    return 0
