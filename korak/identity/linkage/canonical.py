"""Persons as columns of canonical values, the form blocking and scoring work on.

Names go through korak.identity.normalise (script → Latin, local folding, particles, Abd-
compounds, -zai) once per distinct spelling; each name part also gets its spelling-blind
match key. Birth dates are three integer columns (0 = unknown) and a flag for dates that
are only partly known (year only, year and month, or the 1 January placeholder)."""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from korak.identity import normalise as nz
from korak.identity.linkage.records import Person

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@lru_cache(maxsize=500_000)
def name_form(text: str) -> tuple[str, str]:
    """(the parts joined without spaces, their match keys sorted and joined by spaces)."""
    if not text:
        return "", ""
    parts = nz.parse_name(text).parts
    return "".join(parts), " ".join(sorted({nz.match_key(part) for part in parts if part}))


@dataclass
class Canonical:
    """One row per person, both sides of a linkage concatenated (side 0 = left, 1 = right)."""

    ids: list[str]
    side: npt.NDArray[np.int8]
    given: list[str]
    family: list[str]
    given_keys: list[str]
    family_keys: list[str]
    year: IntArray
    month: IntArray
    day: IntArray
    partial: BoolArray
    sex: npt.NDArray[np.int8]
    nationality: IntArray  # code into a shared vocabulary, -1 unknown

    @property
    def size(self) -> int:
        return len(self.ids)

    def subset(self, side: int) -> IntArray:
        return np.flatnonzero(self.side == side).astype(np.int64)


def canonicalise(persons: Sequence[Person], right: Sequence[Person] = ()) -> Canonical:
    """Canonical columns of one list (dedupe) or of two lists (link: left rows first)."""
    rows = [*persons, *right]
    given = [name_form(p.given_name) for p in rows]
    family = [name_form(p.family_name) for p in rows]
    year = np.fromiter((p.year for p in rows), dtype=np.int64, count=len(rows))
    month = np.fromiter((p.month for p in rows), dtype=np.int64, count=len(rows))
    day = np.fromiter((p.day for p in rows), dtype=np.int64, count=len(rows))
    vocabulary: dict[str, int] = {}
    nationality = np.fromiter((vocabulary.setdefault(p.nationality, len(vocabulary)) if p.nationality else -1
                               for p in rows), dtype=np.int64, count=len(rows))
    sex = np.fromiter((1 if p.sex == "M" else 2 if p.sex == "F" else 0 for p in rows), dtype=np.int8,
                      count=len(rows))
    side = np.zeros(len(rows), dtype=np.int8)
    side[len(persons):] = 1
    return Canonical(ids=[p.id for p in rows], side=side, given=[g[0] for g in given], family=[f[0] for f in family],
                     given_keys=[g[1] for g in given], family_keys=[f[1] for f in family], year=year, month=month,
                     day=day, partial=(year > 0) & ((day == 0) | ((month == 1) & (day == 1))), sex=sex,
                     nationality=nationality)
