"""The online part of `korak bench identity`: candidate-query latency (p50/p95) and top-10
recall on a synthetic registry loaded into the configured database (use a database of its
own: `KORAK_DATABASE_URL=postgres://…/korak_bench_…`). A registry already loaded with the
same size and seed is reused."""

import random
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection

from korak.identity import loader, queries, synth
from korak.identity.models import IdentityKey, IdentityRecord
from korak.identity.normalise.keys import KEYS_VERSION, person_keys
from korak.organisations.models import Country, Institution, Membership, Role, User
from korak.people.models import Person

BENCH_NAME = "Identity benchmark registry"


def _staff(persons: int, seed: int) -> tuple[Institution, User, bool]:
    """The benchmark's institution and officer; whether its registry is already loaded."""
    name = f"{BENCH_NAME} ({persons} persons, seed {seed}, keys v{KEYS_VERSION})"
    country = Country.objects.get(code=settings.KORAK_COUNTRY)
    institution, _created = Institution.objects.get_or_create(
        name=name, defaults={"short_name": "BENCH", "kind": "foreigners_service", "country": country})
    user, _created = User.objects.get_or_create(username=f"bench-identity-{persons}-{seed}")
    Membership.objects.get_or_create(user=user, institution=institution, role=Role.CASE_OFFICER)
    loaded = Person.objects.filter(registering_institution=institution).count() == persons
    return institution, user, loaded


def run_online(*, persons: int, seed: int = 1, queries_count: int = 1000,
               progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Load (or reuse) `persons` synthetic records and time `queries_count` candidate queries,
    each the data of a registry record that has true duplicates (its own record excluded).
    top10_recall: the share of (query, true duplicate) pairs with the duplicate in the top 10."""
    say = progress or (lambda _message: None)
    records = synth.generate(persons, seed)
    institution, user, loaded = _staff(persons, seed)
    load_s = 0.0
    ids = {record.id: loader.person_id(institution, record.id) for record in records}
    if loaded:
        say("registry already loaded: reused")
    else:
        _clear_benchmark_registries()
        started = time.perf_counter()
        loader.load(records, institution=institution, user=user, progress=say)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model in (Person, IdentityRecord, IdentityKey):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")  # nosec B608
        load_s = time.perf_counter() - started
        say(f"loaded in {load_s:.1f} s")
    clusters: dict[str, list[str]] = defaultdict(list)
    for record in records:
        clusters[record.cluster_id].append(record.id)
    with_duplicates = sorted(r.id for r in records if len(clusters[r.cluster_id]) > 1)
    rng = random.Random(seed)  # noqa: S311 - draws benchmark queries, no security use
    chosen = rng.sample(with_duplicates, min(queries_count, len(with_duplicates)))
    by_id = {r.id: r for r in records}
    latencies, hits, pairs = [], 0, 0
    missed: list[tuple[synth.SynthRecord, synth.SynthRecord, list[queries.Candidate]]] = []
    for warm in chosen[:20]:
        _ask(user, by_id[warm], ids)
    for synth_id in chosen:
        record = by_id[synth_id]
        started = time.perf_counter()
        found = _ask(user, record, ids)
        latencies.append((time.perf_counter() - started) * 1000)
        top = {candidate.person.pk for candidate in found}
        for other in clusters[record.cluster_id]:
            if other != synth_id:
                pairs += 1
                hits += ids[other] in top
                if ids[other] not in top:
                    missed.append((record, by_id[other], found))
    latencies.sort()
    return {
        "persons": persons, "p50_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(latencies[max(0, int(len(latencies) * 0.95) - 1)], 2),
        "top10_recall": round(hits / pairs, 4) if pairs else None,
        "queries": len(latencies), "pairs": pairs, "load_s": round(load_s, 1), "database": connection.vendor,
        "misses": _why_missed(missed, ids),
    }


def _why_missed(missed: list[tuple[synth.SynthRecord, synth.SynthRecord, list[queries.Candidate]]],
                ids: dict[str, Any]) -> dict[str, int]:
    """Counts of the missed true pairs by cause (after the timing): no key shared with the query;
    keys shared but every one of them full (capped, a common key); keys shared but not among
    the best covered; shortlisted but scored below the top 10."""
    causes: dict[str, int] = defaultdict(int)
    for query, other, _found in missed:
        wanted = loader.profile_of_record(query)
        truth = loader.profile_of_record(other)
        shared = set(queries.lookup_keys(wanted)) & person_keys(truth.name_sets, truth.date)
        if not shared:
            causes["no shared key"] += 1
            continue
        reached = {person for _k, _v, person in queries.key_hits(sorted(shared))}
        if ids[other.id] not in reached:
            causes["shared keys all capped"] += 1
        elif ids[other.id] not in queries.shortlist(wanted, exclude=ids[query.id]):
            causes["not among the best covered"] += 1
        else:
            causes["scored below the top 10"] += 1
    return dict(sorted(causes.items()))


def _clear_benchmark_registries() -> None:
    """Remove every benchmark registry loaded before (any size, seed or key version), in SQL:
    the ORM would collect millions of index rows in memory first."""
    quote = connection.ops.quote_name
    persons = quote(Person._meta.db_table)
    institutions = Institution.objects.filter(name__startswith=BENCH_NAME).values_list("pk", flat=True)
    ids = [str(pk) for pk in institutions]
    if not ids:
        return
    holes = ", ".join(["%s"] * len(ids))
    chosen = f"SELECT id FROM {persons} WHERE registering_institution_id IN ({holes})"  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        for model in (IdentityKey, IdentityRecord):
            table = quote(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table} WHERE person_id IN ({chosen})", ids)  # noqa: S608  # nosec B608
        cursor.execute(f"DELETE FROM {persons} WHERE registering_institution_id IN ({holes})", ids)  # noqa: S608  # nosec B608


def _ask(user: User, record: synth.SynthRecord, ids: dict[str, Any]) -> list[queries.Candidate]:
    return queries.candidates(user, queries.CandidateQuery(
        given_name=record.given_name, family_name=record.family_name, birth_date=record.birth_date,
        sex=record.sex if record.sex != "unknown" else "",
        nationalities=(record.nationality,) if record.nationality else (),
    ), exclude=ids[record.id])
