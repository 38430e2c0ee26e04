"""Korak's linkage model run by Splink: Python canonicalises (canonical.py, once per distinct
spelling), Splink blocks, compares, trains and predicts in SQL, so the same model can run on
Spark for registries that outgrow one machine.

The person table holds the canonical columns plus precomputed blocking keys: for each rule of
blocking.RULES, the same integer keys the numpy engine uses, with its group caps applied, and
at most KEYS_PER_PERSON of them per person (the least common first) in plain columns, because
unnesting arrays is spelt differently on every backend. Comparisons and rules are in
splink_sql. Training follows model.train: u from random pairs, m by EM on a date-blocked and a
name-blocked session, model.train's cap on the "different" level of m, and the prior from a
deterministic rule (Splink's estimate_probability_two_random_records_match). The result
indexes the Canonical rows like pipeline.Scored."""

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from korak.identity.linkage import blocking, splink_sql
from korak.identity.linkage.canonical import Canonical, IntArray
from korak.identity.linkage.compare import FloatArray

Progress = Callable[[str], None]
LevelArray = npt.NDArray[np.int8]

# DuckDB on this machine: two cores shared, and 1M persons must stay under 4 GiB.
THREADS = 2
MEMORY_LIMIT = "3GB"
TEMP_DIRECTORY = Path("var") / "splink-tmp"
# Pairs below this match probability are not returned (the review queue starts at 0.3).
PREDICT_FROM = 0.01
U_SAMPLE_PAIRS = 1_000_000
# EM sees at most about this many pairs per session (Splink samples records to get there).
EM_MAX_PAIRS = 2_000_000
PRIOR_RECALL = 0.7

# Person table column → the blocking.RULES rule whose keys it holds.
KEY_RULES = {"np": "name-keys-pair", "nyi": "name-key+year+initial", "ni": "name-key+initial",
             "pym": "prefixes+year-month", "dob": "dob"}


def _quiet(_: str) -> None:
    return None


def _least_common(columns: blocking.KeyColumns, *, n: int, cap: int, width: int) -> IntArray:
    """Each person's keys that at least one other person shares and at most `cap` persons hold,
    the least common first: an (n, width) table, -1 where none."""
    table = np.full((n, width), -1, dtype=np.int64)
    if columns.rows.size == 0:
        return table
    order = np.lexsort((columns.rows, columns.keys))
    keys, rows = columns.keys[order], columns.rows[order]
    distinct = np.r_[True, (keys[1:] != keys[:-1]) | (rows[1:] != rows[:-1])]
    keys, rows = keys[distinct], rows[distinct]
    _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
    size = counts[inverse]
    keep = (size >= 2) & (size <= cap)
    keys, rows, size = keys[keep], rows[keep], size[keep]
    order = np.lexsort((keys, size, rows))
    keys, rows = keys[order], rows[order]
    starts = np.r_[True, rows[1:] != rows[:-1]]
    first = np.maximum.accumulate(np.where(starts, np.arange(rows.size), 0))
    rank = np.arange(rows.size) - first
    chosen = rank < width
    table[rows[chosen], rank[chosen]] = keys[chosen]
    return table


def _key_columns(canon: Canonical) -> dict[str, IntArray]:
    prepared = blocking._Prepared(canon)
    result: dict[str, IntArray] = {}
    for prefix, rule in KEY_RULES.items():
        # Splink pairs whole groups: up to MAX_GROUP persons a key, or the rule's own limit where
        # the numpy engine drops big groups rather than windowing them.
        limit = blocking.RULE_LIMITS[rule]
        cap = limit.full if limit.window == 0 else blocking.MAX_GROUP
        single = prefix in {"pym", "dob"}
        table = _least_common(blocking.RULES[rule](prepared), n=canon.size, cap=cap,
                              width=1 if single else splink_sql.KEYS_PER_PERSON)
        if single:
            result[prefix] = table[:, 0]
        else:
            for position in range(table.shape[1]):
                result[f"{prefix}{position + 1}"] = table[:, position]
    return result


def _name_key_columns(keys: list[str], prefix: str) -> dict[str, list[str | None]]:
    """The first three match keys of one name field, None where absent (compare.py's overlap)."""
    split = [value.split()[:3] for value in keys]
    return {f"{prefix}{i + 1}": [parts[i] if len(parts) > i else None for parts in split] for i in range(3)}


