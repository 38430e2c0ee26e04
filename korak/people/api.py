import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated
from uuid import UUID

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field as NinjaField
from ninja import Header, Query, Router, Schema, Status

from korak import policy
from korak.core.refusal import Refusal, RefusedError
from korak.core.schemas import Text, errors
from korak.organisations.http import AuthedRequest
from korak.organisations.models import Institution, User
from korak.people import queries, rules, services
from korak.people.models import Person
from korak.people.schemas import PersonIn, PersonOut, PersonSummaryOut, RegistrationIn, RegistrationOut

router = Router(tags=["people"])


class SearchQuery(Schema):
    q: Annotated[Text, NinjaField(max_length=200)] = ""
    birth: Annotated[Text, NinjaField(max_length=10)] = ""
    nationality: Annotated[Text, NinjaField(max_length=2)] = ""
    document: Annotated[Text, NinjaField(max_length=50)] = ""
    limit: Annotated[int, NinjaField(ge=1, le=100)] = 50


def _summary(person: Person) -> dict[str, object]:
    return {
        "id": person.id, "given_name": person.given_name, "family_name": person.family_name,
        "given_name_latin": person.given_name_latin, "family_name_latin": person.family_name_latin,
        "sex": person.sex, "birth_date": rules.birth_date_display(person.birth_year, person.birth_month,
                                                                   person.birth_day),
        "version": person.version,
    }


def _full(person: Person) -> dict[str, object]:
    return _summary(person) | {
        "name_script": person.name_script, "place_of_birth": person.place_of_birth,
        "country_of_birth": str(person.country_of_birth or ""),
        "nationalities": [str(n.country) for n in person.nationalities.all()],
        "languages": list(person.languages),
        "documents": [{"type": d.type, "number": d.number, "issuing_country": str(d.issuing_country),
                       "valid_from": d.valid_from, "valid_until": d.valid_until} for d in person.documents.all()],
        "aliases": [{"given_name": a.given_name, "family_name": a.family_name, "given_name_latin": a.given_name_latin,
                     "family_name_latin": a.family_name_latin} for a in person.aliases.all()],
        "registering_institution_id": person.registering_institution_id,
    }


def _data(payload: PersonIn) -> rules.PersonData:
    parts = rules.parse_birth_date(payload.birth_date) if payload.birth_date else (None, None, None)
    year, month, day = parts or (None, None, None)
    return rules.PersonData(
        given_name=payload.given_name, family_name=payload.family_name, sex=payload.sex,
        birth_year=year, birth_month=month, birth_day=day, place_of_birth=payload.place_of_birth,
        country_of_birth=payload.country_of_birth or "", nationalities=tuple(payload.nationalities),
        languages=tuple(payload.languages),
        documents=tuple(rules.DocumentData(**d.dict()) for d in payload.documents),
        aliases=tuple(rules.AliasData(**a.dict()) for a in payload.aliases),
    )


# The rules speak of birth_year, birth_month and birth_day; the API takes one birth_date.
_BIRTH_PARTS = frozenset({"birth_year", "birth_month", "birth_day"})


@contextmanager
def _fields_as_sent() -> Iterator[None]:
    """A refusal names the field the client sent: "birth_date", not the rules' "birth_month"."""
    try:
        yield
    except RefusedError as error:
        fields: dict[str, list[str]] = {}
        for name, problems in error.refusal.fields.items():
            fields.setdefault("birth_date" if name in _BIRTH_PARTS else name, []).extend(problems)
        raise RefusedError(dataclasses.replace(error.refusal, fields=fields), status=error.status) from None


def _etag(person: Person) -> str:
    return f'"{person.version}"'


