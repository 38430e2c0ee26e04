"""Matching two nodes' encodings: private blocking, Dice per field turned into the plain engine's
agreement levels, and the plain engine's Fellegi-Sunter model trained without labels on them.

The levels mirror korak.identity.linkage.compare: for names, bigram Dice stands in for
Jaro-Winkler (thresholds chosen so the levels fall where the plain engine's do), the key
filters give "a name part's key agrees" and "keys agree", equal filters give "exact"; given
and family names are also compared crossed. Dates: Dice of the date filter, binned separately
for two full dates and for a partial one. The exact-name weight is adjusted by how often that
filter occurs among both nodes' names, as the plain engine adjusts by spelling frequency."""

import time
from dataclasses import dataclass, field
from typing import cast

import numpy as np
import numpy.typing as npt

from korak.identity.linkage.compare import SWAP_MARGIN, Comparator, FloatArray, LevelArray
from korak.identity.linkage.model import Model, calibrate_prior, estimate_u, match_weight, probability, train
from korak.identity.linkage.pipeline import TRAINING_RULES
from korak.identity.pprl.blocking import RulePairs, candidate_pairs
from korak.identity.pprl.encode import FILTERS, K_KEY
from korak.identity.pprl.encodings import Encodings, Packed

IntArray = npt.NDArray[np.int64]
# Bigram Dice where the plain engine's Jaro-Winkler thresholds .75, .88 and .95 fall (calibrated
# on synthetic pairs: `korak identity bench-pprl` prints the agreement of the two level sets).
NAME_DICE = (0.4, 0.6, 0.75)
# Common key bits that mean one key agrees (a key sets K_KEY bits; a few may collide).
KEY_OVERLAP = int(K_KEY * 0.75)
# Date Dice bins (lowest Dice, level), for two full dates and where one is partial; the plain levels
# they stand for: 1 same year, 2 two digits differ, 3 swapped or one digit differs, 4 compatible
# partial date. Each cut is the one that best agrees with the plain engine's level on the candidate
# pairs of a 60,000 + 60,000 synthetic link (fewest pairs on the wrong side of the cut). A partial
# date a year apart (plain level 2) has no cut: its Dice is that of strangers, so it reads as
# different (looser cuts let namesakes with other dates through at scale).
FULL_DATE_BINS = ((0.42, 1), (0.52, 2), (0.62, 3))
PARTIAL_DATE_BINS = ((0.44, 1), (0.48, 4))
# Under BLIP noise two filters count as equal from this corrected Dice up (see Matcher.dice).
NOISY_EQUAL = 0.93
# Set bits above which a date filter holds a full date (a full date sets about 90, a year-month about 50).
FULL_DATE_BITS = 70


def _popcount(packed: Packed) -> IntArray:
    result: IntArray = np.bitwise_count(packed).sum(axis=1, dtype=np.int64)
    return result


def _common(x: Packed, y: Packed, a: IntArray, b: IntArray, chunk: int = 200_000) -> IntArray:
    out = np.empty(a.size, dtype=np.int64)
    for start in range(0, a.size, chunk):
        stop = start + chunk
        out[start:stop] = np.bitwise_count(x[a[start:stop]] & y[b[start:stop]]).sum(axis=1, dtype=np.int64)
    return out


@dataclass
class _Side:
    enc: Encodings
    counts: dict[str, IntArray]
    pattern: dict[str, IntArray]  # per name filter: id of its exact bit pattern (shared vocabulary)
    sizes: dict[str, FloatArray]  # set bits before BLIP noise, estimated (= counts without noise)
    key_pattern: dict[str, IntArray] = field(default_factory=dict)  # the same for the match-key filters