def person_table(canon: Canonical, rows: IntArray, keys: dict[str, IntArray] | None = None) -> Any:
    """The canonical columns of `rows` as an Arrow table (unique_id = the Canonical row); `keys`
    are the blocking key columns of every Canonical row (computed when not given)."""
    import pyarrow as pa  # type: ignore[import-untyped]

    picked = rows.tolist()
    year, month, day = canon.year[rows], canon.month[rows], canon.day[rows]
    full = (day > 0) & ~((month == 1) & (day == 1))
    known_month = np.where(full | ((day == 0) & (month > 0)), month, 0)
    keys = keys if keys is not None else _key_columns(canon)

    def text(values: list[str]) -> list[str | None]:
        return [values[i] or None for i in picked]

    def initial(values: list[str]) -> list[str | None]:
        return [values[i][0] if values[i] else None for i in picked]

    def key(column: IntArray) -> Any:
        return pa.array(column[rows], mask=column[rows] < 0)

    swapped = year * 10_000 + day * 100 + month
    columns: dict[str, Any] = {
        "unique_id": pa.array(rows), "given": text(canon.given), "family": text(canon.family),
        "given_keys": [canon.given_keys[i] for i in picked], "family_keys": [canon.family_keys[i] for i in picked],
        **_name_key_columns([canon.given_keys[i] for i in picked], "gk"),
        **_name_key_columns([canon.family_keys[i] for i in picked], "fk"),
        "g_initial": initial(canon.given), "f_initial": initial(canon.family),
        "year": pa.array(year, mask=year == 0), "month": pa.array(month), "day": pa.array(day),
        "full_date": pa.array(full.astype(np.int8)), "mk": pa.array(known_month),
        "ymd": [f"{y:04d}{m:02d}{d:02d}" for y, m, d in zip(year.tolist(), month.tolist(), day.tolist(), strict=True)],
        "dob_swapped": pa.array(swapped, mask=~full),
        "sex": pa.array(canon.sex[rows].astype(np.int64), mask=canon.sex[rows] == 0),
        "nationality": pa.array(canon.nationality[rows], mask=canon.nationality[rows] < 0),
    }
    columns.update({name: key(column) for name, column in keys.items()})
    return pa.table(columns)


def connect(temp_directory: Path = TEMP_DIRECTORY) -> Any:
    import duckdb

    temp_directory.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(f"SET threads = {THREADS}")
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    con.execute("SET temp_directory = ?", [str(temp_directory)])
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    return con


def _inputs(db_api: Any, canon: Canonical, *, link: bool) -> list[Any]:
    keys = _key_columns(canon)
    if link:
        return [db_api.register(person_table(canon, canon.subset(side), keys), dataset_display_name=name)
                for side, name in ((0, "left_persons"), (1, "right_persons"))]
    return [db_api.register(person_table(canon, np.arange(canon.size, dtype=np.int64), keys),
                            dataset_display_name="persons")]


def build_linker(canon: Canonical, *, link: bool, con: Any | None = None) -> Any:
    """A Splink Linker over the canonical person table(s), with Korak's comparisons and rules."""
    import logging

    from splink import DuckDBAPI, SettingsCreator
    from splink.blocking_rule_library import CustomRule

    logging.getLogger("splink").setLevel(logging.WARNING)
    db_api = DuckDBAPI(connection=con if con is not None else connect())
    settings = SettingsCreator(
        link_type="link_only" if link else "dedupe_only",
        blocking_rules_to_generate_predictions=[CustomRule(sql, sql_dialect="duckdb")
                                                for _, sql in splink_sql.blocking_rules()],
        comparisons=splink_sql.comparisons(), retain_matching_columns=False,
        retain_intermediate_calculation_columns=False)
    return _linker(_inputs(db_api, canon, link=link), settings)


def _linker(inputs: list[Any], settings: Any) -> Any:
    from splink import Linker

    # The settings are fixed and tested; validating them re-parses every level (seconds).
    return Linker(inputs, settings, log_level=None, validate_settings=False)


