"""The online candidates: "who is this?" while the officer waits. The top candidates from
the whole registry, each with a score and an explanation per field, served from the
IdentityKey index in three queries:

1. the persons sharing each blocking key of the query, at most a few hundred per key (a
   common key such as "mhmd" alone is capped; combined keys such as two names and the
   birth year are rare and complete), in one UNION ALL of index range scans;
2. the normalised records of the best-covered few dozen that the user may see (the policy
   filters them by the person's institution), by primary key, with the records of the
   survivors of those merged away; they are scored in Python, a merged-away record for its
   survivor (a person merged away is never offered itself);
3. the persons of the top `limit`, by primary key.
Results are not audited (like a search: only reading a record in full is)."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db import connection
from django.db.models import OuterRef, Subquery

from korak import policy
from korak.identity import scoring
from korak.identity.models import IdentityKey, IdentityRecord, PersonMerge
from korak.identity.normalise import KIND_WEIGHTS, PartialDate, parse_date, person_keys
from korak.organisations.models import User
from korak.people.models import Person

# How many persons one key may bring (a key that fills its cap is common: it counts less).
CAPS = {"py": 200, "nu": 200, "nd": 200, "ty": 100, "nm": 100, "tu": 200, "nn": 200, "ny": 100, "d": 100, "n": 50}
# Kinds that count once per person however many of their keys it shares (a name without a
# typo shares every one-letter-off variant of it).
ONCE_PER_PERSON = frozenset({"ty", "tu"})
# How many of the best-covered persons are scored in full.
SHORTLIST = 100
MAX_SHORTLIST = 200
# A query without a birth date has no rarer key than its name pairs (a common pair such as
# ahmd:mhmd fills any cap at a million persons): it reads more of them and scores more.
UNDATED_CAPS = {**CAPS, "nn": 600, "tu": 600}
UNDATED_SHORTLIST = 400
COMMON_KEY_FACTOR = 0.25
MAX_KEYS = 160


@dataclass(frozen=True)
class CandidateQuery:
    given_name: str = ""
    family_name: str = ""
    birth_date: str = ""  # YYYY, YYYY-MM, YYYY-MM-DD (or DD.MM.YYYY)
    sex: str = ""
    nationalities: tuple[str, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()

    def date(self) -> PartialDate | None:
        return parse_date(self.birth_date) if self.birth_date.strip() else None

    def profile(self) -> scoring.Profile:
        return scoring.profile_of(given_name=self.given_name, family_name=self.family_name,
                                  aliases=list(self.aliases), date=self.date(), sex=self.sex or "unknown",
                                  nationalities=self.nationalities)


@dataclass(frozen=True)
class Candidate:
    person: Person
    score: float
    likely: bool
    explanation: scoring.Explanation


_RECORD_FIELDS = ("person_id", "given", "family", "aliases", "script", "birth_year", "birth_month", "birth_day", "sex",
                  "nationalities")


def _profile_of_row(row: tuple[Any, ...]) -> scoring.Profile:
    """An IdentityRecord read as a tuple of _RECORD_FIELDS (no model instance: this is hot)."""
    _pk, given, family, aliases, script, year, month, day, sex, nationalities = row
    date = PartialDate(year, month, day) if year else None
    alias_parts = tuple(tuple(alias.split()) for alias in aliases.split(";") if alias.strip()) if aliases else ()
    return scoring.Profile(given=tuple(given.split()), family=tuple(family.split()), aliases=alias_parts,
                           date=date, sex=sex, nationalities=frozenset(nationalities.split()), script=script)


def key_hits(keys: list[tuple[str, str]], caps: dict[str, int] = CAPS) -> list[tuple[str, str, UUID]]:
    """(kind, value, person) for up to caps[kind] persons per key, in one statement."""
    table = connection.ops.quote_name(IdentityKey._meta.db_table)
    selects: list[str] = []
    params: list[str | int] = []
    for kind, value in keys:
        # The table name comes from the model; kind, value and cap are bound parameters.
        sub = f"SELECT * FROM (SELECT kind, value, person_id FROM {table} WHERE kind = %s AND value = %s LIMIT %s) AS k"  # noqa: S608  # nosec B608
        selects.append(f"{sub}{len(selects)}")
        params += [kind, value, caps[kind]]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        rows = cursor.fetchall()
    return [(kind, value, person if isinstance(person, UUID) else UUID(str(person))) for kind, value, person in rows]


def lookup_keys(query: scoring.Profile) -> list[tuple[str, str]]:
    """The keys the query looks up, most telling first."""
    return sorted(person_keys(query.name_sets, query.date, query=True),
                  key=lambda key: (-KIND_WEIGHTS[key[0]], key))[:MAX_KEYS]


def rank(hits: list[tuple[str, str, UUID]], *, exclude: UUID | None = None, size: int = SHORTLIST,
         caps: dict[str, int] = CAPS) -> list[UUID]:
    """The persons of the key hits, best covered first (pure: the benchmark's analysis replays it)."""
    per_key: dict[tuple[str, str], int] = defaultdict(int)
    for kind, value, _person in hits:
        per_key[(kind, value)] += 1
    coverage: dict[UUID, float] = defaultdict(float)
    once: dict[tuple[str, UUID], float] = {}
    for kind, value, person in hits:
        weight = KIND_WEIGHTS[kind]
        if per_key[(kind, value)] >= caps[kind]:
            weight *= COMMON_KEY_FACTOR
        if kind in ONCE_PER_PERSON:
            once[(kind, person)] = max(weight, once.get((kind, person), 0.0))
        else:
            coverage[person] += weight
    for (_kind, person), weight in once.items():
        coverage[person] += weight
    if exclude is not None:
        coverage.pop(exclude, None)
    ranked = sorted(coverage, key=lambda person: -coverage[person])
    if len(ranked) <= size:
        return ranked
    # Persons as well covered as the last one kept are kept too (up to MAX_SHORTLIST): a
    # cut inside a tie would be arbitrary. The scorer tells them apart.
    floor = coverage[ranked[size - 1]]
    return [person for person in ranked[:max(size, MAX_SHORTLIST)] if coverage[person] >= floor]


def shortlist(query: scoring.Profile, *, exclude: UUID | None = None, size: int = SHORTLIST) -> list[UUID]:
    """The persons sharing the most telling keys with the query, best covered first."""
    keys = lookup_keys(query)
    if not keys:
        return []
    if query.date is None:
        return rank(key_hits(keys, UNDATED_CAPS), exclude=exclude, size=max(size, UNDATED_SHORTLIST),
                    caps=UNDATED_CAPS)
    return rank(key_hits(keys), exclude=exclude, size=size)


def _visible_records(user: User, ids: list[UUID], action: str) -> list[tuple[Any, ...]]:
    """The records of the shortlisted persons and of the survivors of those merged away, each
    with the survivor it now belongs to (None for a person of its own): one statement."""
    active = PersonMerge.objects.filter(undone_at__isnull=True)
    wanted = IdentityRecord.objects.filter(person_id__in=ids).values("person_id").union(
        active.filter(merged_id__in=ids).values("survivor_id"))
    survivor = Subquery(active.filter(merged_id=OuterRef("person_id")).values("survivor_id")[:1])
    records = IdentityRecord.objects.filter(person_id__in=wanted)
    return list(policy.visible(user, records, action).annotate(survivor=survivor).values_list(
        *_RECORD_FIELDS, "survivor"))


def _best_per_person(wanted: scoring.Profile, rows: list[tuple[Any, ...]], exclude: UUID | None
                     ) -> dict[UUID, scoring.Scored]:
    """Each record scored for the person it belongs to now: a record merged away counts for its
    survivor (offered once, with its best record), never for itself."""
    own = {row[0] for row in rows if row[-1] is None}
    best: dict[UUID, scoring.Scored] = {}
    for row in rows:
        person = _uuid(row[-1]) if row[-1] is not None else _uuid(row[0])
        if person == exclude or person not in own:
            continue  # the queried person itself, or a survivor the user may not see
        result = scoring.score(wanted, _profile_of_row(row[:-1]))
        if person not in best or result.score > best[person].score:
            best[person] = result
    return best


def _uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def candidates(user: User, query: CandidateQuery, limit: int = 10, *, action: str = "identity.candidates",
               exclude: UUID | None = None) -> list[Candidate]:
    """The top `limit` persons the user may see (for `action`) that may be the queried one."""
    policy.require(user, action)
    wanted = query.profile()
    ids = shortlist(wanted, exclude=exclude)
    if not ids:
        return []
    best = _best_per_person(wanted, _visible_records(user, ids, action), exclude)
    scored = sorted(best.items(), key=lambda item: (-item[1].score, str(item[0])))[:limit]
    persons = Person.objects.select_related("registering_institution").in_bulk([pk for pk, _s in scored])
    return [Candidate(person=persons[pk], score=result.score, likely=result.likely, explanation=result.explanation)
            for pk, result in scored if pk in persons]
