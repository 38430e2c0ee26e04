"""`korak identity bench-pprl`: plain-text linkage against privacy-preserving linkage on the same data.

For each dataset both engines link the same two lists: plain = pipeline.link at LINK_THRESHOLD,
PPRL = encode both sides (through the JSON lines a node would send) and pprl.link at
PPRL_THRESHOLD. Printed: pairwise precision, recall and F1 at each one's operating threshold
and at its best threshold, the gap, encode and match seconds (wall and CPU), candidate pairs and blocking
recall (share of true pairs among the candidates) of both."""

import json
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from korak.identity import synth
from korak.identity.linkage import LINK_THRESHOLD, PPRL_THRESHOLD, blocking, pipeline, synthpair
from korak.identity.linkage.canonical import canonicalise
from korak.identity.linkage.records import Person
from korak.identity.normalise import script_of
from korak.identity.pprl.encode import Secret, encode_persons
from korak.identity.pprl.encodings import parse_encodings
from korak.identity.pprl.match import link

IntArray = np.ndarray
SECRET = Secret(b"bench-pprl: a project secret for synthetic data only")


def to_cyrillic(persons: list[Person], *, macedonian: bool = False) -> list[Person]:
    """The same persons as a Serbian (or Macedonian) registry writes them: Latin names in Cyrillic."""
    def convert(name: str) -> str:
        return synth.to_cyrillic(name, macedonian=macedonian) if name and script_of(name) == "latin" else name

    return [Person(p.id, convert(p.given_name), convert(p.family_name), p.year, p.month, p.day, p.sex,
                   p.nationality) for p in persons]


def _recall(pairs: IntArray, truth: IntArray) -> float:
    return round(float(np.isin(truth, pairs).sum()) / max(truth.size, 1), 4)


def compare(left: list[Person], right: list[Person], clusters: list[str], *, blip: float = 0.0,
            plain: bool = True) -> dict[str, Any]:
    from korak.identity.bench import as_written, scores

    n = len(left) + len(right)
    side = np.r_[np.zeros(len(left), np.int8), np.ones(len(right), np.int8)]
    truth = blocking.truth_pairs(clusters, side=side, link=True)
    result: dict[str, Any] = {"left": len(left), "right": len(right), "true_pairs": int(truth.size), "blip": blip}
    if plain:
        started, cpu = time.perf_counter(), time.process_time()
        scored = pipeline.link(left, right)
        seconds, plain_cpu = time.perf_counter() - started, time.process_time() - cpu
        found = scored.a * n + scored.b
        # Scored keeps pairs from probability 0.001 up: blocking's own pairs, outside the timing.
        proposed, _rules = blocking.candidate_pairs(canonicalise(left, right), link=True)
        result["plain"] = {**scores(found, scored.score, truth, LINK_THRESHOLD),
                           "as_written": as_written(found, scored.score, truth, n), "seconds": round(seconds, 2),
                           "cpu_seconds": round(plain_cpu, 2), "candidates": int(proposed.size),
                           "blocking_recall": _recall(proposed, truth)}
    started, cpu = time.perf_counter(), time.process_time()
    encodings = [parse_encodings(list(encode_persons(rows, SECRET, blip=blip)), source=name)
                 for name, rows in (("left", left), ("right", right))]
    encode_seconds, encode_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    linked = link(*encodings)
    match_seconds, match_cpu = time.perf_counter() - started, time.process_time() - cpu
    found = linked.a * n + linked.b + len(left)
    result["pprl"] = {**scores(found, linked.score, truth, PPRL_THRESHOLD),
                      "as_written": as_written(found, linked.score, truth, n),
                      "encode_seconds": round(encode_seconds, 2), "match_seconds": round(match_seconds, 2),
                      "encode_cpu_seconds": round(encode_cpu, 2), "match_cpu_seconds": round(match_cpu, 2),
                      "match_steps": {k: round(v, 2) for k, v in linked.seconds.items()},
                      "candidates": int(found.size), "blocking_recall": _recall(found, truth)}
    if plain:
        result["gap"] = round(result["plain"]["operating"]["f1"] - result["pprl"]["operating"]["f1"], 4)
        result["gap_as_written"] = round(result["plain"]["as_written"]["f1"] - result["pprl"]["as_written"]["f1"], 4)
    return result


