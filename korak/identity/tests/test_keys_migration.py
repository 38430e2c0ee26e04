"""The data migration that rebuilds the candidate keys (keys v7) gives every person exactly the
keys registration writes, from the normalised record alone. Synthetic people only."""

import importlib

from django.apps import apps

from korak.identity import services
from korak.identity.models import IdentityKey
from korak.identity.tests.test_review_services import register
from korak.organisations.models import Institution, User

migration = importlib.import_module("korak.identity.migrations.0003_rebuild_keys_v7")


def keys_of(person_id: object) -> set[tuple[str, str]]:
    return set(IdentityKey.objects.filter(person_id=person_id).values_list("kind", "value"))


def test_the_migration_rebuilds_the_keys_registration_writes(officer_ba: User, sfa_ba: Institution) -> None:
    dated = register(officer_ba, sfa_ba, "Javed", "Bagheri", birth_year=1971, birth_month=8, birth_day=15)
    undated = register(officer_ba, sfa_ba, "Мухамед", "Ахмади")
    written = {person.pk: keys_of(person.pk) for person in (dated, undated)}
    assert ("nm", "yd:08-15") in written[dated.pk] and any(kind == "tu" for kind, _v in written[undated.pk])
    IdentityKey.objects.filter(kind__in=["nm", "tu"]).delete()  # as a registry indexed by keys v6 holds them
    IdentityKey.objects.create(person=dated, kind="n", value="stale")
    migration.rebuild(apps, None)
    assert {person_id: keys_of(person_id) for person_id in written} == written


def test_aliases_are_rebuilt_too(officer_ba: User, sfa_ba: Institution) -> None:
    person = register(officer_ba, sfa_ba, "Ahmad", "Karimi", birth_year=1990)
    without_alias = keys_of(person.pk)
    services.index_person(person, aliases=[("Ali", "Rezai")])
    with_alias = keys_of(person.pk)
    assert with_alias > without_alias
    migration.rebuild(apps, None)
    assert keys_of(person.pk) == with_alias
