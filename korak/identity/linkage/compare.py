"""Comparison functions: for each candidate pair, one discrete agreement level per field.

Vectorised over pairs: strings become integer ids once, Jaro-Winkler is computed once per
distinct pair of spellings (rapidfuzz `cpdist`), everything else is numpy. Given and family
names are compared straight and crossed; the crossed alignment wins when it is clearly
better, so "Ahmadi Mohammad" meets "Mohammad Ahmadi" without penalty."""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from korak.identity.linkage.canonical import Canonical, IntArray

LevelArray = npt.NDArray[np.int8]
FloatArray = npt.NDArray[np.float64]

# Name levels, strongest last; -1 = a side has no value (the field says nothing).
NAME_LEVELS = ("different", "jaro-winkler ≥ 0.75", "jaro-winkler ≥ 0.88", "a name part's key agrees",
               "keys agree (variant or skeleton) or jaro-winkler ≥ 0.95", "exact")
DATE_LEVELS = ("different", "same year", "two digits differ or year ±1 with a partial date",
               "day/month swapped or one digit differs", "compatible partial date (year/month/1 January)",
               "same partial date", "exact")
FLAG_LEVELS = ("different", "same")
COMPARISONS = {"given_name": NAME_LEVELS, "family_name": NAME_LEVELS, "birth_date": DATE_LEVELS,
               "sex": FLAG_LEVELS, "nationality": FLAG_LEVELS}
SWAP_MARGIN = 0.15


def unique_inverse(values: IntArray) -> tuple[IntArray, IntArray]:
    """np.unique(values, return_inverse=True) by sorting (numpy's hash-based unique is slower on
    the large integer codes used here)."""
    order = np.argsort(values)
    ordered = values[order]
    first = np.empty(ordered.size, dtype=bool)
    first[:1] = True
    first[1:] = ordered[1:] != ordered[:-1]
    inverse = np.empty(values.size, dtype=np.int64)
    inverse[order] = np.cumsum(first) - 1
    return ordered[first], inverse


class _Vocabulary:
    """Strings → dense ids, and cached pairwise string functions over ids."""

    def __init__(self, values: list[str]) -> None:
        self.index: dict[str, int] = {"": 0}
        self.ids = np.fromiter((self.index.setdefault(v, len(self.index)) for v in values), dtype=np.int64,
                               count=len(values))
        self.strings = list(self.index)
        # Up to four space-separated parts of each string as part ids (-1 = none), for overlap().
        part_index: dict[str, int] = {}
        self.parts = np.full((len(self.strings), 4), -1, dtype=np.int64)
        for row, text in enumerate(self.strings):
            for position, part in enumerate(text.split()[:4]):
                self.parts[row, position] = part_index.setdefault(part, len(part_index))
        # Jaro-Winkler similarities computed so far: sorted pair codes and their values.
        self._known_codes = np.zeros(0, dtype=np.int64)
        self._known_values = np.zeros(0, dtype=np.float64)

    def jaro_winkler(self, x: IntArray, y: IntArray) -> FloatArray:
        size = len(self.strings)
        code = np.minimum(x, y) * size + np.maximum(x, y)
        unique, inverse = unique_inverse(code)
        position = np.minimum(np.searchsorted(self._known_codes, unique), max(self._known_codes.size - 1, 0))
        known = (self._known_codes[position] == unique) if self._known_codes.size else np.zeros(unique.size, bool)
        values = np.empty(unique.size, dtype=np.float64)
        values[known] = self._known_values[position[known]]
        new = unique[~known]
        if new.size:
            left, right = new // size, new % size
            values[~known] = np.asarray(process.cpdist([self.strings[i] for i in left.tolist()],
                                                       [self.strings[i] for i in right.tolist()],
                                                       scorer=JaroWinkler.normalized_similarity, workers=1),
                                        dtype=np.float64)
            codes = np.r_[self._known_codes, new]
            order = np.argsort(codes, kind="stable")
            self._known_codes, self._known_values = codes[order], np.r_[self._known_values, values[~known]][order]
        result: FloatArray = values[inverse]
        result[(x == 0) | (y == 0)] = 0.0
        return result

    def overlap(self, x: IntArray, y: IntArray) -> npt.NDArray[np.bool_]:
        """Whether two space-separated key lists share a key."""
        result: npt.NDArray[np.bool_] = x == y
        # Single keys overlap only when equal; look at the other pairs with a multi-part side only.
        multi = np.flatnonzero(~result & ((self.parts[x, 1] >= 0) | (self.parts[y, 1] >= 0)))
        px, py = self.parts[x[multi]], self.parts[y[multi]]
        found = np.zeros(multi.size, dtype=bool)
        for i in range(px.shape[1]):
            present = px[:, i] >= 0
            for j in range(py.shape[1]):
                found |= present & (px[:, i] == py[:, j])
        result[multi] = found
        result[(x == 0) | (y == 0)] = False
        return result


