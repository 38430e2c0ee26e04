"""Blocking keys of a person, pure: what the IdentityKey table holds and what the candidate
query looks up. Each key is (kind, value); a candidate must share one with the query.

n   a spelling-blind name key alone            mhmd
ny  a name key and the birth year              mhmd:1999
nn  two name keys, sorted (either order)       ahmd:mhmd
py  two name keys and the birth year           ahmd:mhmd:1999
nd  a name key and the full birth date         mhmd:1999-03-14
d   the full birth date                        1999-03-14
nm  a name key and the day and month of a      mhmd:03-14
    full birth date (a typed year and a typo
    in the other name still meet)
ty  two name keys and the birth year, one of   mhmd/ahd:1999
    them with a letter dropped (or not): a
    typo in one name still meets the other
tu  the same without the year: a query       mhmd/ahd
    without a birth date looks these up
nu  two name keys of a person without a birth  ahmd:mhmd
    date (nn alone is common; the query looks
    nu up with or without a date of its own)
A 1 January placeholder date gives only its year; the query also looks up the date with
day and month swapped, and two name keys (with or without a typo) with the year before and
after. Two parts of one name with the same key (Hassan Hussein: hsn, hsn) make a pair of
their own (hsn:hsn)."""

from collections import Counter
from itertools import combinations

from korak.identity.normalise.dates import PartialDate, swapped
from korak.identity.normalise.names import match_key

KINDS = ("n", "ny", "nn", "nu", "py", "ty", "tu", "nd", "nm", "d")
# Bump when the keys a name gets change: a loaded benchmark registry is then rebuilt.
KEYS_VERSION = 7
# How much a shared key says about a candidate (rarer combinations say more).
KIND_WEIGHTS = {"py": 6.0, "nu": 5.0, "nd": 5.0, "ty": 4.0, "nm": 3.0, "nn": 3.0, "tu": 2.5, "ny": 2.0, "d": 1.5,
                "n": 1.0}
MAX_KEYS_PER_NAME = 5
MAX_VALUE = 120


def name_keys(parts: list[str] | tuple[str, ...]) -> list[str]:
    keys = [match_key(part) for part in parts]
    return sorted({key for key in keys if key})[: MAX_KEYS_PER_NAME * 2]


def name_pairs(parts: list[str] | tuple[str, ...]) -> list[tuple[str, str]]:
    """The pairs of name keys, sorted within each pair; a key two parts share pairs with itself."""
    counts = Counter(key for part in parts if (key := match_key(part)))
    keys = sorted(counts)[:MAX_KEYS_PER_NAME]
    return [*combinations(keys, 2), *((key, key) for key in keys if counts[key] > 1)]


def one_letter_off(key: str) -> set[str]:
    """The key and the key with one letter dropped: two keys one substitution, insertion,
    deletion or transposition apart share one of these (the symmetric deletion neighbourhood)."""
    return {key} | {key[:index] + key[index + 1:] for index in range(len(key))} if len(key) > 1 else {key}


def _typo_keys(pairs: list[tuple[str, str]], year: int | None) -> set[tuple[str, str]]:
    kind, suffix = ("tu", "") if year is None else ("ty", f":{year}")
    found: set[tuple[str, str]] = set()
    for a, b in pairs:
        for kept, typed in ((a, b), (b, a)):
            found |= {(kind, f"{kept}/{variant}{suffix}") for variant in one_letter_off(typed)}
    return found


def _date_keys(keys: list[str], date: PartialDate) -> set[tuple[str, str]]:
    iso = date.iso()
    found = {("d", iso)}
    found |= {("nd", f"{key}:{iso}") for key in keys}
    found |= {("nm", f"{key}:{date.month:02d}-{date.day:02d}") for key in keys}
    return found


def person_keys(name_sets: list[list[str]], date: PartialDate | None, *, query: bool = False) -> set[tuple[str, str]]:
    """The keys of a person: name_sets holds the parts of the name and of each alias."""
    found: set[tuple[str, str]] = set()
    for parts in name_sets:
        keys = name_keys(parts)[:MAX_KEYS_PER_NAME]
        pairs = name_pairs(parts)
        found |= {("n", key) for key in keys}
        found |= {("nn", f"{a}:{b}") for a, b in pairs}
        if date is None or query:
            found |= {("nu", f"{a}:{b}") for a, b in pairs}
        if date is None or not query:
            # A query without a date has no year for ty: it looks a typo up in the name pair alone.
            found |= _typo_keys(pairs, None)
        if date is not None:
            found |= {("ny", f"{key}:{date.year}") for key in keys}
            # The query also looks one year either side (a typed year, an estimated age).
            years = (date.year - 1, date.year, date.year + 1) if query else (date.year,)
            found |= {("py", f"{a}:{b}:{year}") for a, b in pairs for year in years}
            for year in years:
                found |= _typo_keys(pairs, year)
            if date.is_full:
                found |= _date_keys(keys, date)
                other = swapped(date) if query else None
                if other is not None:
                    found |= _date_keys(keys, other)
    return {(kind, value[:MAX_VALUE]) for kind, value in found}
