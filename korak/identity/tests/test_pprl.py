"""Privacy-preserving linkage: what leaves a node holds no name, name key, birth date or year,
and matching two nodes' encodings finds what plain-text linkage finds, also across scripts."""

import base64
import csv
import json
from dataclasses import astuple
from pathlib import Path

import numpy as np
import pytest

from korak import cli
from korak.identity import pprl
from korak.identity.linkage import LINK_THRESHOLD, PPRL_THRESHOLD, blocking, pipeline, synthpair
from korak.identity.linkage.canonical import canonicalise, name_form
from korak.identity.linkage.records import Person
from korak.identity.normalise import fold
from korak.identity.pprl.bench import to_cyrillic
from korak.identity.pprl.blocking import RULES

HEADER = ["id", "given_name", "family_name", "birth_date", "sex", "nationality"]
SECRET = pprl.Secret(b"a secret shared by the two nodes only")


def _date(p: Person) -> str:
    return "-".join(f"{v:02d}" if i else f"{v:04d}" for i, v in enumerate((p.year, p.month, p.day)) if v)


def _write_csv(path: Path, persons: list[Person]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows([p.id, p.given_name, p.family_name, _date(p), p.sex, p.nationality] for p in persons)
    return path


@pytest.fixture(scope="module")
def pair() -> synthpair.LinkPair:
    return synthpair.link_pair(left=1200, right=1200, matches=500, seed=11)


def _f1(found: np.ndarray, truth: np.ndarray) -> float:
    hits = int(np.isin(found, truth).sum())
    precision, recall = hits / max(found.size, 1), hits / truth.size
    return 2 * precision * recall / max(precision + recall, 1e-9)


def _encode(persons: list[Person], secret: pprl.Secret = SECRET) -> pprl.Encodings:
    return pprl.parse_encodings(list(pprl.encode_persons(persons, secret)), source="memory")


def test_pprl_f1_is_within_003_of_plain_text_also_with_one_side_in_cyrillic(pair: synthpair.LinkPair) -> None:
    """Measures pairwise F1 on one fixed synthetic pair (1,200 + 1,200 persons, 500 true matches,
    seed 11): plain-text linkage at its operating threshold against linkage of the two sides'
    encodings at theirs, with the right side as written and in Serbian Cyrillic."""
    scored = pipeline.link(pair.left, pair.right)
    truth = blocking.truth_pairs(pair.clusters, side=scored.canon.side, link=True)
    a, b, _ = scored.above(LINK_THRESHOLD)
    n, n_left = scored.canon.size, len(pair.left)
    plain = _f1(a * n + b, truth)
    found = {}
    for name, right in (("latin", pair.right), ("cyrillic", to_cyrillic(pair.right))):
        linked = pprl.link(_encode(pair.left), _encode(right))
        a, b, _ = linked.above(PPRL_THRESHOLD)
        found[name] = _f1(a * n + b + n_left, truth)
    assert plain > 0.9
    assert plain - found["latin"] <= 0.03
    assert plain - found["cyrillic"] <= 0.03


def test_private_blocking_proposes_the_plain_engines_candidate_pairs(pair: synthpair.LinkPair) -> None:
    # The plain engine's blocking itself (its Scored keeps only pairs from probability 0.001 up).
    canon = canonicalise(pair.left, pair.right)
    union, _rules = blocking.candidate_pairs(canon, link=True)
    a, b = blocking.decode(union, canon.size)
    linked = pprl.link(_encode(pair.left), _encode(pair.right))
    n_left = len(pair.left)
    plain = set(zip(a.tolist(), (b - n_left).tolist(), strict=True))
    private = set(zip(linked.a.tolist(), linked.b.tolist(), strict=True))
    assert plain == private


def test_a_cyrillic_and_a_latin_spelling_encode_alike() -> None:
    latin = _encode([Person("a", "Đorđe", "Petrović", 1984, 3, 12, "M", "RS")])
    cyrillic = _encode([Person("b", "Ђорђе", "Петровић", 1984, 3, 12, "M", "RS")])
    other = _encode([Person("c", "Đorđe", "Petrović", 1984, 3, 12, "M", "RS")], pprl.Secret(b"another project's key"))
    for name in pprl.FILTERS:
        assert (latin.filters[name] == cyrillic.filters[name]).all()
    assert all((latin.tokens[rule].tokens == cyrillic.tokens[rule].tokens).all() for rule in RULES)
    # Without the key the same person cannot be reproduced: another key shares no blocking token.
    ours = np.concatenate([latin.tokens[rule].tokens for rule in RULES])
    theirs = np.concatenate([other.tokens[rule].tokens for rule in RULES])
    assert ours.size and not np.isin(ours, theirs).any()
    assert not (latin.filters["given"] == other.filters["given"]).all()


def _forbidden(person: Person) -> set[str]:
    """What must not leave a node about a person: names as written, folded and canonical, their
    match keys, the birth date and its year."""
    found: set[str] = set()
    for name in (person.given_name, person.family_name):
        joined, keys = name_form(name)
        found |= {*name.split(), *fold(name).split(), joined, *keys.split()}
    if person.year:
        found |= {str(person.year), _date(person)}
    return {value for value in found if value}


def test_the_encoding_file_holds_no_name_no_name_key_and_no_birth_date(
        pair: synthpair.LinkPair, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Opaque ids without digits or letters of names, so that anything found can only be a leak.
    persons = [Person("id-" + "".join(chr(97 + int(c)) for c in p.id[1:]), *astuple(p)[1:])
               for p in pair.left[:300] + to_cyrillic(pair.right[:300])]
    source = _write_csv(tmp_path / "node.csv", persons)
    key = tmp_path / "key"
    key.write_bytes(b"0123456789abcdef-shared-secret")
    out = tmp_path / "node.jsonl"
    assert cli.main(["identity", "encode", str(source), "--key-file", str(key), "--output", str(out), "--json",
                     "--quiet"]) == 0
    assert json.loads(capsys.readouterr().out)["persons"] == 600
    lines = out.read_text(encoding="utf-8").splitlines()
    # The header is fixed: the scheme, the filter sizes and the key's fingerprint (not the key).
    fingerprint = pprl.Secret(key.read_bytes()).fingerprint
    assert json.loads(lines[0]) == {"schema": pprl.SCHEMA, "filters": pprl.FILTERS, "key": fingerprint, "blip": 0.0}
    for line, person in zip(lines[1:], persons, strict=True):
        row = json.loads(line)
        # Exactly: the opaque id, fixed-size filters and blocking tokens of 8 bytes per rule.
        assert set(row) == {"id", "blocks", *pprl.FILTERS} and row["id"] == person.id
        assert set(row["blocks"]) <= set(RULES)
        blobs = [base64.b64decode(row[name]) for name in pprl.FILTERS]
        assert [len(blob) * 8 for blob in blobs] == list(pprl.FILTERS.values())
        tokens = [base64.b64decode(value) for value in row["blocks"].values()]
        assert all(len(token) % 8 == 0 for token in tokens)
        # Nor does any blob hold a value as bytes (four bytes up: shorter strings occur in random bytes).
        binary = b"".join(blobs + tokens)
        assert not [value for value in _forbidden(person) if len(value.encode()) >= 4
                    and (value.encode() in binary or value.lower().encode() in binary)]


def test_blip_flips_bits_but_leaves_a_missing_value_missing() -> None:
    person = [Person("a", "Ana", "Ilić", 1990, 5, 17, "F", "")]
    plain = pprl.parse_encodings(list(pprl.encode_persons(person, SECRET)), source="memory")
    noisy = pprl.parse_encodings(list(pprl.encode_persons(person, SECRET, blip=0.1)), source="memory")
    assert not (plain.filters["given"] == noisy.filters["given"]).all()
    assert not noisy.filters["nationality"].any()


def test_link_encoded_matches_two_nodes_and_refuses_different_keys(pair: synthpair.LinkPair, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    left = _write_csv(tmp_path / "left.csv", pair.left[:600])
    right = _write_csv(tmp_path / "right.csv", to_cyrillic(pair.right[:600]))
    key, other = tmp_path / "key", tmp_path / "other"
    key.write_bytes(b"the shared secret of two nodes")
    other.write_bytes(b"a different secret of a third")
    for source, secret, out in ((left, key, "a.jsonl"), (right, key, "b.jsonl"), (right, other, "c.jsonl")):
        assert cli.main(["identity", "encode", str(source), "--key-file", str(secret), "--output",
                         str(tmp_path / out), "--quiet"]) == 0
    pairs = tmp_path / "pairs.csv"
    capsys.readouterr()
    assert cli.main(["identity", "link-encoded", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl"), "--output",
                     str(pairs), "--quiet", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    with pairs.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and list(rows[0]) == ["left_id", "right_id", "score"] and summary["pairs"] == len(rows)
    cluster = {p.id: c for p, c in zip(pair.left + pair.right, pair.clusters, strict=True)}
    correct = sum(cluster[row["left_id"]] == cluster[row["right_id"]] for row in rows)
    assert correct / len(rows) > 0.9
    assert cli.main(["identity", "link-encoded", str(tmp_path / "a.jsonl"), str(tmp_path / "c.jsonl"), "--output",
                     str(pairs), "--quiet"]) == 2
    assert "different keys" in capsys.readouterr().err


def test_bad_key_and_bad_encoding_files_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write_csv(tmp_path / "node.csv", [Person("1", "Ana", "Ilić", 1990)])
    short = tmp_path / "short"
    short.write_bytes(b"too short")
    assert cli.main(["identity", "encode", str(source), "--key-file", str(short), "--output",
                     str(tmp_path / "x.jsonl")]) == 2
    assert "at least 16 bytes" in capsys.readouterr().err
    broken = tmp_path / "broken.jsonl"
    broken.write_text(json.dumps({"schema": pprl.SCHEMA, "filters": pprl.FILTERS, "key": "x"}) + "\n{\"id\": 1}\n",
                      encoding="utf-8")
    assert cli.main(["identity", "link-encoded", str(broken), str(broken), "--output", str(tmp_path / "p.csv")]) == 2
    assert "line 2: not an encoding" in capsys.readouterr().err
    old = tmp_path / "old.jsonl"
    old.write_text(json.dumps({"schema": "korak-clk/2", "segments": {}, "key": "x"}) + "\n", encoding="utf-8")
    assert cli.main(["identity", "link-encoded", str(old), str(old), "--output", str(tmp_path / "p.csv")]) == 2
    assert "line 1: not a korak-pprl/3 header" in capsys.readouterr().err


def test_bench_pprl_prints_both_engines_figures_per_dataset(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["identity", "bench-pprl", "--skip-febrl", "--synth-persons", "300", "--blip", "0.02",
                     "--json"]) == 0
    runs = json.loads(capsys.readouterr().out)
    assert [run["dataset"] for run in runs] == [
        "synth 300+300 latin", "synth 300+300 right in Serbian Cyrillic", "synth 300+300 right in Macedonian Cyrillic",
        "synth 300+300 latin, BLIP 0.02"]
    for run in runs[:3]:
        assert run["gap"] == round(run["plain"]["operating"]["f1"] - run["pprl"]["operating"]["f1"], 4)
        # Private blocking proposes the plain engine's candidates on the same lists.
        assert run["pprl"]["candidates"] == run["plain"]["candidates"]
        assert run["pprl"]["blocking_recall"] == run["plain"]["blocking_recall"]
    assert "plain" not in runs[3] and runs[3]["blip"] == 0.02 and 0 < runs[3]["pprl"]["operating"]["f1"] <= 1


def test_where_the_name_keys_agree_a_common_key_weighs_less_than_a_rare_one() -> None:
    """The plain engine's term-frequency adjustment at the "keys agree" level, from the encodings
    alone: Mohammed/Muhammad (a key half the registry shares) counts less than Zlatibor/Zlatiborr."""
    from korak.identity.pprl.match import Matcher

    others = [Person(f"o{i}", ["Mohamad", "Muhamed", "Mehmed"][i % 3], f"Family{i}", 1990, 1, 1, "M", "AF")
              for i in range(30)]
    left = _encode([Person("a", "Muhammad", "Karimi", 1990, 5, 6, "M", "AF"),
                    Person("b", "Zlatibor", "Jovanović", 1970, 2, 3, "M", "RS"), *others])
    right = _encode([Person("c", "Mohammed", "Karimi", 1990, 5, 6, "M", "AF"),
                     Person("d", "Zlatiborr", "Jovanović", 1970, 2, 3, "M", "RS"), *others])
    levels, tf_given, _tf_family = Matcher(left, right).levels(np.array([0, 1]), np.array([0, 1]))
    assert levels[:, 0].tolist() == [4, 4]
    assert 0 < tf_given[1] < tf_given[0]