@dataclass
class Comparator:
    """Per-person integer columns for comparing pairs of one Canonical."""

    canon: Canonical

    def __post_init__(self) -> None:
        c = self.canon
        names = _Vocabulary(c.given + c.family)
        keys = _Vocabulary(c.given_keys + c.family_keys)
        n = c.size
        self.names, self.keys = names, keys
        self.g, self.f = names.ids[:n], names.ids[n:]
        self.gk, self.fk = keys.ids[:n], keys.ids[n:]
        # Term frequencies within each field: of each spelling (for the exact level) and of each match
        # key (for the "keys agree" level), so that two Mohammad/Muhamed agree less than two Zlatibor.
        # A value's frequency is the larger of its two fields': a family name written in the given
        # field (swapped order) is as common as it is among family names, not rare.
        self.given_frequency = self.family_frequency = np.maximum(_frequency(self.g, len(names.strings)),
                                                                  _frequency(self.f, len(names.strings)))
        self.given_key_frequency = self.family_key_frequency = np.maximum(_frequency(self.gk, len(keys.strings)),
                                                                          _frequency(self.fk, len(keys.strings)))

    def levels(self, a: IntArray, b: IntArray) -> tuple[LevelArray, FloatArray, FloatArray]:
        """Levels (one row per pair, one column per comparison) plus, for the given and the family
        name, the term frequency of the agreeing value: of the spelling at the exact level, of the
        match key where the keys agree (level 4 with equal keys); 0 elsewhere."""
        names = self.names
        straight_g = names.jaro_winkler(self.g[a], self.g[b])
        straight_f = names.jaro_winkler(self.f[a], self.f[b])
        cross_g = names.jaro_winkler(self.g[a], self.f[b])
        cross_f = names.jaro_winkler(self.f[a], self.g[b])
        crossed = (cross_g + cross_f) > (straight_g + straight_f + SWAP_MARGIN)
        b_given = np.where(crossed, self.f[b], self.g[b])
        b_family = np.where(crossed, self.g[b], self.f[b])
        b_gk = np.where(crossed, self.fk[b], self.gk[b])
        b_fk = np.where(crossed, self.gk[b], self.fk[b])
        given = self._name_level(self.g[a], b_given, self.gk[a], b_gk, np.where(crossed, cross_g, straight_g))
        family = self._name_level(self.f[a], b_family, self.fk[a], b_fk, np.where(crossed, cross_f, straight_f))
        c = self.canon
        date = date_levels(c.year[a], c.month[a], c.day[a], c.year[b], c.month[b], c.day[b])
        sex = _flag(c.sex[a].astype(np.int64), c.sex[b].astype(np.int64), unknown=0)
        nationality = _flag(c.nationality[a], c.nationality[b], unknown=-1)
        tf_given = _agreeing_frequency(given, self.given_frequency[self.g[a]],
                                       (self.gk[a] == b_gk) & (b_gk > 0), self.given_key_frequency[self.gk[a]])
        tf_family = _agreeing_frequency(family, self.family_frequency[self.f[a]],
                                        (self.fk[a] == b_fk) & (b_fk > 0), self.family_key_frequency[self.fk[a]])
        return np.stack([given, family, date, sex, nationality], axis=1), tf_given, tf_family

    def _name_level(self, x: IntArray, y: IntArray, kx: IntArray, ky: IntArray, jw: FloatArray) -> LevelArray:
        level = np.zeros(x.size, dtype=np.int8)
        level[jw >= 0.75] = 1
        level[jw >= 0.88] = 2
        level[(level < 3) & self.keys.overlap(kx, ky)] = 3
        level[(kx == ky) | (jw >= 0.95)] = 4
        level[x == y] = 5
        level[(x == 0) | (y == 0)] = -1
        return level


def _frequency(ids: IntArray, size: int) -> FloatArray:
    """Share of each id among the persons who have a value (id 0 = none)."""
    counts = np.bincount(ids, minlength=size).astype(np.float64)
    counts[0] = 0.0
    result: FloatArray = counts / max(counts.sum(), 1.0)
    return result


def _agreeing_frequency(level: LevelArray, spelling: FloatArray, same_key: npt.NDArray[np.bool_],
                        key: FloatArray) -> FloatArray:
    result: FloatArray = np.where(level == 5, spelling, np.where((level == 4) & same_key, key, 0.0))
    return result


def _flag(x: IntArray, y: IntArray, *, unknown: int) -> LevelArray:
    level: LevelArray = (x == y).astype(np.int8)
    level[(x == unknown) | (y == unknown)] = -1
    return level


def _differing_digits(first: IntArray, second: IntArray) -> IntArray:
    """How many of the eight digits of YYYYMMDD differ."""
    count = np.zeros(first.size, dtype=np.int64)
    for power in range(8):
        count += ((first // 10 ** power) % 10) != ((second // 10 ** power) % 10)
    return count


def date_levels(y1: IntArray, m1: IntArray, d1: IntArray, y2: IntArray, m2: IntArray, d2: IntArray) -> LevelArray:
    """Birth date agreement; a 1 January date counts as partly known (the usual placeholder)."""
    full1 = (d1 > 0) & ~((m1 == 1) & (d1 == 1))
    full2 = (d2 > 0) & ~((m2 == 1) & (d2 == 1))
    month1 = np.where(full1 | ((d1 == 0) & (m1 > 0)), m1, 0)
    month2 = np.where(full2 | ((d2 == 0) & (m2 > 0)), m2, 0)
    both_full = full1 & full2
    same_year = y1 == y2
    level = np.zeros(y1.size, dtype=np.int8)
    level[same_year] = 1
    differing = _differing_digits(y1 * 10_000 + m1 * 100 + d1, y2 * 10_000 + m2 * 100 + d2)
    partial = ~both_full
    level[(both_full & (differing == 2)) | (partial & (np.abs(y1 - y2) == 1) & ((month1 == month2) | (month1 == 0)
                                                                           | (month2 == 0)))] = 2
    swapped = both_full & same_year & (m1 == d2) & (d1 == m2)
    level[swapped | (both_full & (differing == 1))] = 3
    compatible = partial & same_year & ((month1 == 0) | (month2 == 0) | (month1 == month2))
    level[compatible] = 4
    level[partial & same_year & (m1 == m2) & (d1 == d2)] = 5
    level[both_full & same_year & (m1 == m2) & (d1 == d2)] = 6
    level[(y1 == 0) | (y2 == 0)] = -1
    return level
