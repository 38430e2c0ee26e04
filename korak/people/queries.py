"""The readers of person records that views, the API and other apps call. Every one goes
through the policy; reading a record in full is audited."""

from dataclasses import dataclass
from uuid import UUID

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery

from korak import policy
from korak.audit import services as audit
from korak.organisations.models import User
from korak.people import names, rules
from korak.people.models import IdentityDocument, NameToken, Nationality, Person

MAX_QUERY_TOKENS = 6
# Sorts after every folded character (ASCII letters and digits): the upper bound of a prefix range.
_PREFIX_END = "\x7f"
_NAME_ORDER = ("family_name_latin", "given_name_latin", "id")
# Up to this many matching records are all ranked, read by primary key; a broader tier is
# ranked from a sample this size. Past a few hundred ids PostgreSQL's default costs
# (random_page_cost = 4) prefer reading every person of the registry instead.
CANDIDATES = 500
# Enough name tokens to tell a rare name part from a common one.
_RARE = 10_000


@dataclass(frozen=True)
class SearchCriteria:
    q: str = ""
    birth: str = ""
    nationality: str = ""
    document: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.q.strip() or self.birth.strip() or self.nationality.strip() or self.document.strip())


def search(*, actor: User, criteria: SearchCriteria, limit: int = 50) -> list[Person]:
    """Names match across scripts and spellings: each part of the query must match a part of
    the name or an alias, by prefix of its folded form or by its spelling-blind key. Records
    with more parts spelled exactly as typed come first, then by name.

    Up to CANDIDATES matching records are all ranked. A broader query (a 3-letter prefix, a
    common name alone) is ranked tier by tier: every part spelled exactly, some part spelled
    exactly, the rest; a tier of more than CANDIDATES records is ranked from a sample of
    them. Exact spellings still come first; within such a tier the page is in name order but
    need not hold the first names of the alphabet, and the officer narrows the query."""
    queryset = _filtered(policy.visible(actor, Person.objects.all(), "people.search"), criteria)
    query_tokens = list(dict.fromkeys(names.tokens(criteria.q)))[:MAX_QUERY_TOKENS]
    if not query_tokens:
        if criteria.is_empty:
            queryset = queryset.order_by("-created_at")
        return list(queryset[:limit])
    matching = [_prefix_of(token) | Q(key=names.match_key(token)) for token in query_tokens]
    if connection.vendor != "postgresql" and len(query_tokens) > 1:
        # PostgreSQL orders the semi-joins by its statistics; SQLite starts from the first.
        rarity = {token: NameToken.objects.filter(condition)[:_RARE].count()
                  for token, condition in zip(query_tokens, matching, strict=True)}
        query_tokens = sorted(query_tokens, key=rarity.__getitem__)
        matching = [_prefix_of(token) | Q(key=names.match_key(token)) for token in query_tokens]
    # A birth date, nationality or document narrows the registry more than a name does: then
    # the database starts from those; otherwise from the name tokens alone.
    narrowed = bool(criteria.birth.strip() or criteria.nationality.strip() or criteria.document.strip())
    everyone, complete = _sample(queryset, matching, shown=set(), from_names=not narrowed)
    if complete:
        return _ranked(queryset, everyone, query_tokens, limit)
    tiers = [[Q(token=token) for token in query_tokens]]
    if len(query_tokens) > 1:
        tiers.append([*matching, Q(token__in=query_tokens)])
    tiers.append(matching)
    found: list[Person] = []
    for tier in tiers:
        shown = {person.pk for person in found}
        ids, complete = _sample(queryset, tier, shown=shown, from_names=not narrowed)
        ranked = _ranked(queryset, ids, query_tokens, limit - len(found))
        if not complete and not narrowed and len(ranked) < limit - len(found):
            # The tier's first records in the name index were mostly not the user's (another
            # institution): sample among the user's own.
            ids, complete = _sample(queryset, tier, shown=shown, from_names=False)
            ranked = _ranked(queryset, ids, query_tokens, limit - len(found))
        found += ranked
        if len(found) >= limit:
            break
    return found


def _filtered(queryset: QuerySet[Person], criteria: SearchCriteria) -> QuerySet[Person]:
    """Every criterion but the name. Each is a semi-join on the person's id (IN a subquery),
    never a join: no row is repeated, so no DISTINCT."""
    queryset = _filter_birth(queryset, criteria.birth)
    if criteria.nationality.strip():
        country = criteria.nationality.strip().upper()[:2]
        queryset = queryset.filter(id__in=Nationality.objects.filter(country=country).values("person_id"))
    if criteria.document.strip():
        number = rules.normalise_document_number(criteria.document)
        documents = IdentityDocument.objects.filter(number_normalised__startswith=number)
        queryset = queryset.filter(id__in=documents.values("person_id"))
    return queryset.select_related("registering_institution")


