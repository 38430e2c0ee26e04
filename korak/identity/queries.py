"""The online candidates: "who is this?" while the officer waits. The top candidates from
the whole registry, each with a score and an explanation per field, served from the
IdentityKey index in three queries:

1. the persons sharing each blocking key of the query, at most a few hundred per key (a
   common key such as "mhmd" alone is capped; combined keys such as two names and the
   birth year are rare and complete), in one UNION ALL of index range scans;
2. the normalised records of the best-covered few dozen that the user may see (the policy
   filters them by the person's institution), by primary key; they are scored in Python;
3. the persons of the top `limit`, by primary key.
Results are not audited (like a search: only reading a record in full is)."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db import connection

from korak import policy
from korak.identity import scoring
from korak.identity.models import IdentityKey, IdentityRecord
from korak.identity.normalise import KIND_WEIGHTS, PartialDate, parse_date, person_keys
from korak.organisations.models import User
from korak.people.models import Person

# How many persons one key may bring (a key that fills its cap is common: it counts less).
CAPS = {"py": 200, "nd": 200, "nn": 200, "ny": 100, "d": 100, "n": 50}
# How many of the best-covered persons are scored in full.
SHORTLIST = 50
MAX_SHORTLIST = 150
COMMON_KEY_FACTOR = 0.25
MAX_KEYS = 40


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


def _key_hits(keys: list[tuple[str, str]]) -> list[tuple[str, str, UUID]]:
    """(kind, value, person) for up to CAPS[kind] persons per key, in one statement."""
    table = connection.ops.quote_name(IdentityKey._meta.db_table)
    selects: list[str] = []
    params: list[str | int] = []
    for kind, value in keys:
        # The table name comes from the model; kind, value and cap are bound parameters.
        sub = f"SELECT * FROM (SELECT kind, value, person_id FROM {table} WHERE kind = %s AND value = %s LIMIT %s) AS k"  # noqa: S608  # nosec B608
        selects.append(f"{sub}{len(selects)}")
        params += [kind, value, CAPS[kind]]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        rows = cursor.fetchall()
    return [(kind, value, person if isinstance(person, UUID) else UUID(str(person))) for kind, value, person in rows]


def shortlist(query: scoring.Profile, *, exclude: UUID | None = None, size: int = SHORTLIST) -> list[UUID]:
    """The persons sharing the most telling keys with the query, best covered first."""
    keys = sorted(person_keys(query.name_sets, query.date, query=True),
                  key=lambda key: -KIND_WEIGHTS[key[0]])[:MAX_KEYS]
    if not keys:
        return []
    hits = _key_hits(keys)
    per_key: dict[tuple[str, str], int] = defaultdict(int)
    for kind, value, _person in hits:
        per_key[(kind, value)] += 1
    coverage: dict[UUID, float] = defaultdict(float)
    for kind, value, person in hits:
        weight = KIND_WEIGHTS[kind]
        if per_key[(kind, value)] >= CAPS[kind]:
            weight *= COMMON_KEY_FACTOR
        coverage[person] += weight
    coverage.pop(exclude, None) if exclude is not None else None
    ranked = sorted(coverage, key=lambda person: -coverage[person])
    if len(ranked) <= size:
        return ranked
    # Persons as well covered as the last one kept are kept too (up to MAX_SHORTLIST): a
    # cut inside a tie would be arbitrary. The scorer tells them apart.
    floor = coverage[ranked[size - 1]]
    return [person for person in ranked[:MAX_SHORTLIST] if coverage[person] >= floor]


def candidates(user: User, query: CandidateQuery, limit: int = 10, *, action: str = "identity.candidates",
               exclude: UUID | None = None) -> list[Candidate]:
    """The top `limit` persons the user may see (for `action`) that may be the queried one."""
    policy.require(user, action)
    wanted = query.profile()
    ids = shortlist(wanted, exclude=exclude)
    if not ids:
        return []
    # The policy filters the records (their scope is the person's institution): one pass.
    rows = policy.visible(user, IdentityRecord.objects.filter(person_id__in=ids), action).values_list(
        *_RECORD_FIELDS)
    scored = sorted(((row[0], scoring.score(wanted, _profile_of_row(row))) for row in rows),
                    key=lambda item: (-item[1].score, str(item[0])))[:limit]
    persons = Person.objects.select_related("registering_institution").in_bulk([pk for pk, _s in scored])
    return [Candidate(person=persons[pk], score=result.score, likely=result.likely, explanation=result.explanation)
            for pk, result in scored if pk in persons]
