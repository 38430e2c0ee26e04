"""Blocking: which pairs of persons are compared at all.

Each rule gives every person zero or more integer keys; persons sharing a key in a rule form
candidate pairs (only across the two sides when linking). Keys are built from canonical
values, so a rule written once works for Latin, Cyrillic and Arabic-script input alike, and
from *every* name part in either field, so swapped given and family names still meet.
A key shared by more persons than the rule's `full` limit does not pair all of them: its
persons are sorted (by birth date for name rules, by name for date rules) and each is
paired with its next `window` neighbours only (sorted neighbourhood), so the pair count
grows linearly with the registry instead of quadratically: at 1M persons a common name with
a common family name is shared by hundreds of different persons. A rule with window 0 drops
such keys instead (counted). `report()` measures pairs and recall per rule."""

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from korak.identity.linkage.canonical import BoolArray, Canonical, IntArray

MAX_GROUP = 400


@dataclass(frozen=True)
class GroupLimit:
    """Persons sharing a key: up to `full` all pairs; more: each with its next `window` in `order`."""

    full: int
    window: int
    order: str  # "date" or "name"


# Chosen so that groups stay whole up to about 100k persons (FEBRL, the 10k and 100k synth
# registries pair as before) and the rules' pairs grow linearly beyond.
RULE_LIMITS = {
    "dob+initial": GroupLimit(full=20, window=3, order="name"),
    "name-keys-pair": GroupLimit(full=60, window=8, order="date"),
    "name-key+year+initial": GroupLimit(full=20, window=3, order="date"),
    "prefixes+year-month": GroupLimit(full=40, window=6, order="date"),
    "dob": GroupLimit(full=20, window=3, order="name"),
    # A name key with an initial and no date: big groups are namesakes and nothing orders them.
    "name-key+initial": GroupLimit(full=40, window=0, order="date"),
}


@dataclass(frozen=True)
class KeyColumns:
    rows: IntArray
    keys: IntArray


def _padded(keys: list[str], vocabulary: dict[str, int]) -> IntArray:
    """Each person's first three name keys as codes of one shared vocabulary, -1 where absent."""
    distinct: dict[str, int] = {}
    rows = np.fromiter((distinct.setdefault(value, len(distinct)) for value in keys), dtype=np.int64, count=len(keys))
    table = np.full((len(distinct), 3), -1, dtype=np.int64)
    for row, value in enumerate(distinct):
        for position, key in enumerate(value.split()[:3]):
            table[row, position] = vocabulary.setdefault(key, len(vocabulary))
    return table[rows]


def sorted_unique(values: IntArray) -> IntArray:
    """np.unique by sorting (numpy's hash-based unique is slower on these large pair codes)."""
    ordered = np.sort(values)
    keep = np.empty(ordered.size, dtype=bool)
    keep[:1] = True
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


def _initials(values: list[str]) -> IntArray:
    return np.fromiter((ord(v[0]) if v else 0 for v in values), dtype=np.int64, count=len(values))