def _sample(queryset: QuerySet[Person], conditions: list[Q], *, shown: set[UUID],
            from_names: bool) -> tuple[list[UUID], bool]:
    """Ids of persons meeting the conditions, and whether that is all of them: up to
    CANDIDATES + 1 in no order, so that the database stops as soon as it has them. From the
    name tokens alone (any institution's, filtered when ranked), or from the records the
    user may see."""
    if from_names:
        ids = list(_name_index(conditions)[: CANDIDATES + 1])
        return [pk for pk in ids if pk not in shown], len(ids) <= CANDIDATES
    persons = queryset.filter(id__in=_name_index(conditions)).exclude(id__in=shown).order_by()
    ids = list(persons.values_list("id", flat=True)[: CANDIDATES + 1])
    return ids, len(ids) <= CANDIDATES


def _name_index(conditions: list[Q]) -> QuerySet[NameToken, UUID]:
    """Persons with a name part meeting each condition, from the name tokens alone (an id may
    repeat). Semi-joins, so the database starts from the rarest part and looks the others
    up by person, instead of reading every "Muhammad" to find the few "Zazai"."""
    first, *others = conditions
    tokens = NameToken.objects.filter(first)
    for condition in others:
        tokens = tokens.filter(Exists(NameToken.objects.filter(condition, person_id=OuterRef("person_id"))))
    return tokens.values_list("person_id", flat=True)


def _ranked(queryset: QuerySet[Person], ids: list[UUID], query_tokens: list[str], limit: int) -> list[Person]:
    """These records (read by primary key), more parts spelled exactly first, then by name."""
    if not ids or limit <= 0:
        return []
    spelled = NameToken.objects.filter(person=OuterRef("pk"), token__in=query_tokens)
    exact: Exists | Subquery = (
        Subquery(spelled.order_by().values("person").annotate(count=Count("pk")).values("count"))
        if len(query_tokens) > 1 else Exists(spelled)
    )
    ranked = queryset.filter(id__in=set(ids[:CANDIDATES])).annotate(exact=exact)
    return list(ranked.order_by(F("exact").desc(nulls_last=True), *_NAME_ORDER)[:limit])


def _prefix_of(token: str) -> Q:
    if connection.vendor == "postgresql":
        # LIKE 'tok%' compares bytes through the varchar_pattern_ops index, whatever the
        # database's collation: a range would not, since hr_HR or bs_BA sort "lj" after "lz".
        return Q(token__startswith=token)
    return Q(token__gte=token, token__lt=token + _PREFIX_END)


def _filter_birth(queryset: QuerySet[Person], text: str) -> QuerySet[Person]:
    """A query date matches the parts a record knows: 1999-03-14 finds a record of 1999 only."""
    parts = rules.parse_birth_date(text) if text.strip() else None
    if parts is None:
        return queryset if not text.strip() else queryset.none()
    year, month, day = parts
    queryset = queryset.filter(birth_year=year)
    if month is not None:
        queryset = queryset.filter(Q(birth_month__isnull=True) | Q(birth_month=month))
    if day is not None:
        queryset = queryset.filter(Q(birth_day__isnull=True) | Q(birth_day=day))
    return queryset


def get_person(*, actor: User, person_id: UUID | str, action: str = "people.view") -> Person:
    """One record in full, for a user allowed to see it; the read itself is audited."""
    person = policy.get_for(
        actor,
        Person.objects.select_related("registering_institution").prefetch_related(
            "nationalities", "documents", "aliases"
        ),
        person_id,
        action,
    )
    audit.record(actor=str(actor.pk), institution=str(person.registering_institution_id),
                 action="people.person.read", object_type="people.person", object_id=str(person.pk))
    return person


def person_data(person: Person) -> rules.PersonData:
    """The current record as the input of an edit."""
    return rules.PersonData(
        given_name=person.given_name, family_name=person.family_name, sex=person.sex,
        birth_year=person.birth_year, birth_month=person.birth_month, birth_day=person.birth_day,
        place_of_birth=person.place_of_birth, country_of_birth=str(person.country_of_birth or ""),
        nationalities=tuple(str(n.country) for n in person.nationalities.all()),
        languages=tuple(person.languages),
        documents=tuple(
            rules.DocumentData(type=d.type, number=d.number, issuing_country=str(d.issuing_country),
                               valid_from=d.valid_from, valid_until=d.valid_until)
            for d in person.documents.all()
        ),
        aliases=tuple(rules.AliasData(given_name=a.given_name, family_name=a.family_name)
                      for a in person.aliases.all()),
    )
