"""The hash chain, pure (no database): every kind of tampering is caught and the verdict names
the first row that breaks. One documented blind spot is pinned too: cutting off the last rows
(Crosby & Wallach 2009) needs a checkpoint kept outside the database."""

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from korak.audit import chain
from korak.audit.chain import ChainRow

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def make_chain(length: int) -> list[ChainRow]:
    rows: list[ChainRow] = []
    prev = chain.GENESIS
    for seq in range(1, length + 1):
        fields: dict[str, Any] = {
            "seq": seq, "occurred_at": T0 + timedelta(seconds=seq, microseconds=seq),
            "actor": f"user-{seq % 7}", "institution": f"inst-{seq % 3}", "action": "people.person.read",
            "object_type": "people.person", "object_id": f"obj-{seq}", "details": {"version": seq % 5},
        }
        digest = chain.link(prev, chain.canonical(**fields))
        rows.append(ChainRow(**fields, prev_hash=prev, hash=digest))
        prev = digest
    return rows


def rehash(row: ChainRow) -> ChainRow:
    """What a forger does after changing a row: recompute its own hash."""
    body = chain.canonical(seq=row.seq, occurred_at=row.occurred_at, actor=row.actor, institution=row.institution,
                           action=row.action, object_type=row.object_type, object_id=row.object_id,
                           details=row.details)
    return dataclasses.replace(row, hash=chain.link(row.prev_hash, body))


def test_intact_chain_verifies() -> None:
    verdict = chain.verify(make_chain(10))
    assert verdict == chain.Verdict(ok=True, checked=10)


def test_empty_chain_verifies() -> None:
    assert chain.verify([]) == chain.Verdict(ok=True, checked=0)


def test_first_row_must_follow_genesis() -> None:
    rows = make_chain(3)
    rows[0] = rehash(dataclasses.replace(rows[0], prev_hash="f" * 64))
    verdict = chain.verify(rows)
    assert (verdict.ok, verdict.bad_seq) == (False, 1)


def test_edited_field_names_the_row() -> None:
    for field, value in [("actor", "someone-else"), ("action", "people.person.register"), ("object_id", "x"),
                         ("details", {"version": 99}), ("institution", ""), ("object_type", "people.other"),
                         ("occurred_at", T0 - timedelta(days=1))]:
        rows = make_chain(6)
        rows[3] = dataclasses.replace(rows[3], **{field: value})
        verdict = chain.verify(rows)
        assert (verdict.ok, verdict.bad_seq, verdict.checked) == (False, 4, 3), field
        assert verdict.reason == "row 4 was changed after it was written"


def test_edited_and_rehashed_row_breaks_the_next_link() -> None:
    rows = make_chain(6)
    rows[3] = rehash(dataclasses.replace(rows[3], actor="someone-else"))
    verdict = chain.verify(rows)
    assert (verdict.ok, verdict.bad_seq) == (False, 5)
    assert verdict.reason == "row 5 does not follow row 4 (inserted or reordered?)"


def test_deleted_row_is_named() -> None:
    rows = make_chain(6)
    del rows[2]
    verdict = chain.verify(rows)
    assert (verdict.ok, verdict.bad_seq) == (False, 3)
    assert verdict.reason == "row 3 is missing (deleted?)"


def test_deleted_and_renumbered_rows_are_caught() -> None:
    """Closing the gap by renumbering changes every later row's content."""
    rows = make_chain(6)
    del rows[2]
    rows = [dataclasses.replace(row, seq=index) for index, row in enumerate(rows, start=1)]
    verdict = chain.verify(rows)
    assert (verdict.ok, verdict.bad_seq) == (False, 3)


def test_inserted_row_is_named() -> None:
    """A forged row with a correct hash of its own, slotted in after row 2 under a duplicate number."""
    rows = make_chain(5)
    forged = rehash(dataclasses.replace(rows[1], action="people.person.edit", object_id="forged"))
    rows.insert(2, forged)
    verdict = chain.verify(rows)
    assert (verdict.ok, verdict.bad_seq) == (False, 2)
    assert verdict.reason == "row 2 is out of order"


def test_inserted_row_with_renumbering_is_named() -> None:
    """The forger inserts a row 3 and renumbers the rest: the old row 3 (now 4) no longer follows."""
    rows = make_chain(5)
    forged = rehash(ChainRow(seq=3, occurred_at=T0, actor="forger", institution="", action="people.person.edit",
                             object_type="people.person", object_id="forged", details={},
                             prev_hash=rows[1].hash, hash=""))
    rows = [*rows[:2], forged, *(dataclasses.replace(row, seq=row.seq + 1) for row in rows[2:])]
    verdict = chain.verify(rows)
    assert (verdict.ok, verdict.bad_seq) == (False, 4)


def test_reordered_rows_are_named() -> None:
    rows = make_chain(6)
    rows[2], rows[3] = rows[3], rows[2]
    verdict = chain.verify(rows)
    assert (verdict.ok, verdict.bad_seq) == (False, 3)


