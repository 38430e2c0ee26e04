"""Fellegi-Sunter scoring, trained without labels.

u (how often two *different* persons agree at each level) comes from random pairs, as in
Splink's `estimate_u_using_random_sampling`; m (how often the *same* person agrees) and
from expectation-maximisation over the candidate pairs of the training rules with u held
fixed. A name agreement is weighed by how common the name is (term-frequency adjustment, on
the exact level by spelling and on the "keys agree" level by match key): two "Mohammad"
agree less than two "Zlatibor". The prior (the probability that two random persons match)
is then fitted to the candidates: the expected number of matches among all possible pairs
must equal the sum of the candidates' posteriors (`calibrate_prior`), so a registry where
namesakes abound gets a smaller prior instead of a higher threshold. The score written out
is the posterior match probability."""

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from korak.identity.linkage.canonical import IntArray
from korak.identity.linkage.compare import COMPARISONS, Comparator, FloatArray, LevelArray

BoolMask = npt.NDArray[np.bool_]

_M_PRIOR = {
    "given_name": [0.02, 0.03, 0.05, 0.05, 0.15, 0.70],
    "family_name": [0.02, 0.03, 0.05, 0.05, 0.15, 0.70],
    "birth_date": [0.02, 0.03, 0.05, 0.10, 0.05, 0.05, 0.70],
    "sex": [0.05, 0.95],
    "nationality": [0.10, 0.90],
}
_U_PRIOR = {
    "given_name": [0.8845, 0.1, 0.01, 0.001, 0.003, 0.0015],
    "family_name": [0.8845, 0.1, 0.01, 0.001, 0.003, 0.0015],
    "birth_date": [0.97766, 0.015, 0.002, 0.0005, 0.005, 0.0008, 0.00004],
    "sex": [0.5, 0.5],
    "nationality": [0.8, 0.2],
}
# Pseudo-counts of the priors: small inputs (a list of twenty persons) lean on them, large ones
# are dominated by what they measure.
M_PSEUDO_PAIRS = 300.0
U_PSEUDO_PAIRS = 2_000.0
_SMOOTH = 1e-6
TF_ADJUST_RANGE = (-4.0, 4.0)


@dataclass
class Model:
    m: dict[str, FloatArray] = field(default_factory=dict)
    u: dict[str, FloatArray] = field(default_factory=dict)
    match_share: float = 0.01  # expected share of matches among the candidate pairs
    prior: float = 1e-4  # probability that two random persons match (see calibrate_prior)
    iterations: int = 0

    def weight_table(self) -> dict[str, list[float]]:
        return {name: np.log2(self.m[name] / self.u[name]).round(3).tolist() for name in COMPARISONS}


def _distribution(levels: LevelArray, prior: list[float]) -> FloatArray:
    known = levels[levels >= 0]
    counts = np.bincount(known.astype(np.int64), minlength=len(prior)).astype(np.float64)
    counts += U_PSEUDO_PAIRS * np.asarray(prior)
    result: FloatArray = counts / counts.sum()
    return result


def random_pairs(n_left: IntArray, n_right: IntArray, *, count: int, seed: int) -> tuple[IntArray, IntArray]:
    """Random pairs of distinct rows: one from each index array."""
    rng = np.random.default_rng(seed)
    a = n_left[rng.integers(0, n_left.size, size=count)]
    b = n_right[rng.integers(0, n_right.size, size=count)]
    distinct = a != b
    return a[distinct], b[distinct]


def estimate_u(comparator: Comparator, *, link: bool, sample: int = 1_000_000, seed: int = 1) -> dict[str, FloatArray]:
    c = comparator.canon
    left = c.subset(0) if link else np.arange(c.size, dtype=np.int64)
    right = c.subset(1) if link else left
    a, b = random_pairs(left, right, count=min(sample, left.size * right.size), seed=seed)
    levels, _, _ = comparator.levels(a, b)
    return {name: _distribution(levels[:, k], _U_PRIOR[name]) for k, name in enumerate(COMPARISONS)}


def _log_table(table: dict[str, FloatArray], fields: tuple[str, ...]) -> FloatArray:
    """log probabilities by (field, level + 1): column 0 (level -1, unknown) and fields left out are 0."""
    width = max(len(labels) for labels in COMPARISONS.values()) + 1
    result = np.zeros((len(COMPARISONS), width), dtype=np.float64)
    for k, name in enumerate(COMPARISONS):
        if name in fields:
            result[k, 1:len(table[name]) + 1] = np.log(table[name])
    return result


def _log_bayes(levels: LevelArray, table: dict[str, FloatArray], fields: tuple[str, ...] = tuple(COMPARISONS)) \
        -> FloatArray:
    logs = _log_table(table, fields)
    total = np.zeros(levels.shape[0], dtype=np.float64)
    for k in range(len(COMPARISONS)):
        total += logs[k, levels[:, k].astype(np.intp) + 1]
    return total


def _posterior(levels: LevelArray, m: dict[str, FloatArray], u: dict[str, FloatArray], share: float,
               fields: tuple[str, ...]) -> FloatArray:
    log_odds = _log_bayes(levels, m, fields) - _log_bayes(levels, u, fields) + np.log(share / (1 - share))
    result: FloatArray = 1.0 / (1.0 + np.exp(-np.clip(log_odds, -700, 700)))
    return result


def _patterns(levels: LevelArray) -> tuple[LevelArray, FloatArray]:
    """The distinct agreement patterns among the pairs and how many pairs have each: EM over a few
    thousand patterns instead of every pair (the likelihood depends on the pattern only)."""
    code = np.zeros(levels.shape[0], dtype=np.int64)
    for k in range(levels.shape[1]):
        code = code * 16 + (levels[:, k].astype(np.int64) + 1)
    unique, first, counts = np.unique(code, return_index=True, return_counts=True)
    del unique
    return levels[first], counts.astype(np.float64)


