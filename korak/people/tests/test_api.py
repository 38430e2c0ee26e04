"""The people API: ETags and If-Match, the one error shape, field-named 422s, search across
scripts, and the duplicate warning at registration. Token clients, officer_ba's service."""

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from korak.audit.models import AuditEntry
from korak.events.models import CaseEvent
from korak.organisations.models import User
from korak.people.models import Person

JSON = "application/json"


def valid_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"given_name": "Мухамед", "family_name": "Ахмади", "sex": "male", "birth_date": "1999",
                            "nationalities": ["AF"], "languages": ["ps", "fa"]}
    body.update(overrides)
    return body


@pytest.fixture
def officer(officer_ba: User, api_for: Callable[[User], Client]) -> Client:
    return api_for(officer_ba)


def register(client: Client, **overrides: Any) -> dict[str, Any]:
    response = client.post("/api/people/", valid_body(**overrides), content_type=JSON)
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body


def assert_error_shape(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith(JSON)
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert isinstance(body["error"]["code"], str)
    assert body["error"]["code"]
    assert isinstance(body["error"]["message"], str)
    assert body["error"]["message"]
    assert isinstance(body["error"]["fields"], dict)
    error: dict[str, Any] = body["error"]
    return error


# --- ETag and If-Match ---------------------------------------------------------------------

def test_get_returns_the_version_as_etag(officer: Client, person_ba: Person) -> None:
    response = officer.get(f"/api/people/{person_ba.id}")
    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    assert response.json()["version"] == 1


def test_put_without_if_match_is_428(officer: Client, person_ba: Person) -> None:
    response = officer.put(f"/api/people/{person_ba.id}", valid_body(family_name="Other"), content_type=JSON)
    error = assert_error_shape(response, 428)
    assert error["code"] == "precondition_required"
    assert "If-Match" in error["fields"]
    person_ba.refresh_from_db()
    assert (person_ba.version, person_ba.family_name) == (1, "Ахмади")


@pytest.mark.parametrize("if_match", ['"0"', '"2"', '"abc"', "*", '"99999999999"', 'W/"7"'])
def test_stale_if_match_is_412_and_changes_nothing(officer: Client, person_ba: Person, if_match: str) -> None:
    events_before = CaseEvent.objects.count()
    audit_before = AuditEntry.objects.filter(action="people.person.edit").count()
    response = officer.put(f"/api/people/{person_ba.id}", valid_body(family_name="Overwritten"), content_type=JSON,
                           HTTP_IF_MATCH=if_match)
    error = assert_error_shape(response, 412)
    assert error["code"] == "stale_version"
    assert response["ETag"] == '"1"'
    person_ba.refresh_from_db()
    assert (person_ba.version, person_ba.family_name) == (1, "Ахмади")
    assert CaseEvent.objects.count() == events_before
    assert AuditEntry.objects.filter(action="people.person.edit").count() == audit_before


def test_put_with_current_if_match_saves_once(officer: Client, person_ba: Person) -> None:
    etag = officer.get(f"/api/people/{person_ba.id}")["ETag"]
    response = officer.put(f"/api/people/{person_ba.id}", valid_body(family_name="Ахмади-Хасани", birth_date="1998"),
                           content_type=JSON, HTTP_IF_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] == '"2"'
    body = response.json()
    assert (body["version"], body["family_name"], body["family_name_latin"], body["birth_date"]) == (
        2, "Ахмади-Хасани", "Ahmadi-Hasani", "1998")
    person_ba.refresh_from_db()
    assert person_ba.version == 2
    event = CaseEvent.objects.get(case_id=person_ba.id, type="person_edited")
    assert event.payload["version"] == 2
    assert {"family_name", "birth_year"} <= set(event.payload["fields"])
    audit = AuditEntry.objects.get(object_id=str(person_ba.id), action="people.person.edit")
    assert audit.details["version"] == 2
    # The ETag read before the edit is now stale: the second writer is refused, not merged.
    again = officer.put(f"/api/people/{person_ba.id}", valid_body(family_name="Lost update"), content_type=JSON,
                        HTTP_IF_MATCH=etag)
    assert again.status_code == 412
    assert again["ETag"] == '"2"'
    person_ba.refresh_from_db()
    assert person_ba.family_name == "Ахмади-Хасани"


def test_weak_etag_of_the_current_version_is_accepted(officer: Client, person_ba: Person) -> None:
    response = officer.put(f"/api/people/{person_ba.id}", valid_body(), content_type=JSON, HTTP_IF_MATCH='W/"1"')
    assert response.status_code == 200
    assert response["ETag"] == '"2"'


# --- the error shape on every 4xx ----------------------------------------------------------

def test_every_4xx_has_the_error_shape(officer: Client, person_ba: Person, escort_ba: User,
                                       officer_border_ba: User, api_for: Callable[[User], Client]) -> None:
    url = f"/api/people/{person_ba.id}"
    cases: list[tuple[int, Any]] = [
        (400, officer.post("/api/people/", "{not json", content_type=JSON)),
        (401, Client().get(url)),
        (401, Client(HTTP_AUTHORIZATION="Bearer krk_not-a-real-token").get(url)),
        (403, api_for(escort_ba).get(url)),
        (404, api_for(officer_border_ba).get(url)),
        (404, officer.get(f"/api/people/{uuid.uuid4()}")),
        (404, officer.get("/api/no-such-endpoint")),
        (405, officer.delete(url)),
        (412, officer.put(url, valid_body(), content_type=JSON, HTTP_IF_MATCH='"9"')),
        (422, officer.post("/api/people/", {"given_name": "A"}, content_type=JSON)),
        (422, officer.get("/api/people/not-a-uuid")),
        (422, officer.get("/api/people/", {"limit": "0"})),
        (422, officer.post("/api/people/", valid_body(), content_type=JSON, HTTP_IDEMPOTENCY_KEY="")),
        (428, officer.put(url, valid_body(), content_type=JSON)),
    ]
    for status, response in cases:
        assert_error_shape(response, status)
        assert b"<html" not in response.content.lower()


def test_405_names_the_allowed_methods(officer: Client, person_ba: Person) -> None:
    response = officer.delete(f"/api/people/{person_ba.id}")
    assert assert_error_shape(response, 405)["code"] == "method_not_allowed"
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "PUT"}


