"""`korak identity link` and `dedupe-file`: the issue's columns in, pairs out, bad input refused."""

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from korak import cli
from korak.identity.linkage import BEST_MATCH_THRESHOLD, blocking, pipeline
from korak.identity.linkage.canonical import canonicalise
from korak.identity.linkage.compare import date_levels
from korak.identity.linkage.records import LinkageInputError, Person, parse_birth_date, read_persons

HEADER = ["id", "given_name", "family_name", "birth_date", "sex", "nationality"]

# Left: a Latin-script registry; right: the same people as another country wrote them.
LEFT = [
    ["L1", "Mohammad", "Ahmadi", "1999-01-01", "M", "AF"],
    ["L2", "Đorđe", "Petrović", "1984-07-23", "M", "RS"],
    ["L3", "Fatima", "Hussein", "1990-05-12", "F", "SY"],
    ["L4", "Ljubica", "Njegoš", "1975-11-02", "F", "ME"],
    ["L5", "Youssef", "Haddad", "2001", "M", "MA"],
    ["L6", "Gjorgji", "Kjosevski", "1968-03-30", "M", "MK"],
]
RIGHT = [
    ["R1", "Мухамед", "Ахмади", "1999", "M", "AF"],          # Serbian Cyrillic, Mehmed/Muhamed variant
    ["R2", "Petrovic", "Djordje", "1984-07-23", "M", "RS"],   # swapped, folded
    ["R3", "Fatma", "Husein", "1990-12-05", "F", "SY"],       # variants, day/month swapped
    ["R4", "Љубица", "Његош", "1975-11-02", "F", "ME"],
    ["R5", "Yusuf", "Hadad", "2001-06-17", "M", "MA"],        # year-only on the left
    ["R6", "Ѓорѓи", "Ќосевски", "1968-03-30", "M", "MK"],     # Macedonian Cyrillic
    # Distractors: share a name or a date with someone on the left, but are other people.
    ["R7", "Mohammad", "Karimi", "1972-08-08", "M", "IR"],
    ["R8", "Ana", "Marković", "1984-07-23", "F", "RS"],
    ["R9", "Fatima", "Zahra", "1955-02-14", "F", "IQ"],
    ["R10", "Nikola", "Jovanović", "1990-05-12", "M", "RS"],
]
TRUE = {("L1", "R1"), ("L2", "R2"), ("L3", "R3"), ("L4", "R4"), ("L5", "R5"), ("L6", "R6")}