def _registering_institution(user: User, institution_id: UUID | None) -> Institution:
    from korak.organisations import queries as organisations

    allowed = [m.institution for m in organisations.memberships_of(user)
               if policy.can(user, "people.register", Person(registering_institution=m.institution))]
    if institution_id is not None:
        chosen = next((i for i in allowed if i.pk == institution_id), None)
        if chosen is None:
            problem = _("You do not register persons for this institution.")
            raise RefusedError(
                Refusal("invalid", _("Some fields need attention."), fields={"institution_id": [problem]})
            )
        return chosen
    if len({i.pk for i in allowed}) != 1:
        raise RefusedError(Refusal("invalid", _("Some fields need attention."),
                                   fields={"institution_id": [_("Say which institution registers the person.")]}))
    return allowed[0]


@router.get("/", response={200: list[PersonSummaryOut], **errors(400, 401, 403, 422)},
            summary="The latest registrations you may see")
@policy.requires("people.search")
def list_people(
    request: AuthedRequest, limit: Annotated[int, Query(ge=1, le=100)] = 50
) -> list[dict[str, object]]:
    found = queries.search(actor=request.user, criteria=queries.SearchCriteria(), limit=limit)
    return [_summary(person) for person in found]


@router.post("/search", response={200: list[PersonSummaryOut], **errors(400, 401, 403, 409, 422)},
             summary="Search persons across scripts and spellings",
             description="Criteria travel in the body, never in the URL, so names stay out of logs.")
@policy.requires("people.search")
def search_people(request: AuthedRequest, criteria: SearchQuery) -> list[dict[str, object]]:
    found = queries.search(actor=request.user, criteria=queries.SearchCriteria(
        q=criteria.q, birth=criteria.birth, nationality=criteria.nationality, document=criteria.document,
    ), limit=criteria.limit)
    return [_summary(person) for person in found]


@router.post("/", response={201: RegistrationOut, **errors(400, 401, 403, 409, 422)}, summary="Register a person")
@policy.requires("people.register")
def register_person(
    request: AuthedRequest, payload: RegistrationIn, response: HttpResponse
) -> Status[dict[str, object]]:
    institution = _registering_institution(request.user, payload.institution_id)
    with _fields_as_sent():
        registration = services.register_person(actor=request.user, institution=institution, data=_data(payload))
    person = queries.get_person(actor=request.user, person_id=registration.person.id)
    response["ETag"] = _etag(person)
    response["Location"] = f"/api/people/{person.id}"
    return Status(201, {"person": _full(person),
                        "possible_duplicates": [_summary(p) for p in registration.possible_duplicates]})


@router.get("/{person_id}", response={200: PersonOut, **errors(401, 403, 404, 422)}, summary="Read one person")
@policy.requires("people.view")
def read_person(request: AuthedRequest, person_id: UUID, response: HttpResponse) -> dict[str, object]:
    person = queries.get_person(actor=request.user, person_id=person_id)
    response["ETag"] = _etag(person)
    return _full(person)


@router.put("/{person_id}", response={200: PersonOut, **errors(400, 401, 403, 404, 409, 412, 422, 428)},
            summary="Edit a person (send If-Match with the ETag you read: 412 if stale, 428 if missing)")
@policy.requires("people.edit")
def update_person(
    request: AuthedRequest, person_id: UUID, payload: PersonIn, response: HttpResponse,
    if_match: Annotated[Text | None, Header(alias="If-Match")] = None,
) -> Status[dict[str, object]] | HttpResponse:
    # Reveal nothing about a record the caller may not edit before looking at the version.
    policy.get_for(request.user, Person, person_id, "people.edit")
    if if_match is None:
        from korak.core.errors import error_response

        return error_response(428, "precondition_required", _("Send If-Match with the ETag you read."),
                              {"If-Match": [_("This header is required.")]})
    version = _parse_etag(if_match)
    with _fields_as_sent():
        person = services.update_person(actor=request.user, person_id=person_id, expected_version=version,
                                        data=_data(payload))
    response["ETag"] = _etag(person)
    return Status(200, _full(queries.get_person(actor=request.user, person_id=person.id)))


def _parse_etag(value: str) -> int:
    cleaned = value.strip().removeprefix("W/").strip('"')
    if not cleaned.isdigit() or len(cleaned) > 9:
        # An unknown version can never be the current one.
        return -1
    return int(cleaned)