# --- 422 names the field -------------------------------------------------------------------

@pytest.mark.parametrize(("overrides", "field"), [
    ({"birth_date": "1999-13-40"}, "birth_date"),
    ({"birth_date": "1999-02-30"}, "birth_date"),
    ({"birth_date": "2999"}, "birth_date"),
    ({"birth_date": "14.03.1999"}, "birth_date"),
    ({"given_name": "Ana\x07"}, "given_name"),
    ({"family_name": "Line\nbreak"}, "family_name"),
    ({"given_name": "Nul\x00"}, "given_name"),
    ({"nationalities": ["XX"]}, "nationalities"),
    ({"nationalities": ["af"]}, "nationalities.0"),
    ({"country_of_birth": "ZZ"}, "country_of_birth"),
    ({"sex": "yes"}, "sex"),
    ({"languages": ["Pashto"]}, "languages.0"),
    ({"given_name": ""}, "given_name"),
    ({"given_name": "x" * 201}, "given_name"),
    ({"documents": [{"type": "passport", "number": "--", "issuing_country": "AF"}]}, "documents.0.number"),
    ({"documents": [{"type": "passport", "number": "P123456", "issuing_country": "XX"}]},
     "documents.0.issuing_country"),
    ({"documents": [{"type": "passport", "number": "P123456", "issuing_country": "AF",
                     "valid_from": "2020-01-01", "valid_until": "2019-01-01"}]}, "documents.0.valid_until"),
    ({"institution_id": str(uuid.UUID(int=1))}, "institution_id"),
])
def test_bad_input_is_422_naming_the_field(officer: Client, overrides: dict[str, Any], field: str) -> None:
    before = Person.objects.count()
    response = officer.post("/api/people/", valid_body(**overrides), content_type=JSON)
    error = assert_error_shape(response, 422)
    assert error["code"] == "invalid"
    assert field in error["fields"], error["fields"]
    assert all(isinstance(m, str) and m for messages in error["fields"].values() for m in messages)
    assert Person.objects.count() == before


def test_missing_family_name_is_named(officer: Client) -> None:
    body = valid_body()
    del body["family_name"]
    error = assert_error_shape(officer.post("/api/people/", body, content_type=JSON), 422)
    assert error["fields"] == {"family_name": ["This field is required."]}


def test_every_problem_is_named_at_once(officer: Client) -> None:
    response = officer.post("/api/people/", valid_body(birth_date="1999-13", nationalities=["XX"],
                                                       country_of_birth="QQ"), content_type=JSON)
    error = assert_error_shape(response, 422)
    assert set(error["fields"]) == {"birth_date", "nationalities", "country_of_birth"}


