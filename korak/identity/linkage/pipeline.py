"""Link two person lists, or deduplicate one: canonicalise → block → compare → train → score."""

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from korak.identity.linkage import LINK_THRESHOLD, blocking
from korak.identity.linkage.canonical import Canonical, IntArray, canonicalise
from korak.identity.linkage.compare import Comparator, FloatArray
from korak.identity.linkage.model import Model, estimate_u, match_weight, probability, train
from korak.identity.linkage.records import Person

OPERATING_THRESHOLD = LINK_THRESHOLD
Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


@dataclass
class Scored:
    """Every candidate pair with its probability; a and b index `canon` (a is the left row when linking)."""

    canon: Canonical
    a: IntArray
    b: IntArray
    score: FloatArray
    model: Model
    rules: list[blocking.RulePairs]
    seconds: dict[str, float] = field(default_factory=dict)

    def above(self, threshold: float) -> tuple[IntArray, IntArray, FloatArray]:
        keep = self.score >= threshold
        return self.a[keep], self.b[keep], self.score[keep]


def score_all(canon: Canonical, *, link: bool, progress: Progress = _quiet, u_sample: int = 300_000,
              seed: int = 1) -> Scored:
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    union, rules = blocking.candidate_pairs(canon, link=link)
    a, b = blocking.decode(union, canon.size)
    seconds["block"] = time.perf_counter() - started
    progress(f"blocking: {a.size} candidate pairs from {len(rules)} rules")
    started = time.perf_counter()
    comparator = Comparator(canon)
    u = estimate_u(comparator, link=link, sample=u_sample, seed=seed)
    levels, tf_given, tf_family = comparator.levels(a, b)
    seconds["compare"] = time.perf_counter() - started
    progress("comparing: done; training the model")
    started = time.perf_counter()
    possible = canon.subset(0).size * canon.subset(1).size if link else canon.size * (canon.size - 1) // 2
    model = train(levels, u, _sessions(union, rules), possible_pairs=possible)
    score = probability(model, match_weight(model, levels, tf_given, tf_family))
    seconds["train_score"] = time.perf_counter() - started
    return Scored(canon=canon, a=a, b=b, score=score, model=model, rules=rules, seconds=seconds)


# Training rules and the fields each blocks on (see model.train).
TRAINING_RULES = {"dob": ("birth_date",), "name-keys-pair": ("given_name", "family_name")}


def _sessions(union: IntArray, rules: list[blocking.RulePairs]) -> list[tuple[np.ndarray, tuple[str, ...]]]:
    by_name = {r.rule: r.pairs for r in rules}
    return [(np.isin(union, by_name[name], assume_unique=True), blocked)
            for name, blocked in TRAINING_RULES.items() if name in by_name]


def link(left: Sequence[Person], right: Sequence[Person], *, progress: Progress = _quiet) -> Scored:
    progress(f"canonicalising {len(left)} + {len(right)} persons")
    return score_all(canonicalise(left, right), link=True, progress=progress)


def dedupe(persons: Sequence[Person], *, progress: Progress = _quiet) -> Scored:
    progress(f"canonicalising {len(persons)} persons")
    return score_all(canonicalise(persons), link=False, progress=progress)


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
