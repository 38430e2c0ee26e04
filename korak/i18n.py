"""Compile the translation catalogues (.po → .mo) with Babel, so a node builds without GNU
gettext installed. Extracting new strings is a developer's job: `korak manage makemessages`."""

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parent / "locale"


def compile_catalogues(locale_dir: Path = LOCALE) -> int:
    count = 0
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        with po_path.open("rb") as source:
            catalogue = read_po(source, locale=po_path.parent.parent.name.replace("-", "_"))
        with po_path.with_suffix(".mo").open("wb") as target:
            write_mo(target, catalogue, use_fuzzy=False)
        count += 1
    return count


if __name__ == "__main__":
    if sys.argv[1:] != ["compile"]:
        print("usage: python -m korak.i18n compile", file=sys.stderr)
        sys.exit(2)
    print(f"compiled {compile_catalogues()} translation catalogue(s)")
