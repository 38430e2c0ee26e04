"""The readers of person records that views, the API and other apps call. Every one goes
through the policy; reading a record in full is audited."""

from dataclasses import dataclass
from uuid import UUID

from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from korak import policy
from korak.audit import services as audit
from korak.organisations.models import User
from korak.people import names, rules
from korak.people.models import IdentityDocument, NameToken, Nationality, Person

MAX_QUERY_TOKENS = 6
# Sorts after every folded character (ASCII letters and digits): the upper bound of a prefix range.
_PREFIX_END = "\x7f"
_NAME_ORDER = ("family_name_latin", "given_name_latin", "id")


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
    the name or an alias, by prefix of its folded form or by its spelling-blind key."""
    queryset = policy.visible(actor, Person.objects.all(), "people.search")
    query_tokens = names.tokens(criteria.q)[:MAX_QUERY_TOKENS]
    # Every condition is a semi-join on the person's id (IN a subquery), never a join: no row
    # is repeated, so no DISTINCT, and the database may start from whichever index is most selective.
    for token in query_tokens:
        matching = NameToken.objects.filter(_prefix_of(token) | Q(key=names.match_key(token)))
        queryset = queryset.filter(id__in=matching.values("person_id"))
    queryset = _filter_birth(queryset, criteria.birth)
    if criteria.nationality.strip():
        country = criteria.nationality.strip().upper()[:2]
        queryset = queryset.filter(id__in=Nationality.objects.filter(country=country).values("person_id"))
    if criteria.document.strip():
        number = rules.normalise_document_number(criteria.document)
        documents = IdentityDocument.objects.filter(number_normalised__startswith=number)
        queryset = queryset.filter(id__in=documents.values("person_id"))
    queryset = queryset.select_related("registering_institution")
    if query_tokens:
        return _exact_first(queryset, frozenset(query_tokens), limit)
    if criteria.is_empty:
        queryset = queryset.order_by("-created_at")
    return list(queryset[:limit])


def _prefix_of(token: str) -> Q:
    if connection.vendor == "postgresql":
        # LIKE 'tok%' compares bytes through the varchar_pattern_ops index, whatever the
        # database's collation: a range would not, since hr_HR or bs_BA sort "lj" after "lz".
        return Q(token__startswith=token)
    return Q(token__gte=token, token__lt=token + _PREFIX_END)


def _exact_first(queryset: QuerySet[Person], query_tokens: frozenset[str], limit: int) -> list[Person]:
    """Records with more query parts spelled exactly first, then by name.

    Ranked in two steps so that no count runs over a large candidate set (a 3-letter prefix
    matches a tenth of a registry): records with an exact part are ranked among themselves,
    and only if they do not fill the page, the others follow in name order."""
    exact = NameToken.objects.filter(token__in=query_tokens).values("person_id")
    with_exact = queryset.filter(id__in=exact)
    if len(query_tokens) > 1:
        spelled = (NameToken.objects.filter(person=OuterRef("pk"), token__in=query_tokens).order_by()
                   .values("person").annotate(count=Count("pk")).values("count"))
        with_exact = with_exact.annotate(exact=Subquery(spelled)).order_by("-exact", *_NAME_ORDER)
    else:
        with_exact = with_exact.order_by(*_NAME_ORDER)
    found = list(with_exact[:limit])
    if len(found) < limit:
        found += queryset.exclude(id__in=exact).order_by(*_NAME_ORDER)[: limit - len(found)]
    return found


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