class _Prepared:
    """Integer columns shared by the rules, computed once."""

    def __init__(self, canon: Canonical) -> None:
        self.canon = canon
        # One vocabulary for both fields, so a given name can meet a family name.
        vocabulary: dict[str, int] = {}
        self.given_codes = _padded(canon.given_keys, vocabulary)
        self.family_codes = _padded(canon.family_keys, vocabulary)
        self.joined_size = len(vocabulary) + 1
        self.g_initial = _initials(canon.given)
        self.f_initial = _initials(canon.family)
        self.full_date = (canon.day > 0) & ~((canon.month == 1) & (canon.day == 1))
        prefixes: dict[str, int] = {}
        self.g_prefix = np.fromiter((prefixes.setdefault(v[:2], len(prefixes)) if len(v) >= 2 else -1
                                     for v in canon.given), dtype=np.int64, count=canon.size)
        self.f_prefix = np.fromiter((prefixes.setdefault(v[:2], len(prefixes)) if len(v) >= 2 else -1
                                     for v in canon.family), dtype=np.int64, count=canon.size)
        self.prefix_size = len(prefixes) + 1
        self.order = {"date": canon.year * 10_000 + canon.month * 100 + canon.day,
                      "name": np.maximum(self.g_prefix, 0) * self.prefix_size + np.maximum(self.f_prefix, 0)}

    def name_codes(self) -> tuple[IntArray, IntArray, IntArray]:
        """(row, code, the other field's initial) for every name key of every person."""
        rows, codes, others = [], [], []
        for table, other in ((self.given_codes, self.f_initial), (self.family_codes, self.g_initial)):
            for position in range(3):
                have = np.flatnonzero(table[:, position] >= 0)
                rows.append(have)
                codes.append(table[have, position])
                others.append(other[have])
        return np.concatenate(rows), np.concatenate(codes), np.concatenate(others)


def _dob_initial(p: _Prepared) -> KeyColumns:
    """Full birth date (also with day and month exchanged) and the initial of either name."""
    c = p.canon
    ok = np.flatnonzero(p.full_date)
    date = c.year[ok] * 10_000 + c.month[ok] * 100 + c.day[ok]
    swapped = c.year[ok] * 10_000 + c.day[ok] * 100 + c.month[ok]
    rows, keys = [], []
    for dates in (date, swapped):
        for initial in (p.g_initial[ok], p.f_initial[ok]):
            have = initial > 0
            rows.append(ok[have])
            keys.append(dates[have] * 128 + initial[have])
    return KeyColumns(np.concatenate(rows), np.concatenate(keys))


def _name_pair(p: _Prepared) -> KeyColumns:
    """Two name keys, one from each field, in either order: Mohammad Ahmadi = Ahmadi Muhamed."""
    rows, keys = [], []
    for gi in range(3):
        for fi in range(3):
            g, f = p.given_codes[:, gi], p.family_codes[:, fi]
            have = np.flatnonzero((g >= 0) & (f >= 0))
            rows.append(have)
            keys.append(np.minimum(g[have], f[have]) * p.joined_size + np.maximum(g[have], f[have]))
    return KeyColumns(np.concatenate(rows), np.concatenate(keys))


def _name_year_initial(p: _Prepared) -> KeyColumns:
    """Any name key, the birth year and the other name's initial: one name misspelt beyond its
    key still meets when the other agrees in key and the year is right."""
    rows, codes, others = p.name_codes()
    year = p.canon.year[rows]
    keep = year > 0
    return KeyColumns(rows[keep], (codes[keep] * 3000 + year[keep]) * 128 + others[keep])


def _dob(p: _Prepared) -> KeyColumns:
    """The full birth date alone: both names may be misspelt or missing when the date is right."""
    c = p.canon
    ok = np.flatnonzero(p.full_date)
    return KeyColumns(ok, c.year[ok] * 10_000 + c.month[ok] * 100 + c.day[ok])


def _name_initial(p: _Prepared) -> KeyColumns:
    """Any name key and the other name's initial, any date: for dates missing or wrong. Common
    names make big groups here, and they are dropped rather than windowed (see RULE_LIMITS)."""
    rows, codes, others = p.name_codes()
    keep = others > 0
    return KeyColumns(rows[keep], codes[keep] * 128 + others[keep])


def _prefix_dob_month(p: _Prepared) -> KeyColumns:
    """The first two letters of both names (either order) and year and month: catches names whose
    keys both broke (typos in consonants) when the date is right."""
    c = p.canon
    ok = np.flatnonzero((p.g_prefix >= 0) & (p.f_prefix >= 0) & (c.year > 0) & (c.month > 0))
    low = np.minimum(p.g_prefix[ok], p.f_prefix[ok])
    high = np.maximum(p.g_prefix[ok], p.f_prefix[ok])
    return KeyColumns(ok, ((low * p.prefix_size + high) * 3000 + c.year[ok]) * 13 + c.month[ok])


