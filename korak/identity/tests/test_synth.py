"""The synthetic registry: deterministic, with the issue's columns and true clusters, the
noise it promises; the loader and the online benchmark on a small registry."""

import csv
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from korak.identity import bench_online, synth
from korak.identity.models import IdentityKey, IdentityRecord
from korak.identity.normalise import parse_date, script_of


def test_the_same_seed_gives_the_same_registry() -> None:
    assert synth.generate(500, seed=4) == synth.generate(500, seed=4)
    assert synth.generate(500, seed=4) != synth.generate(500, seed=5)


def test_the_registry_has_duplicates_across_scripts_and_date_forms() -> None:
    records = synth.generate(5000, seed=2)
    assert len(records) == 5000
    assert len({r.id for r in records}) == 5000
    sizes = Counter(r.cluster_id for r in records)
    duplicated = sum(1 for size in sizes.values() if size > 1)
    assert 0.15 < duplicated / len(sizes) < 0.45
    scripts = Counter(script_of(r.given_name + r.family_name) for r in records)
    assert scripts["latin"] > scripts["cyrillic"] > 0 and scripts["arabic"] > 0
    assert Counter(r.script for r in records)["mk-cyrillic"] > 0
    dates = [r.birth_date for r in records]
    assert all(parse_date(d) is not None for d in dates if d)
    assert any(d.endswith("-01-01") for d in dates) and any(len(d) == 4 for d in dates) and "" in dates
    clusters: dict[str, list[synth.SynthRecord]] = {}
    for record in records:
        clusters.setdefault(record.cluster_id, []).append(record)
    multi = [members for members in clusters.values() if len(members) > 1]
    assert any(len({m.nationality for m in members}) > 1 for members in multi)  # nationality confusion
    assert any(len({script_of(m.given_name) for m in members}) > 1 for members in multi)  # across scripts


def test_cyrillic_rendering_keeps_the_digraph_letters() -> None:
    assert synth.to_cyrillic("Ljubica Njegoš") == "Љубица Његош"
    assert synth.to_cyrillic("Džemal Đorđević") == "Џемал Ђорђевић"
    assert synth.to_cyrillic("Gjorgji", macedonian=True) == "Ѓорѓи"


def test_write_and_read_back(tmp_path: Path) -> None:
    records = synth.generate(300, seed=1)
    registry, truth = synth.write(records, tmp_path)
    with registry.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header == ["id", "given_name", "family_name", "birth_date", "sex", "nationality", "script"]
    with truth.open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == ["id", "cluster_id"]
    assert synth.read(tmp_path) == records


def test_the_synth_verb_writes_both_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from korak.identity.synth_cli import add_synth_verb

    parser = argparse.ArgumentParser()
    add_synth_verb(parser.add_subparsers())
    args = parser.parse_args(["synth", "--persons", "400", "--seed", "9", "--output", str(tmp_path)])
    assert args.func(args) == 0
    assert "400 records" in capsys.readouterr().out
    assert synth.read(tmp_path) == synth.generate(400, 9)


def test_every_synthetic_name_pair_meets_its_arabic_script_form() -> None:
    """The pools' Latin and Arabic-script forms share a key (what the registry relies on)."""
    from korak.identity.normalise import match_key, parse_name

    def keys(text: str) -> set[str]:
        return {match_key(part) for part in parse_name(text).parts}

    pairs = synth.GIVEN_MALE + synth.GIVEN_FEMALE + synth.FAMILY
    misses = [latin for latin, arabic in pairs if not keys(latin) & keys(arabic)]
    assert len(misses) <= len(pairs) // 20, misses


@pytest.mark.django_db
def test_the_online_benchmark_loads_and_measures(monkeypatch: Any) -> None:
    result = bench_online.run_online(persons=3000, seed=3, queries_count=150)
    assert IdentityRecord.objects.count() == 3000
    assert IdentityKey.objects.count() > 3000 * 5
    assert result["persons"] == 3000 and result["queries"] == 150
    assert 0 < result["p50_ms"] <= result["p95_ms"]
    assert result["top10_recall"] >= 0.9
    again = bench_online.run_online(persons=3000, seed=3, queries_count=20)
    assert again["load_s"] == 0.0  # reused
