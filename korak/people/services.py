"""The only writers of person records: policy, validation, write, CaseEvent and audit entry,
all in one transaction."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django_countries import countries

from korak import policy
from korak.audit import services as audit
from korak.core.refusal import RefusedError, StaleVersionError
from korak.events.services import record_event
from korak.identity import queries as identity_queries
from korak.identity import services as identity
from korak.organisations.models import Institution, User
from korak.people import names, rules
from korak.people.models import Alias, IdentityDocument, NameToken, Nationality, Person

CASE_TYPE = "people.person"
_COUNTRY_CODES = frozenset(code for code, _name in countries)


@dataclass(frozen=True)
class Registration:
    person: Person
    possible_duplicates: list[Person]


def _validate(data: rules.PersonData, now: datetime) -> None:
    refusal = rules.check_person(data, today=timezone.localdate(now), countries=_COUNTRY_CODES)
    if refusal is not None:
        raise RefusedError(refusal)


def _write_details(person: Person, data: rules.PersonData) -> None:
    """Replace the child rows and the search tokens with those of `data`."""
    person.nationalities.all().delete()
    Nationality.objects.bulk_create(
        [Nationality(person=person, country=code) for code in dict.fromkeys(data.nationalities)]
    )
    person.documents.all().delete()
    IdentityDocument.objects.bulk_create([
        IdentityDocument(person=person, type=doc.type, number=doc.number.strip(),
                         number_normalised=rules.normalise_document_number(doc.number),
                         issuing_country=doc.issuing_country, valid_from=doc.valid_from, valid_until=doc.valid_until)
        for doc in data.documents
    ])
    person.aliases.all().delete()
    Alias.objects.bulk_create([
        Alias(person=person, given_name=alias.given_name.strip(), family_name=alias.family_name.strip(),
              given_name_latin=names.to_latin(alias.given_name), family_name_latin=names.to_latin(alias.family_name))
        for alias in data.aliases
    ])
    person.name_tokens.all().delete()
    written = [data.given_name, data.family_name]
    written += [part for alias in data.aliases for part in (alias.given_name, alias.family_name)]
    seen: set[str] = set()
    rows = []
    for token in (t for text in written for t in names.tokens(text)):
        if token not in seen:
            seen.add(token)
            rows.append(NameToken(person=person, token=token[:100], key=names.match_key(token)[:100]))
    NameToken.objects.bulk_create(rows)
    identity.index_person(person, nationalities=list(dict.fromkeys(data.nationalities)),
                          aliases=[(alias.given_name, alias.family_name) for alias in data.aliases])


def _apply_fields(person: Person, data: rules.PersonData) -> None:
    person.given_name = data.given_name.strip()
    person.family_name = data.family_name.strip()
    person.given_name_latin = names.to_latin(person.given_name)
    person.family_name_latin = names.to_latin(person.family_name)
    person.name_script = names.script_of(person.given_name + " " + person.family_name)
    person.sex = data.sex
    person.birth_year, person.birth_month, person.birth_day = data.birth_year, data.birth_month, data.birth_day
    person.place_of_birth = data.place_of_birth.strip()
    person.country_of_birth = data.country_of_birth
    person.languages = list(dict.fromkeys(data.languages))


def possible_duplicates(*, actor: User, data: rules.PersonData, exclude: UUID | None = None) -> list[Person]:
    """Records the officer can see that are likely the same person: identity's online
    candidates (names across scripts and spellings, birth dates that do not contradict),
    served from its index over the whole registry."""
    found = identity_queries.candidates(actor, identity_queries.CandidateQuery(
        given_name=data.given_name, family_name=data.family_name,
        birth_date=rules.birth_date_display(data.birth_year, data.birth_month, data.birth_day),
        sex=data.sex, nationalities=tuple(data.nationalities),
        aliases=tuple((alias.given_name, alias.family_name) for alias in data.aliases),
    ), limit=10, action="people.view", exclude=exclude)
    return [candidate.person for candidate in found if candidate.likely]


def register_person(*, actor: User, institution: Institution, data: rules.PersonData) -> Registration:
    now = timezone.now()
    policy.require(actor, "people.register")
    if not policy.can(actor, "people.register", Person(registering_institution=institution)):
        raise policy.PermissionRefusedError("people.register")
    _validate(data, now)
    with transaction.atomic():
        duplicates = possible_duplicates(actor=actor, data=data)
        person = Person(registering_institution=institution, registered_by=actor)
        _apply_fields(person, data)
        person.save()
        _write_details(person, data)
        record_event(type="person_registered", case_type=CASE_TYPE, case_id=person.id, actor=actor,
                     institution=institution, occurred_at=now, recorded_at=now,
                     payload={"version": person.version, "possible_duplicates": len(duplicates)})
        audit.record(actor=str(actor.pk), institution=str(institution.pk), action="people.person.register",
                     object_type=CASE_TYPE, object_id=str(person.pk), occurred_at=now,
                     details={"version": person.version})
    return Registration(person=person, possible_duplicates=duplicates)


def update_person(*, actor: User, person_id: UUID, expected_version: int, data: rules.PersonData) -> Person:
    now = timezone.now()
    _validate(data, now)
    with transaction.atomic():
        # Lock the row: two officers saving at once must not both succeed.
        person = policy.get_for(actor, Person.objects.select_for_update(), person_id, "people.edit")
        if person.version != expected_version:
            raise StaleVersionError(current_version=person.version)
        before = _snapshot(person)
        _apply_fields(person, data)
        person.version += 1
        person.save()
        _write_details(person, data)
        changed = sorted(name for name, value in _snapshot(person).items() if before.get(name) != value)
        changed += ["details"]
        record_event(type="person_edited", case_type=CASE_TYPE, case_id=person.id, actor=actor,
                     institution=person.registering_institution, occurred_at=now, recorded_at=now,
                     payload={"version": person.version, "fields": changed})
        audit.record(actor=str(actor.pk), institution=str(person.registering_institution_id),
                     action="people.person.edit", object_type=CASE_TYPE, object_id=str(person.pk),
                     occurred_at=now, details={"version": person.version, "fields": changed})
    return person


def _snapshot(person: Person) -> dict[str, object]:
    fields = ("given_name", "family_name", "sex", "birth_year", "birth_month", "birth_day", "place_of_birth",
              "country_of_birth", "languages")
    return {name: getattr(person, name) for name in fields}