RULES: dict[str, Callable[[_Prepared], KeyColumns]] = {
    "dob+initial": _dob_initial,
    "name-keys-pair": _name_pair,
    "name-key+year+initial": _name_year_initial,
    "prefixes+year-month": _prefix_dob_month,
    "dob": _dob,
    "name-key+initial": _name_initial,
}


@dataclass
class RulePairs:
    rule: str
    pairs: IntArray  # encoded a * n + b, sorted
    dropped_keys: int
    windowed_keys: int = 0
    # Pairs drawn uniformly from all pairs within the rule's groups, windowed or not (for training:
    # a window sorted by date would teach the model that matches share a birth year).
    sample: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


def _group_sample(rows: IntArray, starts: IntArray, sizes: IntArray, *, count: int, seed: int) -> tuple[IntArray,
                                                                                                       IntArray]:
    """`count` random pairs, each group chosen in proportion to its number of pairs."""
    many = sizes >= 2
    starts, sizes = starts[many], sizes[many]
    if count <= 0 or starts.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    rng = np.random.default_rng(seed)
    weight = sizes.astype(np.float64) * (sizes - 1) / 2
    group = rng.choice(starts.size, size=count, p=weight / weight.sum())
    first = rng.integers(0, sizes[group])
    second = rng.integers(0, sizes[group] - 1)
    second = second + (second >= first)
    return rows[starts[group] + first], rows[starts[group] + second]


def _orient(a: IntArray, b: IntArray, *, side: np.ndarray, link: bool, n: int) -> IntArray:
    """Encode pairs as a * n + b: across the sides with the left row first (link), else low row first."""
    if link:
        cross = side[a] != side[b]
        a, b = a[cross], b[cross]
        left_first = side[a] == 0
        a, b = np.where(left_first, a, b), np.where(left_first, b, a)
    else:
        a, b = np.minimum(a, b), np.maximum(a, b)
    return a * n + b