Lists = tuple[list[Person], list[Person], list[str]]


def datasets(synth_size: int, seed: int) -> list[tuple[str, Callable[[], Lists]]]:
    def febrl4() -> Lists:
        from korak.identity.bench import load

        left, right, clusters = load("febrl4", 10_000, seed)
        return left, right or [], clusters

    def pair() -> synthpair.LinkPair:
        return synthpair.link_pair(left=synth_size, right=synth_size, matches=synth_size * 5 // 12, seed=seed)

    def latin() -> Lists:
        p = pair()
        return p.left, p.right, p.clusters

    def serbian() -> Lists:
        p = pair()
        return p.left, to_cyrillic(p.right), p.clusters

    def macedonian() -> Lists:
        p = pair()
        return p.left, to_cyrillic(p.right, macedonian=True), p.clusters

    return [("febrl4 names+dob", febrl4), (f"synth {synth_size}+{synth_size} latin", latin),
            (f"synth {synth_size}+{synth_size} right in Serbian Cyrillic", serbian),
            (f"synth {synth_size}+{synth_size} right in Macedonian Cyrillic", macedonian)]


def _figures(engine: dict[str, Any]) -> str:
    operating, best, written = engine["operating"], engine["best"], engine["as_written"]
    return (f"F1 {operating['f1']:.4f} (P {operating['precision']:.4f} R {operating['recall']:.4f}; "
            f"best {best['f1']:.4f}; mutual best {written['f1']:.4f})")


def _line(name: str, run: dict[str, Any]) -> str:
    p = run["pprl"]
    text = f"{name}: "
    if "plain" in run:
        q = run["plain"]
        text += (f"plain {_figures(q)} {q['seconds']} s (CPU {q['cpu_seconds']} s), {q['candidates']} candidates, "
                 f"blocking recall {q['blocking_recall']}; ")
    text += (f"PPRL {_figures(p)} encode {p['encode_seconds']} s (CPU {p['encode_cpu_seconds']} s), "
             f"match {p['match_seconds']} s (CPU {p['match_cpu_seconds']} s), {p['candidates']} candidates, "
             f"blocking recall {p['blocking_recall']}")
    if "gap" in run:
        text += f"; gap {run['gap']:+.4f} (mutual best {run['gap_as_written']:+.4f})"
    return text


def run_bench(*, as_json: bool, synth_size: int = 3000, seed: int = 7, blips: tuple[float, ...] = (0.02, 0.05),
              scale: int = 0, skip_febrl: bool = False) -> int:
    runs: list[dict[str, Any]] = []

    def report(name: str, run: dict[str, Any]) -> None:
        runs.append({"dataset": name, **run})
        if not as_json:
            print(_line(name, run), flush=True)

    for name, make in datasets(synth_size, seed):
        if skip_febrl and name.startswith("febrl"):
            continue
        report(name, compare(*make()))
    if blips:
        latin = dict(datasets(synth_size, seed))[f"synth {synth_size}+{synth_size} latin"]
        left, right, clusters = latin()
        for blip in blips:
            report(f"synth {synth_size}+{synth_size} latin, BLIP {blip}", compare(left, right, clusters, blip=blip,
                                                                                 plain=False))
    if scale:
        pair = synthpair.link_pair(left=scale, right=scale, matches=scale * 5 // 12, seed=seed)
        report(f"synth {scale}+{scale} latin", compare(pair.left, pair.right, pair.clusters))
    if as_json:
        print(json.dumps(runs, indent=2))
    return 0
