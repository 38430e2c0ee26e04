"""Link two person lists, or deduplicate one: canonicalise → block → compare → train → score."""

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from korak.identity.linkage import LINK_THRESHOLD, blocking
from korak.identity.linkage.canonical import Canonical, IntArray, canonicalise
from korak.identity.linkage.compare import Comparator, FloatArray
from korak.identity.linkage.model import Model, calibrate_prior, estimate_u, match_weight, probability, train
from korak.identity.linkage.records import Person

OPERATING_THRESHOLD = LINK_THRESHOLD
Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


@dataclass
class Scored:
    """The candidate pairs with a probability of at least the keep floor (see score_all), with it; a and b
    index `canon` (a is the left row when linking)."""

    canon: Canonical
    a: IntArray
    b: IntArray
    score: FloatArray
    model: Model
    rules: list[blocking.RulePairs]
    seconds: dict[str, float] = field(default_factory=dict)
    candidates: int = 0  # pairs blocking proposed (scored, kept or not)

    def above(self, threshold: float) -> tuple[IntArray, IntArray, FloatArray]:
        keep = self.score >= threshold
        return self.a[keep], self.b[keep], self.score[keep]


# Pairs compared at once: bounds the memory of the comparison's intermediate columns.
CHUNK_PAIRS = 1_000_000
# EM learns m from this many pairs per training rule, drawn uniformly within the rule's groups.
TRAINING_SAMPLE = 500_000
# Pairs below this probability are not kept: at 1M persons most candidates are namesakes.
KEEP_FLOOR = 1e-3


def score_all(canon: Canonical, *, link: bool, progress: Progress = _quiet, u_sample: int = 300_000,
              seed: int = 1, chunk: int = CHUNK_PAIRS, keep_floor: float = KEEP_FLOOR) -> Scored:
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    union, rules = blocking.candidate_pairs(canon, link=link, samples=dict.fromkeys(TRAINING_RULES, TRAINING_SAMPLE),
                                            seed=seed)
    a, b = blocking.decode(union, canon.size)
    del union
    seconds["block"] = time.perf_counter() - started
    progress(f"blocking: {a.size} candidate pairs from {len(rules)} rules")
    started = time.perf_counter()
    comparator = Comparator(canon)
    u = estimate_u(comparator, link=link, sample=u_sample, seed=seed)
    train_a, train_b, sessions = _training_pairs(rules, canon.size)
    levels, _, _ = comparator.levels(train_a, train_b)
    model = train(levels, u, sessions)
    del levels
    seconds["train"] = time.perf_counter() - started
    progress(f"training: m from {train_a.size} pairs; comparing and scoring")
    started = time.perf_counter()
    weights = np.empty(a.size, dtype=np.float64)
    for begin in range(0, a.size, chunk):
        part = slice(begin, begin + chunk)
        chunk_levels, tf_given, tf_family = comparator.levels(a[part], b[part])
        weights[part] = match_weight(model, chunk_levels, tf_given, tf_family)
    possible = canon.subset(0).size * canon.subset(1).size if link else canon.size * (canon.size - 1) // 2
    model.prior, model.match_share = calibrate_prior(weights, possible_pairs=possible,
                                                     start=canon.size / max(possible, 1))
    score = probability(model, weights)
    del weights
    keep = np.flatnonzero(score >= keep_floor)
    seconds["compare_score"] = time.perf_counter() - started
    progress(f"scoring: {keep.size} pairs with probability >= {keep_floor}")
    return Scored(canon=canon, a=a[keep], b=b[keep], score=score[keep], model=model, rules=rules, seconds=seconds,
                  candidates=int(a.size))


# Training rules and the fields each blocks on (see model.train).
TRAINING_RULES = {"dob": ("birth_date",), "name-keys-pair": ("given_name", "family_name")}


Session = tuple[npt.NDArray[np.bool_], tuple[str, ...]]


def _training_pairs(rules: list[blocking.RulePairs], n: int) -> tuple[IntArray, IntArray, list[Session]]:
    """The training rules' uniform within-group samples, one after the other, and each rule's mask."""
    chosen = [(r.sample, TRAINING_RULES[r.rule]) for r in rules if r.rule in TRAINING_RULES]
    pairs = np.concatenate([sample for sample, _ in chosen]) if chosen else np.zeros(0, dtype=np.int64)
    sessions, start = [], 0
    for sample, blocked in chosen:
        mask = np.zeros(pairs.size, dtype=bool)
        mask[start:start + sample.size] = True
        sessions.append((mask, blocked))
        start += sample.size
    a, b = blocking.decode(pairs, n)
    return a, b, sessions


# "korak": this module's numpy engine (the default: 1M persons in minutes on two cores);
# "splink": the same comparisons and model run by Splink on DuckDB (splink_engine), the path to
# Spark for registries that outgrow one machine.
ENGINES = ("korak", "splink")


def link(left: Sequence[Person], right: Sequence[Person], *, progress: Progress = _quiet,
         engine: str = "korak") -> Scored:
    progress(f"canonicalising {len(left)} + {len(right)} persons")
    return _score(canonicalise(left, right), link=True, progress=progress, engine=engine)


def dedupe(persons: Sequence[Person], *, progress: Progress = _quiet, engine: str = "korak") -> Scored:
    progress(f"canonicalising {len(persons)} persons")
    return _score(canonicalise(persons), link=False, progress=progress, engine=engine)


def _score(canon: Canonical, *, link: bool, progress: Progress, engine: str) -> Scored:
    if engine == "korak":
        return score_all(canon, link=link, progress=progress)
    if engine != "splink":
        raise ValueError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    from korak.identity.linkage import splink_engine

    found = splink_engine.score_with_splink(canon, link=link, progress=progress)
    settings = found.model.get("probability_two_random_records_match")
    prior = float(settings) if isinstance(settings, (int, float)) else Model().prior
    # Splink does not report its candidate pairs: the pairs it scored from PREDICT_FROM up stand in.
    return Scored(canon=canon, a=found.a, b=found.b, score=found.score, model=Model(prior=prior), rules=[],
                  seconds=found.seconds, candidates=int(found.a.size))


def clusters(n: int, a: IntArray, b: IntArray) -> IntArray:
    """Connected components of the pairs: a cluster id (its smallest row) per row."""
    parent = np.arange(n, dtype=np.int64)
    changed = True
    # Label propagation to the minimum over edges; converges in O(diameter) rounds.
    while changed:
        low = np.minimum(parent[a], parent[b])
        before = parent.copy()
        np.minimum.at(parent, a, low)
        np.minimum.at(parent, b, low)
        parent = parent[parent]
        changed = bool((parent != before).any())
    return parent


def mutual_best(a: IntArray, b: IntArray, score: FloatArray) -> npt.NDArray[np.bool_]:
    """Which pairs are the best of both their records (ties kept): for linking two lists, where
    each person stands for at most one record on the other side."""
    if a.size == 0:
        return np.zeros(0, dtype=bool)
    size = int(max(a.max(), b.max())) + 1
    best_a = np.full(size, -1.0)
    best_b = np.full(size, -1.0)
    np.maximum.at(best_a, a, score)
    np.maximum.at(best_b, b, score)
    result: npt.NDArray[np.bool_] = (score >= best_a[a]) & (score >= best_b[b])
    return result