class Matcher:
    def __init__(self, left: Encodings, right: Encodings) -> None:
        self.left, self.right = self._side(left), self._side(right)
        # Pattern ids over both nodes' given and family filters, for the term-frequency weight.
        stacked = np.concatenate([left.filters["given"], left.filters["family"], right.filters["given"],
                                  right.filters["family"]])
        _, inverse, counts = np.unique(stacked, axis=0, return_inverse=True, return_counts=True)
        inverse = inverse.ravel()
        frequency = counts / max(stacked.shape[0], 1)
        n, m = left.size, right.size
        self.left.pattern = {"given": inverse[:n], "family": inverse[n:2 * n]}
        self.right.pattern = {"given": inverse[2 * n:2 * n + m], "family": inverse[2 * n + m:]}
        self.frequency: FloatArray = frequency.astype(np.float64)
        # The same for the match-key filters, for the "keys agree" level (as the plain engine does:
        # two Mohammad/Muhamed agree less than two Zlatibor/Zlatiborr).
        stacked_keys = np.concatenate([left.filters["given_keys"], left.filters["family_keys"],
                                       right.filters["given_keys"], right.filters["family_keys"]])
        _, key_inverse, key_counts = np.unique(stacked_keys, axis=0, return_inverse=True, return_counts=True)
        self.left.key_pattern = {"given": key_inverse.ravel()[:n], "family": key_inverse.ravel()[n:2 * n]}
        self.key_frequency: FloatArray = (key_counts / max(stacked_keys.shape[0], 1)).astype(np.float64)

        self.noisy = bool(left.blip or right.blip)

    @staticmethod
    def _side(enc: Encodings) -> _Side:
        counts = {name: _popcount(packed) for name, packed in enc.filters.items()}
        f = enc.blip
        sizes = {name: np.clip((count - FILTERS[name] * f) / (1 - 2 * f), 0, None) * (count > 0)
                 for name, count in counts.items()}
        return _Side(enc, counts, {}, sizes)

    def common(self, left_name: str, right_name: str, a: IntArray, b: IntArray) -> FloatArray:
        """Common set bits, corrected for BLIP: with flip probabilities p and q, the observed count
        is expected to be c = t(1-2p)(1-2q) + |A|q(1-2p) + |B|p(1-2q) + m·p·q for t bits common
        before noise and |A|, |B| set bits before noise; solved for t."""
        observed = _common(self.left.enc.filters[left_name], self.right.enc.filters[right_name], a, b)
        p, q = self.left.enc.blip, self.right.enc.blip
        if not (p or q):
            return observed.astype(np.float64)
        size_a, size_b = self.left.sizes[left_name][a], self.right.sizes[right_name][b]
        corrected = (observed - FILTERS[left_name] * p * q - size_a * q * (1 - 2 * p) - size_b * p * (1 - 2 * q)) \
            / ((1 - 2 * p) * (1 - 2 * q))
        result: FloatArray = np.clip(corrected, 0, np.minimum(size_a, size_b))
        return result

    def dice(self, left_name: str, right_name: str, a: IntArray, b: IntArray) -> FloatArray:
        common = self.common(left_name, right_name, a, b)
        total = self.left.sizes[left_name][a] + self.right.sizes[right_name][b]
        result: FloatArray = np.where(total > 0, 2.0 * common / np.maximum(total, 1), 0.0)
        return result

    def _equal(self, left_name: str, right_name: str, a: IntArray, b: IntArray) -> npt.NDArray[np.bool_]:
        result: npt.NDArray[np.bool_]
        if self.noisy:
            result = self.dice(left_name, right_name, a, b) >= NOISY_EQUAL
            return result
        x, y = self.left.enc.filters[left_name][a], self.right.enc.filters[right_name][b]
        result = (x == y).all(axis=1) & (self.left.counts[left_name][a] > 0)
        return result

    def _name_level(self, mine: str, theirs: str, a: IntArray, b: IntArray, dice: FloatArray) -> LevelArray:
        key_common = self.common(f"{mine}_keys", f"{theirs}_keys", a, b)
        level = np.zeros(a.size, dtype=np.int8)
        level[dice >= NAME_DICE[0]] = 1
        level[dice >= NAME_DICE[1]] = 2
        level[(level < 3) & (key_common >= KEY_OVERLAP)] = 3
        level[self._equal(f"{mine}_keys", f"{theirs}_keys", a, b) | (dice >= NAME_DICE[2])] = 4
        level[self._equal(mine, theirs, a, b)] = 5
        level[(self.left.counts[mine][a] == 0) | (self.right.counts[theirs][b] == 0)] = -1
        return level

    def _date_level(self, a: IntArray, b: IntArray) -> LevelArray:
        dice = self.dice("date", "date", a, b)
        x, y = self.left.sizes["date"][a], self.right.sizes["date"][b]
        both_full = (x >= FULL_DATE_BITS) & (y >= FULL_DATE_BITS)
        level = np.zeros(a.size, dtype=np.int8)
        for bins, where in ((FULL_DATE_BINS, both_full), (PARTIAL_DATE_BINS, ~both_full)):
            for lowest, value in bins:
                level[where & (dice >= lowest)] = value
        equal = self._equal("date", "date", a, b)
        level[equal] = np.where(both_full[equal], 6, 5)
        level[(x == 0) | (y == 0)] = -1
        return level

    def _flag_level(self, name: str, a: IntArray, b: IntArray) -> LevelArray:
        level: LevelArray = self._equal(name, name, a, b).astype(np.int8)
        level[(self.left.counts[name][a] == 0) | (self.right.counts[name][b] == 0)] = -1
        return level

    def levels(self, a: IntArray, b: IntArray) -> tuple[LevelArray, FloatArray, FloatArray]:
        """Levels (a: left rows, b: right rows), in the plain engine's columns, and the frequencies of
        exactly agreeing name filters (0 where not exact)."""
        straight_g, straight_f = self.dice("given", "given", a, b), self.dice("family", "family", a, b)
        cross_g, cross_f = self.dice("given", "family", a, b), self.dice("family", "given", a, b)
        crossed = (cross_g + cross_f) > (straight_g + straight_f + SWAP_MARGIN)
        given = self._name_level("given", "given", a, b, straight_g)
        family = self._name_level("family", "family", a, b, straight_f)
        if crossed.any():
            c = np.flatnonzero(crossed)
            given[c] = self._name_level("given", "family", a[c], b[c], cross_g[c])
            family[c] = self._name_level("family", "given", a[c], b[c], cross_f[c])
        date = self._date_level(a, b)
        sex, nationality = self._flag_level("sex", a, b), self._flag_level("nationality", a, b)
        tf_given = self._agreeing_frequency("given", given, crossed, a, b)
        tf_family = self._agreeing_frequency("family", family, crossed, a, b)
        return np.stack([given, family, date, sex, nationality], axis=1), tf_given, tf_family

    def _agreeing_frequency(self, mine: str, level: LevelArray, crossed: npt.NDArray[np.bool_], a: IntArray,
                            b: IntArray) -> FloatArray:
        """The frequency of the agreeing name filter: of the spelling at the exact level, of the
        match key where the key filters are equal (level 4); 0 elsewhere. Under BLIP every filter
        is unique, so its frequency says nothing: no adjustment then."""
        if self.noisy:
            return np.zeros(a.size, dtype=np.float64)
        other = "family" if mine == "given" else "given"
        same_key = np.zeros(a.size, dtype=bool)
        for theirs, rows in ((mine, np.flatnonzero(~crossed)), (other, np.flatnonzero(crossed))):
            if rows.size:
                same_key[rows] = self._equal(f"{mine}_keys", f"{theirs}_keys", a[rows], b[rows])
        spelling = self.frequency[self.left.pattern[mine][a]]
        key = self.key_frequency[self.left.key_pattern[mine][a]]
        result: FloatArray = np.where(level == 5, spelling, np.where((level == 4) & same_key, key, 0.0))
        return result


