"""Tampering with the audit table directly in SQL, on the real database (SQLite and PostgreSQL).

First the database itself refuses UPDATE and DELETE (triggers of migration 0002). Then we act as
a database owner who switches the triggers off, rewrites history, and `korak audit verify`
exits 1 naming the row. Both vendors run DDL inside a transaction, so each test's switch-off is
undone with the test's rollback; the triggers are re-enabled explicitly all the same."""

import json
from collections.abc import Iterator

import pytest
from django.db import DatabaseError, connection, transaction

from korak import cli
from korak.audit import chain
from korak.audit.models import AuditEntry
from korak.organisations.models import User
from korak.people import queries, services
from korak.people.models import Person
from tests.personas import person_data

TABLE = AuditEntry._meta.db_table


def _execute(sql: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _disable_triggers() -> None:
    if connection.vendor == "postgresql":
        _execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
    else:
        _execute("DROP TRIGGER audit_no_update")
        _execute("DROP TRIGGER audit_no_delete")


@pytest.fixture
def entries(person_ba: Person, officer_ba: User) -> list[AuditEntry]:
    """Four real entries written by the services: register, read, edit, read."""
    queries.get_person(actor=officer_ba, person_id=person_ba.id)
    services.update_person(actor=officer_ba, person_id=person_ba.id, expected_version=1,
                           data=person_data(family_name="Ахмади-Хасани"))
    queries.get_person(actor=officer_ba, person_id=person_ba.id)
    rows = list(AuditEntry.objects.order_by("seq"))
    assert [row.action for row in rows] == ["people.person.register", "people.person.read", "people.person.edit",
                                            "people.person.read"]
    assert [row.seq for row in rows] == [1, 2, 3, 4]
    return rows


@pytest.fixture
def owner_mode() -> Iterator[None]:
    """The append-only triggers switched off, as only the database owner can."""
    _disable_triggers()
    try:
        yield
    finally:
        _restore_triggers()


def _restore_triggers() -> None:
    if connection.vendor == "postgresql":
        _execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")
        return
    from importlib import import_module

    for statement in import_module("korak.audit.migrations.0002_append_only").SQLITE_UP:
        _execute(statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS"))


def _verify(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    capsys.readouterr()
    code = cli.main(["audit", "verify", *extra])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


# --- the database refuses ------------------------------------------------------------------

@pytest.mark.parametrize("statement", [
    f"UPDATE {TABLE} SET actor = 'forger' WHERE seq = 2",
    f"DELETE FROM {TABLE} WHERE seq = 2",
    f"DELETE FROM {TABLE}",
])
def test_database_refuses_update_and_delete(statement: str, entries: list[AuditEntry]) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _execute(statement)
    assert list(AuditEntry.objects.order_by("seq").values_list("seq", "actor")) == [
        (row.seq, row.actor) for row in entries
    ]


def test_orm_cannot_rewrite_either(entries: list[AuditEntry]) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(seq=3).update(details={"version": 1})
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        entries[0].delete()
    assert AuditEntry.objects.count() == 4


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE exists on PostgreSQL only")
def test_database_refuses_truncate(entries: list[AuditEntry]) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _execute(f"TRUNCATE {TABLE}")
    assert AuditEntry.objects.count() == 4


# --- the chain catches what the owner does -------------------------------------------------

def test_verify_passes_on_an_intact_chain(entries: list[AuditEntry], capsys: pytest.CaptureFixture[str]) -> None:
    code, output = _verify(capsys)
    assert code == 0
    assert "audit chain intact: 4 entries verified" in output
    code, output = _verify(capsys, "--json")
    assert code == 0
    assert json.loads(output) == {"ok": True, "checked": 4, "bad_row": None, "reason": ""}


def test_update_in_sql_is_caught(entries: list[AuditEntry], owner_mode: None,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    _execute(f"UPDATE {TABLE} SET actor = %s WHERE seq = 3", ["forger"])
    assert AuditEntry.objects.get(seq=3).actor == "forger"
    code, output = _verify(capsys)
    assert code == 1
    assert "BROKEN at row 3" in output
    assert "row 3 was changed after it was written" in output


def test_update_of_details_in_sql_is_caught(entries: list[AuditEntry], owner_mode: None,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    AuditEntry.objects.filter(seq=2).update(details={"version": 7})
    code, output = _verify(capsys, "--json")
    assert code == 1
    assert json.loads(output)["bad_row"] == 2


def test_update_with_recomputed_hash_is_caught_at_the_next_row(
    entries: list[AuditEntry], owner_mode: None, capsys: pytest.CaptureFixture[str],
) -> None:
    """A forger who knows the algorithm rehashes the changed row; the next row no longer follows."""
    row = entries[1]
    body = chain.canonical(seq=row.seq, occurred_at=row.occurred_at, actor="forger", institution=row.institution,
                           action=row.action, object_type=row.object_type, object_id=row.object_id,
                           details=row.details)
    _execute(f"UPDATE {TABLE} SET actor = %s, hash = %s WHERE seq = 2", ["forger", chain.link(row.prev_hash, body)])
    code, output = _verify(capsys)
    assert code == 1
    assert "BROKEN at row 3" in output
    assert "does not follow row 2" in output


def test_delete_in_sql_is_caught(entries: list[AuditEntry], owner_mode: None,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    _execute(f"DELETE FROM {TABLE} WHERE seq = 2")
    assert AuditEntry.objects.count() == 3
    code, output = _verify(capsys)
    assert code == 1
    assert "BROKEN at row 2" in output
    assert "row 2 is missing" in output


def test_forged_insert_out_of_order_is_caught(entries: list[AuditEntry], capsys: pytest.CaptureFixture[str]) -> None:
    """A forged row 5 with a correct hash of its own, but linked after row 2 as if it had been
    written then. INSERT needs no switch-off at all: only the chain catches this one."""
    anchor = entries[1]
    row = {"seq": 5, "occurred_at": anchor.occurred_at, "actor": anchor.actor, "institution": anchor.institution,
           "action": "people.person.edit", "object_type": anchor.object_type, "object_id": anchor.object_id,
           "details": {"version": 9}}
    digest = chain.link(anchor.hash, chain.canonical(**row))
    _execute(
        f"INSERT INTO {TABLE} (seq, occurred_at, actor, institution, action, object_type, object_id, details, "
        "prev_hash, hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [row["seq"], row["occurred_at"], row["actor"], row["institution"], row["action"], row["object_type"],
         row["object_id"], json.dumps(row["details"]), anchor.hash, digest],
    )
    assert AuditEntry.objects.count() == 5
    code, output = _verify(capsys)
    assert code == 1
    assert "BROKEN at row 5" in output
    assert "does not follow row 4" in output


def test_insert_of_a_lower_number_is_caught(entries: list[AuditEntry], capsys: pytest.CaptureFixture[str]) -> None:
    """A forged row numbered 0 sorts before the genesis row."""
    first = entries[0]
    _execute(
        f"INSERT INTO {TABLE} (seq, occurred_at, actor, institution, action, object_type, object_id, details, "
        "prev_hash, hash) VALUES (0, %s, 'forger', '', 'x', 'y', 'z', '{}', %s, %s)",
        [first.occurred_at, chain.GENESIS, first.prev_hash],
    )
    code, output = _verify(capsys, "--json")
    assert code == 1
    assert json.loads(output)["bad_row"] == 0


def test_triggers_are_back_after_owner_mode(entries: list[AuditEntry]) -> None:
    _disable_triggers()
    _restore_triggers()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _execute(f"UPDATE {TABLE} SET actor = 'forger' WHERE seq = 1")