def bound_different(model: dict[str, Any]) -> dict[str, Any]:
    """model.train's cap on the "different" level of m (see model._bound): EM's match class
    otherwise absorbs namesakes and learns that a match's birth dates may disagree completely.
    Applied to Splink's saved model; the other levels' m are scaled to sum to one again."""
    from korak.identity.linkage.model import _M_PRIOR, DIFFERENT_CAP

    for comparison in model["comparisons"]:
        levels = [level for level in comparison["comparison_levels"] if not level.get("is_null_level")]
        cap = DIFFERENT_CAP * _M_PRIOR[comparison["output_column_name"]][0]
        different = levels[-1]
        m = different.get("m_probability")
        if m is None or m <= cap:
            continue
        rest = sum(level["m_probability"] for level in levels[:-1])
        for level in levels[:-1]:
            level["m_probability"] *= (1 - cap) / rest
        different["m_probability"] = cap
    return model


def train(linker: Any, *, u_sample: float = U_SAMPLE_PAIRS, seed: int = 1) -> None:
    from splink.blocking_rule_library import CustomRule

    def prior() -> None:
        linker.training.estimate_probability_two_random_records_match(
            [CustomRule(sql, sql_dialect="duckdb") for sql in splink_sql.DETERMINISTIC_RULES], recall=PRIOR_RECALL)

    prior()
    linker.training.estimate_u_using_random_sampling(max_pairs=u_sample, seed=seed)
    for sql in splink_sql.TRAINING_RULES:
        # Each session starts from the match share the one before found (measured: FEBRL3 best
        # F1 .946 → .956), like model.train's sessions starting from trained m.
        linker.training.estimate_parameters_using_expectation_maximisation(
            CustomRule(sql, sql_dialect="duckdb"), estimate_without_term_frequencies=True,
            populate_probability_two_random_records_match_from_trained_values=True, max_pairs=EM_MAX_PAIRS)
    # The sessions' share among blocked pairs overstates the prior of a random pair: estimate it
    # again from the deterministic rule, so the operating threshold keeps its meaning.
    prior()


@dataclass
class SplinkScored:
    """Scored pairs from PREDICT_FROM up; a and b index `canon` (a is the left row when linking,
    the smaller row when deduplicating), like pipeline.Scored."""

    canon: Canonical
    a: IntArray
    b: IntArray
    score: FloatArray
    model: dict[str, Any]
    seconds: dict[str, float] = field(default_factory=dict)

    def above(self, threshold: float) -> tuple[IntArray, IntArray, FloatArray]:
        keep = self.score >= threshold
        return self.a[keep], self.b[keep], self.score[keep]


def score_with_splink(canon: Canonical, *, link: bool, progress: Progress = _quiet, u_sample: float = U_SAMPLE_PAIRS,
                      seed: int = 1, con: Any | None = None, cap_different: bool = True) -> SplinkScored:
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    linker = build_linker(canon, link=link, con=con)
    seconds["table"] = time.perf_counter() - started
    progress("splink: training (prior, u by random sampling, m by EM)")
    started = time.perf_counter()
    train(linker, u_sample=u_sample, seed=seed)
    seconds["train"] = time.perf_counter() - started
    model: dict[str, Any] = linker.misc.save_model_to_json()
    if cap_different:
        # A new Linker on the same registered tables with the capped parameters.
        model = bound_different(model)
        linker = _linker(list(linker._input_tables_dict.values()), model)
    progress("splink: predicting")
    started = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=PREDICT_FROM)
    result = predictions.as_duckdbpyrelation().select("unique_id_l, unique_id_r, match_probability").fetchnumpy()
    seconds["predict"] = time.perf_counter() - started
    a = np.asarray(result["unique_id_l"], dtype=np.int64)
    b = np.asarray(result["unique_id_r"], dtype=np.int64)
    if link:
        left_first = canon.side[a] == 0
        a, b = np.where(left_first, a, b), np.where(left_first, b, a)
    else:
        a, b = np.minimum(a, b), np.maximum(a, b)
    return SplinkScored(canon=canon, a=a, b=b, score=np.asarray(result["match_probability"], dtype=np.float64),
                        model=model, seconds=seconds)


@dataclass(frozen=True)
class RuleCount:
    rule: str
    sql: str
    pairs: int  # pairs this rule adds to the rules before it
    recall: float | None  # share of the true pairs this rule finds on its own