def test_bad_input_on_edit_is_422_and_keeps_the_version(officer: Client, person_ba: Person) -> None:
    response = officer.put(f"/api/people/{person_ba.id}", valid_body(birth_date="1999-00"), content_type=JSON,
                           HTTP_IF_MATCH='"1"')
    assert "birth_date" in assert_error_shape(response, 422)["fields"]
    person_ba.refresh_from_db()
    assert person_ba.version == 1


# --- search across scripts -----------------------------------------------------------------

@pytest.fixture
def registry(officer: Client) -> dict[str, str]:
    """Synthetic persons written in Latin, Cyrillic and Arabic script."""
    people = {
        "dzenan_latin": register(officer, given_name="Dženan", family_name="Hodžić", birth_date="1990"),
        "dzenan_cyrillic": register(officer, given_name="Џенан", family_name="Хоџић", birth_date="1991-05"),
        "muhamed_latin": register(officer, given_name="Muhamed", family_name="Karimi", birth_date="1985-02-03",
                                  documents=[{"type": "passport", "number": "AB 12-345 67", "issuing_country": "AF"}]),
        "other": register(officer, given_name="Zoran", family_name="Petrović", birth_date="1999"),
    }
    return {key: value["person"]["id"] for key, value in people.items()}


def search(client: Client, **criteria: str) -> set[str]:
    # Criteria travel in the body, never in the URL (names stay out of access logs).
    response = client.post("/api/people/search", criteria, content_type=JSON)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()}


def test_search_latin_without_diacritics_finds_both_scripts(officer: Client, registry: dict[str, str]) -> None:
    assert search(officer, q="Dzenan") == {registry["dzenan_latin"], registry["dzenan_cyrillic"]}
    assert search(officer, q="hodzic") == {registry["dzenan_latin"], registry["dzenan_cyrillic"]}


def test_search_cyrillic_finds_latin(officer: Client, registry: dict[str, str]) -> None:
    assert search(officer, q="Мухамед") == {registry["muhamed_latin"]}
    assert search(officer, q="Џенан") == {registry["dzenan_latin"], registry["dzenan_cyrillic"]}


def test_search_spelling_variant(officer: Client, registry: dict[str, str]) -> None:
    assert registry["muhamed_latin"] in search(officer, q="Mohammed")


def test_search_by_birth_year(officer: Client, registry: dict[str, str]) -> None:
    assert search(officer, q="Dzenan", birth="1991") == {registry["dzenan_cyrillic"]}
    assert search(officer, q="Dzenan", birth="1990") == {registry["dzenan_latin"]}
    assert search(officer, birth="1985-02") == {registry["muhamed_latin"]}
    assert search(officer, birth="1985-03") == set()
    assert search(officer, q="Dzenan", birth="2000") == set()


@pytest.mark.parametrize("number", ["AB1234567", "ab 123 4567", "AB-12-345-67", "ab1234"])
def test_search_by_document_number_ignores_spacing(officer: Client, registry: dict[str, str], number: str) -> None:
    assert search(officer, document=number) == {registry["muhamed_latin"]}


def test_search_finds_nothing_for_a_stranger(officer: Client, registry: dict[str, str]) -> None:
    assert search(officer, q="Nonexistentname") == set()
    assert search(officer, document="ZZ999") == set()


# --- the duplicate warning at registration -------------------------------------------------

def test_registration_lists_possible_duplicates(officer: Client) -> None:
    first = register(officer, given_name="Reza", family_name="Tavakoli", birth_date="1990")
    assert first["possible_duplicates"] == []
    second = register(officer, given_name="Реза", family_name="Таваколи", birth_date="1990-04")
    assert [p["id"] for p in second["possible_duplicates"]] == [first["person"]["id"]]
    assert second["person"]["id"] != first["person"]["id"]
    other_year = register(officer, given_name="Reza", family_name="Tavakoli", birth_date="1970")
    assert other_year["possible_duplicates"] == []


def test_registration_answers_with_location_and_etag(officer: Client) -> None:
    response = officer.post("/api/people/", valid_body(), content_type=JSON)
    assert response.status_code == 201
    person_id = response.json()["person"]["id"]
    assert response["Location"] == f"/api/people/{person_id}"
    assert response["ETag"] == '"1"'
    person = Person.objects.get(pk=person_id)
    assert (person.given_name, person.given_name_latin) == ("Мухамед", "Muhamed")
