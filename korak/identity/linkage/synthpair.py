"""Test data for linkage from korak.identity.synth: a two-registry pair with known true matches,
and a registry for deduplication, as Person rows (the CSV reader's form)."""

from dataclasses import dataclass

import numpy as np

from korak.identity import synth
from korak.identity.linkage.records import Person, parse_birth_date


def to_person(record: synth.SynthRecord) -> Person:
    year, month, day = parse_birth_date(record.birth_date)
    sex = {"male": "M", "female": "F"}.get(record.sex, "")
    return Person(id=record.id, given_name=record.given_name, family_name=record.family_name, year=year,
                  month=month, day=day, sex=sex, nationality=record.nationality)


@dataclass
class LinkPair:
    left: list[Person]
    right: list[Person]
    clusters: list[str]  # per row of left + right: its true cluster (unique for non-matches)
    matches: int


def link_pair(*, left: int = 6000, right: int = 6000, matches: int = 2500, seed: int = 5) -> LinkPair:
    """Two registries: `matches` persons registered in both (two different records of one synth
    identity), the rest registered in one only; no duplicates within a side."""
    records = synth.generate(int((left + right) * 1.9), seed=seed)
    by_cluster: dict[str, list[synth.SynthRecord]] = {}
    for record in records:
        by_cluster.setdefault(record.cluster_id, []).append(record)
    multi = [rows for rows in by_cluster.values() if len(rows) >= 2]
    single = [rows[0] for rows in by_cluster.values() if len(rows) == 1]
    if len(multi) < matches or len(single) < left + right - 2 * matches:
        raise ValueError("not enough synthetic identities for this pair")
    rng = np.random.default_rng(seed)
    multi = [multi[i] for i in rng.permutation(len(multi))]
    single = [single[i] for i in rng.permutation(len(single))]
    left_rows = [rows[0] for rows in multi[:matches]] + single[:left - matches]
    right_rows = [rows[1] for rows in multi[:matches]] + single[left - matches:left + right - 2 * matches]
    left_rows = [left_rows[i] for i in rng.permutation(len(left_rows))]
    right_rows = [right_rows[i] for i in rng.permutation(len(right_rows))]
    return LinkPair(left=[to_person(r) for r in left_rows], right=[to_person(r) for r in right_rows],
                    clusters=[r.cluster_id for r in left_rows + right_rows], matches=matches)


def registry(persons: int, seed: int = 7) -> tuple[list[Person], list[str]]:
    """A registry with duplicates (synth's own mix) and the true cluster of each row."""
    records = synth.generate(persons, seed=seed)
    return [to_person(r) for r in records], [r.cluster_id for r in records]