def blocking_report(canon: Canonical, *, link: bool, truth: IntArray | None = None,
                    con: Any | None = None) -> list[RuleCount]:
    """Pairs per rule (Splink's count_comparisons_from_blocking_rules, exact counts) and, given
    true pairs encoded a * n + b, each rule's recall and the union's (the last row)."""
    from splink import DuckDBAPI
    from splink.blocking_analysis import count_comparisons_from_blocking_rules
    from splink.blocking_rule_library import CustomRule

    con = con if con is not None else connect()
    db_api = DuckDBAPI(connection=con)
    inputs = _inputs(db_api, canon, link=link)
    rules = splink_sql.blocking_rules()
    counted = count_comparisons_from_blocking_rules(
        inputs, blocking_rules=[CustomRule(sql, sql_dialect="duckdb") for _, sql in rules],
        link_type="link_only" if link else "dedupe_only", record_sample_proportion=1.0)
    recalls: list[float | None] = [None] * (len(rules) + 1)
    if truth is not None and truth.size:
        recalls = _recalls(con, canon, truth, [sql for _, sql in rules])
    rows = [RuleCount(name, sql, int(record["marginal_comparison_count"]), recall)
            for (name, sql), record, recall in zip(rules, counted, recalls, strict=False)]
    total = int(counted[-1]["cumulative_comparison_count"]) if counted else 0
    rows.append(RuleCount("union", "", total, recalls[-1]))
    return rows


def _mirrored(sql: str) -> str:
    """The rule with l and r exchanged (a dedupe pair's l is whichever Splink put first)."""
    return re.sub(r"\b([lr])\.", lambda found: "r." if found.group(1) == "l" else "l.", sql)


def _recalls(con: Any, canon: Canonical, truth: IntArray, rules: list[str]) -> list[float | None]:
    """Evaluate each rule's SQL on the true pairs themselves (either orientation when deduplicating)."""
    import pyarrow as pa

    persons = person_table(canon, np.arange(canon.size, dtype=np.int64))
    pairs = pa.table({"a": truth // canon.size, "b": truth % canon.size})
    con.register("korak_truth_persons", persons)
    con.register("korak_truth_pairs", pairs)
    found = [f"COALESCE(({sql}) OR ({_mirrored(sql)}), false)" for sql in rules]
    select = ", ".join(f"AVG(CASE WHEN {condition} THEN 1.0 ELSE 0.0 END)" for condition in found)
    union = " OR ".join(found)
    query = f"SELECT {select}, AVG(CASE WHEN {union} THEN 1.0 ELSE 0.0 END) "
    row = con.execute(query + "FROM korak_truth_pairs p JOIN korak_truth_persons l ON l.unique_id = p.a "
                      "JOIN korak_truth_persons r ON r.unique_id = p.b").fetchall()[0]
    con.unregister("korak_truth_persons")
    con.unregister("korak_truth_pairs")
    return [float(value) for value in row]


def comparison_levels(canon: Canonical, a: IntArray, b: IntArray, *, con: Any | None = None) -> LevelArray:
    """Splink's gamma values of the given pairs, one column per comparison in compare.COMPARISONS
    order, computed by the CASE statements Splink itself runs (for parity with compare.py)."""
    import pyarrow as pa

    con = con if con is not None else connect()
    persons = person_table(canon, np.arange(canon.size, dtype=np.int64))
    con.register("korak_level_persons", persons)
    con.register("korak_level_pairs", pa.table({"pair": np.arange(a.size), "a": a, "b": b}))
    names = [name for name in persons.column_names]
    suffixed = ", ".join([f"l.{c} AS {c}_l" for c in names] + [f"r.{c} AS {c}_r" for c in names])
    cases = ", ".join("CASE " + " ".join(level._when_then_comparison_vector_value_sql
                                         for level in c.get_comparison("duckdb").comparison_levels) + " END"
                      for c in splink_sql.comparisons())
    joined = ("korak_level_pairs p JOIN korak_level_persons l ON l.unique_id = p.a "
              "JOIN korak_level_persons r ON r.unique_id = p.b")
    sql = f"WITH pairs AS (SELECT p.pair, {suffixed} FROM {joined}) SELECT {cases} FROM pairs ORDER BY pair"  # noqa: S608  # nosec B608
    result = con.execute(sql).fetchnumpy()
    con.unregister("korak_level_persons")
    con.unregister("korak_level_pairs")
    return np.stack([np.asarray(column, dtype=np.int8) for column in result.values()], axis=1) \
        if result else np.zeros((0, 5), dtype=np.int8)
