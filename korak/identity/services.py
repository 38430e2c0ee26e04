"""The writers of identity's index: one IdentityRecord and its IdentityKeys per person,
rebuilt whenever the people app registers or edits a person. The index is derived data
(no event, no audit entry of its own: the person's registration or edit has them)."""

from collections.abc import Iterable, Sequence
from uuid import UUID

from django.db import transaction

from korak.identity import scoring
from korak.identity.models import IdentityKey, IdentityRecord
from korak.identity.normalise import from_parts, person_keys
from korak.people.models import Person


def profile_of_person(person: Person, *, nationalities: Sequence[str] | None = None,
                      aliases: Sequence[tuple[str, str]] | None = None) -> scoring.Profile:
    if nationalities is None:
        nationalities = [str(row.country) for row in person.nationalities.all()]
    if aliases is None:
        aliases = [(alias.given_name, alias.family_name) for alias in person.aliases.all()]
    return scoring.profile_of(
        given_name=person.given_name, family_name=person.family_name, aliases=list(aliases),
        date=from_parts(person.birth_year, person.birth_month, person.birth_day), sex=person.sex,
        nationalities=list(nationalities),
    )


def record_row(person_id: UUID, profile: scoring.Profile) -> IdentityRecord:
    date = profile.date
    return IdentityRecord(
        person_id=person_id, given=" ".join(profile.given)[:400], family=" ".join(profile.family)[:400],
        aliases=";".join(" ".join(alias) for alias in profile.aliases)[:800], script=profile.script,
        birth_year=date.year if date else None, birth_month=date.month if date else None,
        birth_day=date.day if date else None, sex=profile.sex[:10],
        nationalities=" ".join(sorted(profile.nationalities))[:60],
    )


def key_rows(person_id: UUID, profile: scoring.Profile) -> list[IdentityKey]:
    return [IdentityKey(person_id=person_id, kind=kind, value=value)
            for kind, value in sorted(person_keys(profile.name_sets, profile.date))]


def index_person(person: Person, *, nationalities: Sequence[str] | None = None,
                 aliases: Sequence[tuple[str, str]] | None = None) -> None:
    """Rebuild the person's normalised record and blocking keys (call inside the writer's
    transaction; pass the nationalities and aliases just written to save reading them)."""
    profile = profile_of_person(person, nationalities=nationalities, aliases=aliases)
    with transaction.atomic():
        IdentityKey.objects.filter(person_id=person.pk).delete()
        IdentityRecord.objects.filter(person_id=person.pk).delete()
        record_row(person.pk, profile).save(force_insert=True)
        IdentityKey.objects.bulk_create(key_rows(person.pk, profile))


def reindex(persons: Iterable[Person] | None = None, *, batch: int = 2000) -> int:
    """Rebuild the index of these persons (all by default) in batches; returns how many."""
    queryset = Person.objects.prefetch_related("nationalities", "aliases").order_by("pk")
    source = persons if persons is not None else queryset.iterator(chunk_size=batch)
    done = 0
    chunk: list[Person] = []

    def flush() -> None:
        ids = [person.pk for person in chunk]
        profiles = [(person.pk, profile_of_person(person)) for person in chunk]
        with transaction.atomic():
            IdentityKey.objects.filter(person_id__in=ids).delete()
            IdentityRecord.objects.filter(person_id__in=ids).delete()
            IdentityRecord.objects.bulk_create([record_row(pk, profile) for pk, profile in profiles])
            IdentityKey.objects.bulk_create([row for pk, profile in profiles for row in key_rows(pk, profile)],
                                            batch_size=5000)

    for person in source:
        chunk.append(person)
        if len(chunk) >= batch:
            flush()
            done += len(chunk)
            chunk = []
    if chunk:
        flush()
        done += len(chunk)
    return done