class _Rows:
    """The left rows then the right rows, as estimate_u's comparator expects them."""

    def __init__(self, n_left: int, n_right: int) -> None:
        self.n_left, self.size = n_left, n_left + n_right

    def subset(self, side: int) -> IntArray:
        return np.arange(side * self.n_left, self.n_left if side == 0 else self.size, dtype=np.int64)


class _Concatenated:
    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        self.canon = _Rows(matcher.left.enc.size, matcher.right.enc.size)

    def levels(self, a: IntArray, b: IntArray) -> tuple[LevelArray, FloatArray, FloatArray]:
        return self.matcher.levels(a, b - self.canon.n_left)


@dataclass
class Linked:
    """Every candidate pair (a: left row, b: right row) with its match probability."""

    a: IntArray
    b: IntArray
    score: FloatArray
    model: Model
    rules: list[RulePairs]
    seconds: dict[str, float] = field(default_factory=dict)

    def above(self, threshold: float) -> tuple[IntArray, IntArray, FloatArray]:
        keep = self.score >= threshold
        return self.a[keep], self.b[keep], self.score[keep]


def link(left: Encodings, right: Encodings, *, u_sample: int = 300_000, seed: int = 1) -> Linked:
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    union, rules = candidate_pairs(left.tokens, right.tokens, right.size)
    a, b = union // max(right.size, 1), union % max(right.size, 1)
    seconds["block"] = time.perf_counter() - started
    started = time.perf_counter()
    matcher = Matcher(left, right)
    u = estimate_u(cast("Comparator", _Concatenated(matcher)), link=True, sample=u_sample, seed=seed)
    levels, tf_given, tf_family = matcher.levels(a, b)
    seconds["compare"] = time.perf_counter() - started
    started = time.perf_counter()
    by_rule = {r.rule: r.pairs for r in rules}
    sessions = [(np.isin(union, by_rule[name], assume_unique=True), blocked)
                for name, blocked in TRAINING_RULES.items() if name in by_rule]
    model = train(levels, u, sessions)
    weights = match_weight(model, levels, tf_given, tf_family)
    possible = max(left.size * right.size, 1)
    model.prior, model.match_share = calibrate_prior(weights, possible_pairs=possible,
                                                     start=(left.size + right.size) / possible)
    score = probability(model, weights)
    seconds["train_score"] = time.perf_counter() - started
    return Linked(a=a, b=b, score=score, model=model, rules=rules, seconds=seconds)
