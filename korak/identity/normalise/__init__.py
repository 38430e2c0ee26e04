"""Name and birth-date normalisation for identity matching, pure (no ORM, no I/O).

scripts: script detection and transliteration (Serbian, Macedonian Cyrillic; Arabic script)
names:   folding, name parts, spelling-blind keys, the variant table, part agreement
dates:   partial and placeholder birth dates, day/month swap
keys:    the blocking keys of a person"""

from korak.identity.normalise.dates import (
    DateAgreement,
    PartialDate,
    compare_dates,
    from_parts,
    parse_date,
    swapped,
)
from korak.identity.normalise.keys import KIND_WEIGHTS, person_keys
from korak.identity.normalise.names import (
    ParsedName,
    PartAgreement,
    compare_parts,
    fold,
    match_key,
    parse_name,
    skeleton,
    stem,
    tokens,
    variant_of,
)
from korak.identity.normalise.scripts import script_of, to_latin

__all__ = [
    "KIND_WEIGHTS",
    "DateAgreement",
    "ParsedName",
    "PartAgreement",
    "PartialDate",
    "compare_dates",
    "compare_parts",
    "fold",
    "from_parts",
    "match_key",
    "parse_date",
    "parse_name",
    "person_keys",
    "script_of",
    "skeleton",
    "stem",
    "swapped",
    "to_latin",
    "tokens",
    "variant_of",
]
