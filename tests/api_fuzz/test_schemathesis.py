"""Property-based fuzzing of the people API from its own OpenAPI document (schemathesis).
Valid and invalid requests alike must never produce a server error, every answer must match
the documented schema, and invalid bodies must write nothing.

The app is called in-process through Django's WSGI handler, inside the test's transaction,
with officer_ba's API token. A fixed seed keeps a run reproducible; the example counts keep it
to a few seconds per operation on two cores."""

import zlib
from collections.abc import Callable
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from korak.audit.models import AuditEntry
from korak.core.models import IdempotencyRecord
from korak.events.models import CaseEvent
from korak.organisations.models import User
from korak.organisations.services import issue_api_token
from korak.people.models import Person

SEED = 20260302
PEOPLE_OPERATIONS = r"^/api/people"


class InTransactionWSGI:
    """Django's WSGI handler as django.test.Client runs it: a request must not close the
    database connection, or the test's transaction (and everything it wrote) is gone."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()  # sends request_finished, now without closing the connection
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


APP = InTransactionWSGI()
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", APP).include(path_regex=PEOPLE_OPERATIONS)
schema.config.seed = SEED
schema.config.phases.update(phases=["examples", "coverage", "fuzzing"])
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=40,
                                allow_x00=True)

FUZZ_SETTINGS = hypothesis.settings(max_examples=40, deadline=None, derandomize=True, database=None,
                                    suppress_health_check=list(HealthCheck))


@pytest.fixture
def token(officer_ba: User) -> str:
    return issue_api_token(actor=officer_ba, user=officer_ba, name="fuzz").secret


def _coin(*parts: object) -> bool:
    """A deterministic coin toss from the case's content (hash() of a str changes per process)."""
    return zlib.crc32(repr(parts).encode()) % 2 == 0


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_the_schema_covers_every_people_operation() -> None:
    labels = {operation.label for operation in (result.ok() for result in schema.get_all_operations())}
    assert labels == {"GET /api/people/", "POST /api/people/", "POST /api/people/search",
                      "GET /api/people/{person_id}", "PUT /api/people/{person_id}"}


@schema.parametrize()
@FUZZ_SETTINGS
def test_no_server_error_and_answers_match_the_schema(case: schemathesis.Case, token: str,
                                                      person_ba: Person) -> None:
    # Half the path-parameterised requests aim at a record that exists, so reads and edits
    # reach the service and its rules instead of stopping at "not found".
    if "person_id" in (case.path_parameters or {}) and _coin(case.query, case.body, case.headers):
        case.path_parameters["person_id"] = str(person_ba.id)
        if case.method == "PUT" and _coin(case.body):
            person_ba.refresh_from_db()
            case.headers = {**(case.headers or {}), "If-Match": f'"{person_ba.version}"'}
    response = case.call(headers=_auth(token))
    # Every refusal an operation can give is documented with the one error shape, so the
    # status code must be one the document lists, and the body must match its schema.
    case.validate_response(
        response, checks=[not_a_server_error, status_code_conformance, response_schema_conformance]
    )
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"}, body
        assert set(body["error"]) == {"code", "message", "fields"}


# --- invalid input writes nothing ----------------------------------------------------------

def _counts() -> tuple[int, ...]:
    return (Person.objects.count(), AuditEntry.objects.count(), CaseEvent.objects.count(),
            IdempotencyRecord.objects.count())


def _invalid_body(case: schemathesis.Case) -> bool:
    """A negative case may break only a header (which the token then replaces): keep the ones
    whose body breaks the schema."""
    component = case.meta.components.get(ParameterLocation.BODY) if case.meta else None
    return component is not None and component.mode == GenerationMode.NEGATIVE


INVALID_WRITES = st.one_of(
    schema["/api/people/"]["POST"].as_strategy(generation_mode=GenerationMode.NEGATIVE),
    schema["/api/people/{person_id}"]["PUT"].as_strategy(generation_mode=GenerationMode.NEGATIVE),
).filter(_invalid_body)


@hypothesis.given(case=INVALID_WRITES)
@hypothesis.settings(FUZZ_SETTINGS, max_examples=50)
def test_invalid_bodies_change_nothing(case: schemathesis.Case, token: str, person_ba: Person) -> None:
    if case.method == "PUT":
        # The right record and its current version: only the body stands between it and a write.
        person_ba.refresh_from_db()
        case.path_parameters = {**(case.path_parameters or {}), "person_id": str(person_ba.id)}
        case.headers = {**(case.headers or {}), "If-Match": f'"{person_ba.version}"'}
    version = person_ba.version
    before = _counts()
    response = case.call(headers=_auth(token))
    assert 400 <= response.status_code < 500, (response.status_code, case.as_curl_command())
    assert response.json()["error"]["code"] in {"invalid", "http_error"}
    assert _counts() == before
    person_ba.refresh_from_db()
    assert person_ba.version == version
