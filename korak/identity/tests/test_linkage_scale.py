"""Batch linkage at scale: blocking windows for big groups, per-rule recall, chunked scoring,
and the prior fitted to the candidates (calibration where namesakes abound)."""

import numpy as np
import pytest

from korak.identity import bench
from korak.identity.linkage import LINK_THRESHOLD, blocking, pipeline
from korak.identity.linkage.canonical import canonicalise
from korak.identity.linkage.model import calibrate_prior
from korak.identity.linkage.records import Person
from korak.identity.linkage.synthpair import registry


@pytest.fixture(scope="module")
def small_registry() -> tuple[list[Person], list[str]]:
    return registry(3000, seed=3)


def test_every_rule_reports_pairs_and_recall_and_the_union_finds_nearly_all(
        small_registry: tuple[list[Person], list[str]]) -> None:
    persons, clusters = small_registry
    canon = canonicalise(persons)
    union, per_rule = blocking.candidate_pairs(canon, link=False)
    truth = blocking.truth_pairs(clusters, side=canon.side, link=False)
    rows = {row.rule: row for row in blocking.report(union, per_rule, truth)}
    assert set(rows) == {*blocking.RULES, "union"}
    assert all(rows[rule].pairs > 0 and 0.2 < rows[rule].recall <= 1.0 for rule in blocking.RULES)
    assert rows["union"].recall >= 0.97
    # The union is smaller than the rules' sum (they overlap) and far below all pairs.
    assert rows["union"].pairs < sum(rows[rule].pairs for rule in blocking.RULES)
    assert rows["union"].pairs < 0.02 * len(persons) ** 2 / 2


def test_a_group_bigger_than_its_limit_is_paired_by_birth_date_neighbours_only() -> None:
    # 200 namesakes born on 200 different days: all pairs would be 19,900.
    persons = [Person(id=str(i), given_name="Muhamed", family_name="Ahmadi", year=1950 + i // 4, month=1 + i % 4,
                      day=10) for i in range(200)]
    canon = canonicalise(persons)
    limit = blocking.RULE_LIMITS["name-keys-pair"]
    _, (rule,) = blocking.candidate_pairs(canon, link=False, rules=("name-keys-pair",))
    assert rule.windowed_keys == 1 and rule.dropped_keys == 0
    assert rule.pairs.size == sum(min(limit.window, 199 - p) for p in range(200))
    a, b = blocking.decode(rule.pairs, canon.size)
    # Each person meets the ones born just before and after: rows are in date order here.
    assert int(np.abs(a - b).max()) == limit.window
    small = persons[:limit.full]
    _, (whole,) = blocking.candidate_pairs(canonicalise(small), link=False, rules=("name-keys-pair",))
    assert whole.pairs.size == len(small) * (len(small) - 1) // 2 and whole.windowed_keys == 0


def test_chunked_scoring_gives_the_same_pairs_and_scores_as_unchunked(
        small_registry: tuple[list[Person], list[str]]) -> None:
    persons, _ = small_registry
    canon = canonicalise(persons)
    whole = pipeline.score_all(canon, link=False, chunk=10**9)
    chunked = pipeline.score_all(canon, link=False, chunk=997)
    assert np.array_equal(whole.a, chunked.a) and np.array_equal(whole.b, chunked.b)
    assert np.allclose(whole.score, chunked.score, rtol=0, atol=1e-12)
    assert whole.model.prior == pytest.approx(chunked.model.prior, rel=1e-9)


def test_the_prior_is_the_expected_share_of_matches_among_all_possible_pairs() -> None:
    # 50 certain matches (2^25 : 1) and 5,000 uninformative candidates (1 : 1) among 10^6 pairs:
    # the candidates alone hold about 50 matches, so the prior is about 5e-5, not 1%.
    weights = np.r_[np.full(50, 25.0), np.zeros(5000)]
    prior, share = calibrate_prior(weights, possible_pairs=1_000_000, start=0.01)
    assert prior == pytest.approx(50 / (1_000_000 - 5000), rel=0.02)
    assert share == pytest.approx(50 / 5050, rel=0.02)
    # Twice the possible pairs, same candidates: half the prior (namesakes grow with the registry).
    bigger, _ = calibrate_prior(weights, possible_pairs=2_000_000, start=0.01)
    assert bigger == pytest.approx(prior / 2, rel=0.02)


def test_f1_at_the_operating_threshold_is_close_to_the_best(small_registry: tuple[list[Person], list[str]]) -> None:
    persons, clusters = small_registry
    scored = pipeline.dedupe(persons)
    truth = blocking.truth_pairs(clusters, side=scored.canon.side, link=False)
    measured = bench.scores(scored.a * scored.canon.size + scored.b, scored.score, truth, LINK_THRESHOLD)
    assert measured["best"]["f1"] > 0.9
    assert measured["operating"]["f1"] > measured["best"]["f1"] - 0.02
    assert scored.score.min() >= pipeline.KEEP_FLOOR


def test_training_pairs_are_drawn_from_whole_groups_not_from_the_date_window() -> None:
    persons = [Person(id=str(i), given_name="Muhamed", family_name="Ahmadi", year=1950 + i // 4, month=1 + i % 4,
                      day=10) for i in range(200)]
    canon = canonicalise(persons)
    _, (rule,) = blocking.candidate_pairs(canon, link=False, rules=("name-keys-pair",),
                                          samples={"name-keys-pair": 2000})
    a, b = blocking.decode(rule.sample, canon.size)
    assert rule.sample.size > 1500 and bool((a < b).all())
    # The window pairs rows at most `window` apart (rows are in date order); the sample reaches across the group.
    assert float(np.mean(np.abs(a - b) > blocking.RULE_LIMITS["name-keys-pair"].window)) > 0.8