def _pairs_of(columns: KeyColumns, order: IntArray, *, side: np.ndarray, link: bool, n: int,
              limit: GroupLimit, sample: int = 0, seed: int = 1) -> tuple[IntArray, int, int, IntArray]:
    """(encoded pairs, keys dropped, keys paired by window only, a uniform sample of within-group pairs)."""
    empty = np.zeros(0, dtype=np.int64)
    if columns.rows.size == 0:
        return empty, 0, 0, empty
    # Key, then the group's sort order, then the row: one row's repeats of a key stay adjacent.
    sorting = np.lexsort((columns.rows, order[columns.rows], columns.keys))
    keys, rows = columns.keys[sorting], columns.rows[sorting]
    del sorting
    distinct = np.ones(keys.size, dtype=bool)
    distinct[1:] = (keys[1:] != keys[:-1]) | (rows[1:] != rows[:-1])
    keys, rows = keys[distinct], rows[distinct]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    del keys, distinct
    sizes = np.diff(np.r_[starts, rows.size])
    sample_a, sample_b = _group_sample(rows, starts, sizes, count=sample, seed=seed)
    sampled = sorted_unique(_orient(sample_a, sample_b, side=side, link=link, n=n))
    big = sizes > limit.full
    dropped = int(big.sum()) if limit.window == 0 else 0
    windowed = 0 if limit.window == 0 else int(big.sum())
    keep_group = (sizes >= 2) & ~(big & (limit.window == 0))
    starts, sizes, big = starts[keep_group], sizes[keep_group], big[keep_group]
    if starts.size == 0:
        return empty, dropped, windowed, sampled
    # Position p in a group ending at e pairs with p+1 … e-1, or p+1 … p+window in a big group.
    ends = np.repeat(starts + sizes, sizes)
    positions = _ranges(starts, sizes)
    counts = ends - positions - 1
    del ends
    counts = np.where(np.repeat(big, sizes), np.minimum(counts, limit.window), counts)
    first = np.repeat(positions, counts)
    del positions
    offsets = np.arange(first.size, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    a, b = rows[first], rows[first + 1 + offsets]
    del first, offsets
    return sorted_unique(_orient(a, b, side=side, link=link, n=n)), dropped, windowed, sampled


def _ranges(starts: IntArray, sizes: IntArray) -> IntArray:
    total = int(sizes.sum())
    offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    return np.repeat(starts, sizes) + offsets


def candidate_pairs(canon: Canonical, *, link: bool, max_group: int = MAX_GROUP,
                    rules: tuple[str, ...] | None = None, samples: dict[str, int] | None = None,
                    seed: int = 1) -> tuple[IntArray, list[RulePairs]]:
    """The union of every rule's pairs (encoded a * n + b, sorted; for links a is the left row), and
    each rule's own. `max_group` caps every rule's whole-group size (tests use it); `samples` asks
    for that many uniformly drawn within-group pairs of the rules it names (RulePairs.sample)."""
    prepared = _Prepared(canon)
    n = canon.size
    per_rule = []
    for name in rules or tuple(RULES):
        limit = RULE_LIMITS[name]
        limit = GroupLimit(full=min(limit.full, max_group), window=limit.window, order=limit.order)
        pairs, dropped, windowed, sample = _pairs_of(RULES[name](prepared), prepared.order[limit.order],
                                                     side=canon.side, link=link, n=n, limit=limit,
                                                     sample=(samples or {}).get(name, 0), seed=seed)
        per_rule.append(RulePairs(rule=name, pairs=pairs, dropped_keys=dropped, windowed_keys=windowed, sample=sample))
    union = sorted_unique(np.concatenate([r.pairs for r in per_rule])) if per_rule else np.zeros(0, dtype=np.int64)
    return union, per_rule


def decode(pairs: IntArray, n: int) -> tuple[IntArray, IntArray]:
    return pairs // n, pairs % n


def truth_pairs(clusters: list[str], *, side: np.ndarray, link: bool) -> IntArray:
    """Every pair of rows in one true cluster (across sides when linking), encoded like candidate_pairs."""
    n = len(clusters)
    index: dict[str, list[int]] = {}
    for row, cluster in enumerate(clusters):
        if cluster:
            index.setdefault(cluster, []).append(row)
    found: list[int] = []
    for rows in index.values():
        for i, a in enumerate(rows):
            for b in rows[i + 1:]:
                if link:
                    if side[a] == side[b]:
                        continue
                    left, right = (a, b) if side[a] == 0 else (b, a)
                    found.append(left * n + right)
                else:
                    found.append(min(a, b) * n + max(a, b))
    return np.unique(np.asarray(found, dtype=np.int64))


@dataclass(frozen=True)
class RuleReport:
    rule: str
    pairs: int
    recall: float
    dropped_keys: int
    windowed_keys: int = 0


def report(union: IntArray, per_rule: list[RulePairs], truth: IntArray) -> list[RuleReport]:
    """Pairs and blocking recall (share of true pairs the rule proposes) per rule and for the union."""
    total = max(truth.size, 1)

    def recall(pairs: IntArray) -> float:
        return float(np.isin(truth, pairs, assume_unique=True).sum()) / total

    rows = [RuleReport(r.rule, int(r.pairs.size), recall(r.pairs), r.dropped_keys, r.windowed_keys) for r in per_rule]
    rows.append(RuleReport("union", int(union.size), recall(union), sum(r.dropped_keys for r in per_rule),
                           sum(r.windowed_keys for r in per_rule)))
    return rows


__all__ = ["RULES", "RULE_LIMITS", "BoolArray", "RuleReport", "candidate_pairs", "decode", "report", "truth_pairs"]