def _csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _pairs(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_link_finds_the_same_people_across_scripts_and_not_the_distractors(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    left, right = _csv(tmp_path / "left.csv", LEFT), _csv(tmp_path / "right.csv", RIGHT)
    out = tmp_path / "pairs.csv"
    assert cli.main(["identity", "link", str(left), str(right), "--output", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    rows = _pairs(out)
    assert list(rows[0]) == ["left_id", "right_id", "score"]
    found = {(row["left_id"], row["right_id"]) for row in rows}
    assert found == TRUE
    assert all(BEST_MATCH_THRESHOLD <= float(row["score"]) <= 1.0 for row in rows)
    assert summary["left"] == 6 and summary["right"] == 10 and summary["pairs"] == 6
    assert {rule["rule"] for rule in summary["blocking"]} == set(blocking.RULES)


def test_mutual_best_keeps_the_pairs_best_for_both_records_and_ties() -> None:
    a = np.array([0, 0, 1, 2, 3], dtype=np.int64)
    b = np.array([10, 11, 10, 12, 12], dtype=np.int64)
    score = np.array([0.9, 0.8, 0.85, 0.5, 0.5])
    assert pipeline.mutual_best(a, b, score).tolist() == [True, False, False, True, True]


def test_link_writes_best_matches_by_default_and_every_pair_on_request(tmp_path: Path) -> None:
    """A person registered twice on the right: the default answers once per person (its best
    match), --all-pairs lists both records (dedupe-file is the tool for duplicates in one list)."""
    twice = [*RIGHT, ["R1b", "Mohamad", "Ahmadi", "", "", ""]]  # the same man, less well known
    left, right = _csv(tmp_path / "left.csv", LEFT), _csv(tmp_path / "right.csv", twice)
    best, every = tmp_path / "best.csv", tmp_path / "every.csv"
    assert cli.main(["identity", "link", str(left), str(right), "--output", str(best), "--quiet"]) == 0
    assert cli.main(["identity", "link", str(left), str(right), "--output", str(every), "--all-pairs",
                     "--threshold", "0.5", "--quiet"]) == 0
    best_pairs = {(row["left_id"], row["right_id"]) for row in _pairs(best)}
    every_pairs = {(row["left_id"], row["right_id"]) for row in _pairs(every)}
    assert len([pair for pair in best_pairs if pair[0] == "L1"]) == 1
    assert {("L1", "R1"), ("L1", "R1b")} <= every_pairs
    assert best_pairs - {("L1", "R1"), ("L1", "R1b")} == TRUE - {("L1", "R1")}


def test_threshold_one_writes_fewer_pairs(tmp_path: Path) -> None:
    left, right = _csv(tmp_path / "left.csv", LEFT), _csv(tmp_path / "right.csv", RIGHT)
    out = tmp_path / "pairs.csv"
    assert cli.main(["identity", "link", str(left), str(right), "--output", str(out), "--threshold", "1",
                     "--quiet"]) == 0
    assert len(_pairs(out)) < len(TRUE)


def test_dedupe_file_pairs_the_duplicates_within_one_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = LEFT + [["D" + r[0], *r[1:]] for r in RIGHT[:6]] + RIGHT[6:]
    path = _csv(tmp_path / "one.csv", rows)
    out = tmp_path / "dupes.csv"
    assert cli.main(["identity", "dedupe-file", str(path), "--output", str(out), "--json", "--quiet"]) == 0
    summary = json.loads(capsys.readouterr().out)
    written = _pairs(out)
    assert list(written[0]) == ["id_a", "id_b", "score"]
    found = {frozenset((row["id_a"], row["id_b"])) for row in written}
    assert found == {frozenset((a, "D" + b)) for a, b in TRUE}
    assert summary["clusters_of_two_or_more"] == 6


@pytest.mark.parametrize(("rows", "header", "message"), [
    ([["L1", "Ana", "Marić", "1999-02-30", "F", "RS"]], HEADER, "row 2: field birth_date"),
    ([["L1", "Ana", "Marić", "1999", "F", "RS"], ["L2", "Ana", "Ilić", "14.03.1999", "F", "RS"]], HEADER,
     "row 3: field birth_date"),
    ([["L1", "Ana", "1999", "F", "RS"]], ["id", "given_name", "birth_date", "sex", "nationality"],
     "missing column family_name"),
    ([["", "Ana", "Marić", "1999", "F", "RS"]], HEADER, "row 2: field id is empty"),
    ([["L1", "Ana", "Marić", "1999", "F", "RS"], ["L1", "Ana", "Ilić", "1998", "F", "RS"]], HEADER,
     "row 3: field id repeats"),
])
def test_bad_input_is_refused_in_one_line_naming_row_and_field(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: list[list[str]], header: list[str],
        message: str) -> None:
    bad = _csv(tmp_path / "bad.csv", rows, header)
    good = _csv(tmp_path / "good.csv", LEFT)
    out = tmp_path / "pairs.csv"
    assert cli.main(["identity", "link", str(good), str(bad), "--output", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and message in err and str(bad) in err
    assert "Marić" not in err and "Ilić" not in err  # the value (a name or a date) is not echoed
    assert not out.exists()


def test_missing_file_and_bad_threshold_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _csv(tmp_path / "good.csv", LEFT)
    assert cli.main(["identity", "dedupe-file", str(tmp_path / "nope.csv"), "--output", "x.csv"]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert cli.main(["identity", "dedupe-file", str(good), "--output", "x.csv", "--threshold", "3"]) == 2
    assert "--threshold" in capsys.readouterr().err


def test_partial_birth_dates_parse_and_impossible_ones_do_not() -> None:
    assert parse_birth_date("1999") == (1999, 0, 0)
    assert parse_birth_date("1999-03") == (1999, 3, 0)
    assert parse_birth_date("1999-03-14") == (1999, 3, 14)
    assert parse_birth_date(" ") == (0, 0, 0)
    for bad in ("1999-13", "1999-02-29", "99", "14.03.1999", "1999-3-4x"):
        with pytest.raises(ValueError):
            parse_birth_date(bad)


def test_reader_accepts_columns_in_any_order_and_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_text("\ufeffnationality,sex,birth_date,family_name,given_name,id,extra\nRS,f,1984-07,Ilić,Ana,7,x\n",
                    encoding="utf-8")
    assert read_persons(path) == [Person(id="7", given_name="Ana", family_name="Ilić", year=1984, month=7,
                                         sex="F", nationality="RS")]
    with pytest.raises(LinkageInputError):
        read_persons(tmp_path)


def test_date_levels_order_exact_placeholder_swap_and_year() -> None:
    def level(a: tuple[int, int, int], b: tuple[int, int, int]) -> int:
        arrays = [np.array([v]) for v in (*a, *b)]
        return int(date_levels(*arrays)[0])

    assert level((1990, 5, 12), (1990, 5, 12)) == 6
    assert level((1990, 1, 1), (1990, 1, 1)) == 5          # the placeholder agrees less than a real date
    assert level((1990, 1, 1), (1990, 7, 3)) == 4          # placeholder vs a full date of that year
    assert level((1990, 0, 0), (1990, 7, 3)) == 4          # year only
    assert level((1990, 5, 12), (1990, 12, 5)) == 3        # day and month swapped
    assert level((1990, 5, 12), (1980, 5, 12)) == 3        # one digit
    assert level((1990, 5, 12), (1990, 8, 30)) == 1
    assert level((1990, 5, 12), (1971, 8, 30)) == 0
    assert level((0, 0, 0), (1971, 8, 30)) == -1


def test_blocking_recall_is_measured_per_rule_and_clusters_join_transitively() -> None:
    left = [Person(id=r[0], given_name=r[1], family_name=r[2], year=int(r[3][:4])) for r in LEFT]
    right = [Person(id=r[0], given_name=r[1], family_name=r[2], year=int(r[3][:4])) for r in RIGHT]
    canon = canonicalise(left, right)
    union, per_rule = blocking.candidate_pairs(canon, link=True)
    clusters = [r[0] for r in LEFT] + [next((a for a, b in TRUE if b == r[0]), "") for r in RIGHT]
    truth = blocking.truth_pairs(clusters, side=canon.side, link=True)
    report = {row.rule: row for row in blocking.report(union, per_rule, truth)}
    assert truth.size == 6 and report["union"].recall == 1.0
    assert report["union"].pairs == union.size < 6 * 10
    assert report["dob"].recall == 0.0  # no full dates given here, so the date rule proposes nothing
    labels = pipeline.clusters(5, np.array([0, 3]), np.array([1, 1]))
    assert labels.tolist() == [0, 0, 2, 0, 4]


def _write_persons(path: Path, persons: list[Person]) -> Path:
    def date(p: Person) -> str:
        return "-".join(f"{v:02d}" if i else f"{v:04d}" for i, v in enumerate((p.year, p.month, p.day)) if v)

    return _csv(path, [[p.id, p.given_name, p.family_name, date(p), p.sex, p.nationality] for p in persons])


def test_the_commands_run_the_same_model_on_splink_on_request(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    from korak.identity.linkage import synthpair

    rows, clusters = synthpair.registry(1200, seed=5)
    path = _write_persons(tmp_path / "registry.csv", rows)
    out = tmp_path / "dupes.csv"
    assert cli.main(["identity", "dedupe-file", str(path), "--output", str(out), "--engine", "splink", "--json",
                     "--quiet"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["engine"] == "splink" and summary["blocking"] == []
    canon = canonicalise(rows)
    truth = blocking.truth_pairs(clusters, side=canon.side, link=False)
    index = {person.id: row for row, person in enumerate(rows)}
    found = np.array(sorted(min(index[r["id_a"]], index[r["id_b"]]) * canon.size
                            + max(index[r["id_a"]], index[r["id_b"]]) for r in _pairs(out)))
    hits = np.isin(found, truth).sum()
    assert hits / truth.size > 0.85 and hits / found.size > 0.9
    pair = synthpair.link_pair(left=500, right=500, matches=200, seed=3)
    left, right = _write_persons(tmp_path / "l.csv", pair.left), _write_persons(tmp_path / "r.csv", pair.right)
    assert cli.main(["identity", "link", str(left), str(right), "--output", str(out), "--engine", "splink",
                     "--json", "--quiet"]) == 0
    assert json.loads(capsys.readouterr().out)["engine"] == "splink"
    linked = _pairs(out)
    true_pairs = {(p.id, q.id) for p in pair.left for q in pair.right
                  if pair.clusters[pair.left.index(p)] == pair.clusters[len(pair.left) + pair.right.index(q)]}
    assert len({(r["left_id"], r["right_id"]) for r in linked} & true_pairs) / len(true_pairs) > 0.85
    with pytest.raises(SystemExit) as refused:
        cli.main(["identity", "dedupe-file", str(path), "--output", str(out), "--engine", "spark"])
    assert refused.value.code == 2 and "invalid choice: 'spark'" in capsys.readouterr().err
