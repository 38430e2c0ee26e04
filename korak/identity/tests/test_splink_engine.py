"""Korak's model on Splink: the SQL levels equal compare.py's, the SQL is Spark SQL too, and a
small synthetic registry deduplicated through Splink finds its duplicates."""

import re

import numpy as np
import pytest
import sqlglot
from sqlglot import exp

from korak.identity.linkage import blocking, splink_engine, splink_sql, synthpair
from korak.identity.linkage.canonical import canonicalise
from korak.identity.linkage.compare import COMPARISONS, Comparator
from korak.identity.linkage.records import Person

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _levels(persons: list[Person], pairs: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    canon = canonicalise(persons)
    a = np.asarray([p[0] for p in pairs], dtype=np.int64)
    b = np.asarray([p[1] for p in pairs], dtype=np.int64)
    sql = splink_engine.comparison_levels(canon, a, b)
    numpy_levels, _, _ = Comparator(canon).levels(a, b)
    return sql, numpy_levels


def test_swapped_cyrillic_variant_and_placeholder_pairs_get_compare_py_levels() -> None:
    persons = [
        Person("1", "Mohammad", "Ahmadi", 1990, 5, 17, "M", "AF"),
        Person("2", "Ahmadi", "Mohammad", 1990, 5, 17, "M", "AF"),  # names swapped
        Person("3", "Јована", "Петровић", 1985, 3, 2, "F", "RS"),  # Cyrillic
        Person("4", "Jovana", "Petrović", 1985, 3, 2, "F", "RS"),  # the same in Latin
        Person("5", "Muhamed", "Ahmedi", 1990, 1, 1, "M", "AF"),  # variants, the 1 January placeholder
        Person("6", "Mohammad", "Ahmadi", 1990, 0, 0, "M", "IQ"),  # year only, other nationality
        Person("7", "Mohammad", "Ahmadi", 1990, 8, 21, "F", "AF"),  # another day and month, other sex
        Person("8", "Mohammad", "Ahmadi", 1990, 5, 18, "M", "AF"),  # one digit of the date differs
    ]
    pairs = [(0, 1), (2, 3), (0, 4), (0, 5), (4, 5), (0, 6), (0, 7)]
    sql, numpy_levels = _levels(persons, pairs)
    expected = [
        [5, 5, 6, 1, 1],  # swapped names meet exactly on the crossed alignment
        [5, 5, 6, 1, 1],  # Cyrillic and Latin spellings are the same canonical name
        [4, 4, 4, 1, 1],  # variant keys agree; placeholder date compatible with the full one
        [5, 5, 4, 1, 0],  # year only: compatible partial date
        [4, 4, 4, 1, 0],  # placeholder and year only: compatible; nationalities differ
        [5, 5, 1, 0, 1],  # same year only
        [5, 5, 3, 1, 1],  # one digit differs
    ]
    assert sql.tolist() == expected
    assert numpy_levels.tolist() == expected


def test_day_month_swap_and_year_off_by_one_with_partial_date() -> None:
    persons = [Person("1", "Ana", "Kovač", 1990, 5, 12), Person("2", "Ana", "Kovač", 1990, 12, 5),
               Person("3", "Ana", "Kovač", 1991, 0, 0), Person("4", "Ana", "Kovač", 1990, 5, 0)]
    sql, numpy_levels = _levels(persons, [(0, 1), (0, 2), (0, 3), (1, 2)])
    assert sql[:, 2].tolist() == [3, 2, 4, 2]
    assert numpy_levels[:, 2].tolist() == sql[:, 2].tolist()


def test_sql_levels_agree_with_compare_py_on_synth_pairs() -> None:
    rows, _ = synthpair.registry(1500, seed=11)
    canon = canonicalise(rows)
    union, _ = blocking.candidate_pairs(canon, link=False)
    a, b = blocking.decode(union, canon.size)
    rng = np.random.default_rng(3)
    pick = rng.choice(a.size, size=min(400, a.size), replace=False)
    random_a, random_b = rng.integers(0, canon.size, 200), rng.integers(0, canon.size, 200)
    a = np.r_[a[pick], random_a]
    b = np.r_[b[pick], random_b]
    sql = splink_engine.comparison_levels(canon, a, b)
    numpy_levels, _, _ = Comparator(canon).levels(a, b)
    same = (sql == numpy_levels).all(axis=1)
    differences = [(canon.given[a[i]], canon.family[a[i]], canon.given[b[i]], canon.family[b[i]],
                    sql[i].tolist(), numpy_levels[i].tolist()) for i in np.flatnonzero(~same)]
    assert same.mean() >= 0.99, differences
    # Every level of every comparison occurs, so the agreement is not only on "different".
    for column, (name, labels) in enumerate(COMPARISONS.items()):
        assert len(set(sql[:, column].tolist())) >= min(len(labels), 3), name


def _functions(sql: str) -> set[str]:
    tree = sqlglot.parse_one(sql, read="spark")
    names = {type(node).__name__.upper() for node in tree.find_all(exp.Func)
             if not isinstance(node, exp.Anonymous | exp.Case | exp.If | exp.Connector)}
    names |= {node.name.upper() for node in tree.find_all(exp.Anonymous)}
    return names


def test_every_condition_is_spark_sql_with_portable_functions() -> None:
    used: set[str] = set()
    for comparison in splink_sql.comparisons():
        for level in comparison.get_comparison("spark").comparison_levels:
            if level.sql_condition != "ELSE":
                used |= _functions(level.sql_condition)
    for _, rule in splink_sql.blocking_rules():
        used |= _functions(re.sub(r"\b([lr])\.", r"\1_", rule))
    # Splink registers jaro_winkler as a UDF on Spark; the rest is Spark SQL's own.
    assert used <= {"COALESCE", "JARO_WINKLER", "SUBSTRING", "ABS"}, used
    assert "JARO_WINKLER" in used


@pytest.fixture(scope="module")
def dedupe_run() -> tuple[splink_engine.SplinkScored, np.ndarray]:
    rows, clusters = synthpair.registry(1200, seed=5)
    canon = canonicalise(rows)
    scored = splink_engine.score_with_splink(canon, link=False, u_sample=100_000)
    truth = blocking.truth_pairs(clusters, side=canon.side, link=False)
    return scored, truth


def test_dedupe_through_splink_finds_the_duplicates(dedupe_run: tuple[splink_engine.SplinkScored, np.ndarray]
                                                    ) -> None:
    scored, truth = dedupe_run
    assert truth.size > 50
    a, b, _ = scored.above(0.7)
    found = a * scored.canon.size + b
    hits = np.isin(found, truth).sum()
    assert hits / truth.size > 0.85
    assert hits / max(found.size, 1) > 0.9
    assert (a < b).all()
    assert set(scored.model["comparisons"][0]["comparison_levels"][1]) >= {"m_probability", "u_probability"}


def test_blocking_report_counts_pairs_per_rule_and_recall() -> None:
    rows, clusters = synthpair.registry(800, seed=9)
    canon = canonicalise(rows)
    truth = blocking.truth_pairs(clusters, side=canon.side, link=False)
    report = splink_engine.blocking_report(canon, link=False, truth=truth)
    assert report[-1].rule == "union"
    assert report[-1].pairs == sum(row.pairs for row in report[:-1])
    assert report[-1].recall is not None and report[-1].recall > 0.9
    assert all(row.recall is not None and row.recall <= report[-1].recall for row in report[:-1])
    union, _ = blocking.candidate_pairs(canon, link=False)
    # Key positions beyond KEYS_PER_PERSON are left out, so Splink proposes at most numpy's pairs.
    assert report[-1].pairs <= union.size
