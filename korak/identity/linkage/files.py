"""The file verbs' work, without argparse: read, link or deduplicate, write the pair list."""

import csv
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from korak.identity.linkage import BEST_MATCH_THRESHOLD, LINK_THRESHOLD, pipeline
from korak.identity.linkage.records import LinkageInputError, read_persons


def progress_printer(quiet: bool) -> pipeline.Progress:
    started = time.perf_counter()

    def say(message: str) -> None:
        if not quiet:
            print(f"[{time.perf_counter() - started:6.1f}s] {message}", file=sys.stderr, flush=True)

    return say


@dataclass
class Outcome:
    summary: dict[str, Any]


def _check_threshold(threshold: float) -> None:
    if not 0.0 <= threshold <= 1.0:
        raise LinkageInputError("--threshold must be between 0 and 1")


def _write(path: Path, header: tuple[str, str, str], rows: list[tuple[str, str, float]]) -> None:
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows((a, b, f"{score:.4f}") for a, b, score in rows)
    except OSError as exc:
        raise LinkageInputError(f"{path}: cannot write ({exc.strerror})") from exc


def _rows(scored: pipeline.Scored, threshold: float, *, best_only: bool = False) -> list[tuple[str, str, float]]:
    a, b, score = scored.above(threshold)
    if best_only:
        keep = pipeline.mutual_best(a, b, score)
        a, b, score = a[keep], b[keep], score[keep]
    order = np.argsort(-score, kind="stable")
    ids = scored.canon.ids
    return [(ids[i], ids[j], float(s)) for i, j, s in zip(a[order].tolist(), b[order].tolist(),
                                                          score[order].tolist(), strict=True)]


def _summary(scored: pipeline.Scored, rows: int, threshold: float, started: float, output: Path) -> dict[str, Any]:
    return {"candidates": scored.candidates, "pairs": rows, "threshold": threshold,
            "blocking": [{"rule": r.rule, "pairs": int(r.pairs.size), "dropped_keys": r.dropped_keys,
                          "windowed_keys": r.windowed_keys} for r in scored.rules],
            "match_prior": scored.model.prior, "seconds": round(time.perf_counter() - started, 2),
            "output": str(output)}


def link_files(left: Path, right: Path, output: Path, *, threshold: float | None = None, quiet: bool,
               all_pairs: bool = False, engine: str = "korak") -> dict[str, Any]:
    """Each left record's best match on the right and the reverse (pairs best for both records,
    from BEST_MATCH_THRESHOLD up), or with all_pairs every pair from LINK_THRESHOLD up."""
    if threshold is None:
        threshold = LINK_THRESHOLD if all_pairs else BEST_MATCH_THRESHOLD
    _check_threshold(threshold)
    started = time.perf_counter()
    say = progress_printer(quiet)
    say(f"reading {left} and {right}")
    left_rows, right_rows = read_persons(left), read_persons(right)
    scored = pipeline.link(left_rows, right_rows, progress=say, engine=engine)
    rows = _rows(scored, threshold, best_only=not all_pairs)
    _write(output, ("left_id", "right_id", "score"), rows)
    say(f"wrote {len(rows)} pairs to {output}")
    return {"left": len(left_rows), "right": len(right_rows), "pairs_written": "all" if all_pairs else "best matches",
            "engine": engine, **_summary(scored, len(rows), threshold, started, output)}


def dedupe_file(path: Path, output: Path, *, threshold: float, quiet: bool, engine: str = "korak") -> dict[str, Any]:
    _check_threshold(threshold)
    started = time.perf_counter()
    say = progress_printer(quiet)
    say(f"reading {path}")
    persons = read_persons(path)
    scored = pipeline.dedupe(persons, progress=say, engine=engine)
    rows = _rows(scored, threshold)
    _write(output, ("id_a", "id_b", "score"), rows)
    a, b, _ = scored.above(threshold)
    clusters = pipeline.clusters(scored.canon.size, a, b)
    sizes = np.bincount(clusters)
    say(f"wrote {len(rows)} pairs to {output}")
    return {"persons": len(persons), "clusters_of_two_or_more": int((sizes >= 2).sum()), "engine": engine,
            **_summary(scored, len(rows), threshold, started, output)}


def encode_file(path: Path, key_file: Path, output: Path, *, quiet: bool, blip: float = 0.0) -> dict[str, Any]:
    from korak.identity import pprl

    if not 0.0 <= blip < 0.5:
        raise LinkageInputError("--blip must be at least 0 and below 0.5")
    started = time.perf_counter()
    say = progress_printer(quiet)
    secret = pprl.read_secret(key_file)
    say(f"reading {path}")
    persons = read_persons(path)
    say(f"encoding {len(persons)} persons")
    try:
        with output.open("w", encoding="utf-8") as handle:
            for line in pprl.encode_persons(persons, secret, blip=blip):
                handle.write(line + "\n")
    except OSError as exc:
        raise LinkageInputError(f"{output}: cannot write ({exc.strerror})") from exc
    say(f"wrote {output}")
    return {"persons": len(persons), "schema": pprl.SCHEMA, "key": secret.fingerprint, "blip": blip,
            "seconds": round(time.perf_counter() - started, 2), "output": str(output)}


def link_encoded(left: Path, right: Path, output: Path, *, threshold: float, quiet: bool) -> dict[str, Any]:
    from korak.identity import pprl

    _check_threshold(threshold)
    started = time.perf_counter()
    say = progress_printer(quiet)
    first, second = pprl.read_encodings(left), pprl.read_encodings(right)
    if first.key != second.key:
        raise LinkageInputError(f"{left} and {right} were encoded with different keys")
    say(f"matching {len(first.ids)} x {len(second.ids)} encodings (private blocking, Fellegi-Sunter)")
    linked = pprl.link(first, second)
    a, b, score = linked.above(threshold)
    order = np.argsort(-score, kind="stable")
    rows = [(first.ids[i], second.ids[j], float(s)) for i, j, s in
            zip(a[order].tolist(), b[order].tolist(), score[order].tolist(), strict=True)]
    _write(output, ("left_id", "right_id", "score"), rows)
    say(f"wrote {len(rows)} pairs to {output}")
    return {"left": len(first.ids), "right": len(second.ids), "candidates": int(linked.a.size), "pairs": len(rows),
            "threshold": threshold,
            "blocking": [{"rule": r.rule, "pairs": int(r.pairs.size), "dropped_tokens": r.dropped_tokens}
                         for r in linked.rules],
            "match_prior": linked.model.prior, "seconds": round(time.perf_counter() - started, 2),
            "output": str(output)}
