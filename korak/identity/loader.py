"""Register a synthetic registry into the database quickly, for the online benchmark: persons,
their normalised records and blocking keys in bulk (COPY on PostgreSQL, bulk inserts on
SQLite). Not a registration path for real data: no events, audit entries, nationality rows or
people search tokens are written (the benchmark measures identity's candidate query)."""

import uuid
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from korak.identity import scoring
from korak.identity.models import IdentityKey, IdentityRecord
from korak.identity.normalise import ParsedName, parse_date, parse_name, person_keys, to_latin
from korak.identity.services import record_row
from korak.identity.synth import SynthRecord
from korak.organisations.models import Institution, User
from korak.people.models import Person

_SEX = {"male", "female", "other", "unknown"}


@cache
def _parsed(text: str) -> ParsedName:
    return parse_name(text)


@cache
def _latin(text: str) -> str:
    return to_latin(text)


def profile_of_record(record: SynthRecord) -> scoring.Profile:
    given, family = _parsed(record.given_name), _parsed(record.family_name)
    return scoring.Profile(
        given=given.parts, family=family.parts, date=parse_date(record.birth_date) if record.birth_date else None,
        sex=record.sex if record.sex in _SEX else "unknown",
        nationalities=frozenset([record.nationality.upper()] if record.nationality else []),
        script=given.script if given.parts else family.script,
    )


def person_id(institution: Institution, synth_id: str) -> uuid.UUID:
    """The person id a synth record gets: the same on every load into this institution."""
    return uuid.uuid5(uuid.NAMESPACE_OID, f"korak-identity-synth:{institution.pk}:{synth_id}")


def _rows(records: list[SynthRecord], institution: Institution
          ) -> Iterator[tuple[SynthRecord, uuid.UUID, scoring.Profile]]:
    for record in records:
        yield record, person_id(institution, record.id), profile_of_record(record)


def load(records: list[SynthRecord], *, institution: Institution, user: User,
         progress: Callable[[str], None] | None = None, chunk: int = 50_000) -> dict[str, uuid.UUID]:
    """Insert the records; returns synth id → person id. On PostgreSQL a large load drops the
    key table's indexes first and builds them once at the end."""
    postgres = connection.vendor == "postgresql"
    rebuild = postgres and len(records) >= 200_000
    dropped = _drop_key_indexes() if rebuild else []
    try:
        return _load(records, institution=institution, user=user, progress=progress, chunk=chunk)
    finally:
        if dropped:
            if progress:
                progress("building the key indexes")
            with connection.cursor() as cursor:
                for statement in dropped:
                    cursor.execute(statement)


def _drop_key_indexes() -> list[str]:
    """Drop the key table's secondary indexes; return the statements that rebuild them."""
    table = IdentityKey._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        found = [(name, definition) for name, definition in cursor.fetchall() if not name.endswith("_pkey")]
        for name, _definition in found:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return [definition for _name, definition in found]


def _load(records: list[SynthRecord], *, institution: Institution, user: User,
          progress: Callable[[str], None] | None, chunk: int) -> dict[str, uuid.UUID]:
    ids: dict[str, uuid.UUID] = {}
    postgres = connection.vendor == "postgresql"
    now = timezone.now()
    for start in range(0, len(records), chunk):
        part = list(_rows(records[start:start + chunk], institution))
        persons, identity_rows, keys = [], [], []
        for record, pk, profile in part:
            ids[record.id] = pk
            date = profile.date
            persons.append((pk, now, now, 1, record.given_name[:200], record.family_name[:200],
                            _latin(record.given_name)[:200], _latin(record.family_name)[:200], profile.script,
                            profile.sex, date.year if date else None, date.month if date else None,
                            date.day if date and date.month else None, "", "", "[]", institution.pk, user.pk))
            identity_rows.append(record_row(pk, profile))
            keys += [(pk, kind, value) for kind, value in person_keys(profile.name_sets, profile.date)]
        with transaction.atomic():
            if postgres:
                _copy(Person, ["id", "created_at", "updated_at", "version", "given_name", "family_name",
                               "given_name_latin", "family_name_latin", "name_script", "sex", "birth_year",
                               "birth_month", "birth_day", "place_of_birth", "country_of_birth", "languages",
                               "registering_institution_id", "registered_by_id"], persons)
                _copy(IdentityRecord, ["person_id", "given", "family", "aliases", "script", "birth_year",
                                       "birth_month", "birth_day", "sex", "nationalities"],
                      [(r.person_id, r.given, r.family, r.aliases, r.script, r.birth_year, r.birth_month,
                        r.birth_day, r.sex, r.nationalities) for r in identity_rows])
                _copy(IdentityKey, ["person_id", "kind", "value"], keys)
            else:
                Person.objects.bulk_create([
                    Person(id=row[0], version=1, given_name=row[4], family_name=row[5], given_name_latin=row[6],
                           family_name_latin=row[7], name_script=row[8], sex=row[9], birth_year=row[10],
                           birth_month=row[11], birth_day=row[12], registering_institution=institution,
                           registered_by=user) for row in persons], batch_size=2000)
                IdentityRecord.objects.bulk_create(identity_rows, batch_size=2000)
                IdentityKey.objects.bulk_create([IdentityKey(person_id=pk, kind=kind, value=value)
                                                 for pk, kind, value in keys], batch_size=5000)
        if progress:
            progress(f"loaded {min(start + chunk, len(records))} / {len(records)}")
    return ids


def _copy(model: Any, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    quote = connection.ops.quote_name
    statement = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