def test_swapped_contents_keeping_numbers_are_caught() -> None:
    rows = make_chain(6)
    third, fourth = rows[2], rows[3]
    rows[2] = dataclasses.replace(fourth, seq=3)
    rows[3] = dataclasses.replace(third, seq=4)
    verdict = chain.verify(rows)
    assert (verdict.ok, verdict.bad_seq) == (False, 3)


def test_truncated_tail_is_the_documented_blind_spot() -> None:
    """Cutting off the newest rows leaves a valid shorter chain: the module docstring says so,
    and only an outside checkpoint of (count, last hash) can catch it."""
    rows = make_chain(6)
    verdict = chain.verify(rows[:4])
    assert verdict == chain.Verdict(ok=True, checked=4)
    assert rows[3].hash != rows[5].hash


def test_canonical_form_is_stable() -> None:
    """The hash of a row depends on its content only, not on dict order or the JSON spacing."""
    a = chain.canonical(seq=1, occurred_at=T0, actor="a", institution="i", action="x", object_type="t",
                        object_id="o", details={"b": 1, "a": [1, 2]})
    b = chain.canonical(seq=1, occurred_at=T0, actor="a", institution="i", action="x", object_type="t",
                        object_id="o", details={"a": [1, 2], "b": 1})
    assert a == b
    assert chain.link(chain.GENESIS, a) == chain.link(chain.GENESIS, b)
    assert len(chain.link(chain.GENESIS, a)) == 64


# --- property: one random tampering anywhere in a chain of 1..200 rows ----------------------

EDITABLE = ["actor", "institution", "action", "object_type", "object_id", "details", "occurred_at", "hash",
            "prev_hash"]


@st.composite
def tampered_chains(draw: st.DrawFn) -> tuple[list[ChainRow], int]:
    """A chain and one tampering; returns the rows and the seq the verdict must name."""
    length = draw(st.integers(min_value=1, max_value=200))
    rows = make_chain(length)
    kinds = ["edit", "edit_rehash", "insert"]
    if length >= 2:
        kinds += ["delete", "swap"]
    kind = draw(st.sampled_from(kinds))
    if kind == "edit":
        index = draw(st.integers(0, length - 1))
        field = draw(st.sampled_from(EDITABLE))
        original = getattr(rows[index], field)
        value: Any
        if field == "details":
            value = {"version": draw(st.integers()), "extra": draw(st.text(max_size=5))}
        elif field == "occurred_at":
            value = original + timedelta(microseconds=draw(st.integers(1, 10**9)))
        elif field in ("hash", "prev_hash"):
            value = draw(st.text(alphabet="0123456789abcdef", min_size=64, max_size=64).filter(
                lambda v: v != original))
        else:
            value = draw(st.text(min_size=1, max_size=20).filter(lambda v: v != original))
        rows[index] = dataclasses.replace(rows[index], **{field: value})
        return rows, index + 1
    if kind == "edit_rehash":
        # The forger fixes the row's own hash; the next row then no longer follows it. On the
        # last row this is the tail blind spot, so it is drawn only where a successor exists.
        if length < 2:
            kind = "insert"
        else:
            index = draw(st.integers(0, length - 2))
            rows[index] = rehash(dataclasses.replace(rows[index], object_id="forged"))
            return rows, index + 2
    if kind == "delete":
        # Deleting the last row is the documented blind spot, so only a row with a successor.
        index = draw(st.integers(0, length - 2))
        del rows[index]
        return rows, index + 1
    if kind == "swap":
        index = draw(st.integers(0, length - 2))
        rows[index], rows[index + 1] = rows[index + 1], rows[index]
        return rows, index + 1
    # insert: a forged row with a valid hash of its own, appended after the real last row but
    # linked to an earlier row (or the genesis), as if written out of order.
    anchor = draw(st.integers(0, length - 1))
    forged = rehash(ChainRow(seq=length + 1, occurred_at=T0, actor="forger", institution="",
                             action="people.person.edit", object_type="people.person", object_id="forged",
                             details={}, prev_hash=chain.GENESIS if anchor == 0 else rows[anchor - 1].hash,
                             hash=""))
    rows.append(forged)
    return rows, length + 1


@settings(max_examples=300, deadline=None, derandomize=True)
@given(tampered_chains())
def test_any_single_tampering_is_caught_and_named(case: tuple[list[ChainRow], int]) -> None:
    rows, bad_seq = case
    verdict = chain.verify(rows)
    assert verdict.ok is False
    assert verdict.bad_seq == bad_seq
    assert f"row {bad_seq}" in verdict.reason
    assert verdict.checked == bad_seq - 1


@settings(max_examples=50, deadline=None, derandomize=True)
@given(st.integers(min_value=1, max_value=200))
def test_any_intact_chain_verifies(length: int) -> None:
    assert chain.verify(make_chain(length)) == chain.Verdict(ok=True, checked=length)