def _em_session(levels: LevelArray, m: dict[str, FloatArray], u: dict[str, FloatArray], *, fields: tuple[str, ...],
                iterations: int, tolerance: float) -> tuple[dict[str, FloatArray], float, int]:
    """EM over the pairs of one blocking rule: the fields the rule blocked on are left out, because
    among its pairs they agree by construction (Splink trains the same way, one rule per session)."""
    m = dict(m)
    patterns, counts = _patterns(levels)
    share = 0.1
    done = 0
    for done in range(1, iterations + 1):  # noqa: B007 (the count is reported)
        posterior = _posterior(patterns, m, u, share, fields) * counts
        share = float(np.clip(posterior.sum() / counts.sum(), 1e-6, 1 - 1e-6))
        change = 0.0
        for k, (name, labels) in enumerate(COMPARISONS.items()):
            if name not in fields:
                continue
            column = patterns[:, k]
            known = column >= 0
            sums = np.bincount(column[known].astype(np.int64), weights=posterior[known],
                               minlength=len(labels)).astype(np.float64)
            sums += M_PSEUDO_PAIRS * np.asarray(_M_PRIOR[name]) + _SMOOTH
            new = sums / sums.sum()
            change = max(change, float(np.abs(new - m[name]).max()))
            m[name] = new
        if change < tolerance:
            break
    return m, share, done


# At most this multiple of the prior share of true matches may disagree completely on a field.
DIFFERENT_CAP = 2.0


# Names are learnt from pairs that share a birth date, where namesakes are rare: their m is left as
# EM finds it (FEBRL's typos make completely different names among true matches common).
UNBOUNDED = ("given_name", "family_name")


def _bound(m: FloatArray, prior: FloatArray) -> FloatArray:
    """Cap the "different" level of m. EM's match class otherwise absorbs namesakes (small name
    pools make two different Mohammad Ahmadi common) and learns that a match's birth dates may
    disagree completely a quarter of the time, which lets every namesake through."""
    capped = m.copy()
    cap = DIFFERENT_CAP * prior[0]
    if capped[0] > cap:
        rest = capped[1:].sum()
        capped[0] = cap
        capped[1:] *= (1 - cap) / rest
    return capped


def train(levels: LevelArray, u: dict[str, FloatArray], sessions: list[tuple[BoolMask, tuple[str, ...]]], *,
          iterations: int = 25, tolerance: float = 1e-5) -> Model:
    """m from one EM session per training rule (each estimates the fields its rule did not block on,
    averaged where two estimate the same field). The prior is set later, by `calibrate_prior`."""
    start = {name: np.asarray(_M_PRIOR[name], dtype=np.float64) for name in COMPARISONS}
    estimates: dict[str, list[FloatArray]] = {name: [] for name in COMPARISONS}
    done = 0
    for mask, blocked in sessions:
        fields = tuple(name for name in COMPARISONS if name not in blocked)
        if not mask.any():
            continue
        m, _, steps = _em_session(levels[mask], start, u, fields=fields, iterations=iterations, tolerance=tolerance)
        done += steps
        for name in fields:
            estimates[name].append(m[name])
    m = {name: (np.mean(found, axis=0) if name in UNBOUNDED else _bound(np.mean(found, axis=0), start[name]))
         if found else start[name] for name, found in estimates.items()}
    return Model(m=m, u=u, iterations=done)


def calibrate_prior(weights: FloatArray, *, possible_pairs: int, start: float, iterations: int = 100,
                    tolerance: float = 1e-4) -> tuple[float, float]:
    """EM for the prior alone, m and u fixed: the prior of a random pair is the expected number of
    matches (the candidates' summed posteriors; pairs blocking did not propose count as non-matches)
    over all possible pairs. Returns (prior, share of matches among the candidates).

    Scoring candidates with a prior learnt *among candidates* (they are already enriched for
    agreement) would double-count the evidence and let namesakes through at scale."""
    possible = max(float(possible_pairs), 1.0)
    prior = float(np.clip(start, 1e-15, 0.5))
    expected = 0.0
    for _ in range(iterations):
        log_odds = np.log2(prior / (1 - prior))
        expected = float((1.0 / (1.0 + np.exp2(-(weights + log_odds)))).sum())
        updated = float(np.clip(expected / possible, 1e-15, 0.5))
        if abs(np.log(updated / prior)) < tolerance:
            prior = updated
            break
        prior = updated
    return prior, expected / max(weights.size, 1)


def match_weight(model: Model, levels: LevelArray, tf_given: FloatArray, tf_family: FloatArray) -> FloatArray:
    """Log2 Bayes factor of each pair, with the term-frequency adjustment where a name agrees: the
    level's u (an average over all names) is replaced by the frequency of the agreeing value."""
    weight: FloatArray = (_log_bayes(levels, model.m) - _log_bayes(levels, model.u)) / np.log(2)
    for k, tf in ((0, tf_given), (1, tf_family)):
        agreeing = np.flatnonzero(tf > 0)
        name = list(COMPARISONS)[k]
        u_level = model.u[name][levels[agreeing, k]]
        weight[agreeing] += np.clip(np.log2(u_level / tf[agreeing]), *TF_ADJUST_RANGE)
    return weight


def probability(model: Model, weight: FloatArray) -> FloatArray:
    prior = np.log2(model.prior / (1 - model.prior))
    result: FloatArray = 1.0 / (1.0 + np.exp2(-(weight + prior)))
    return result
