"""Property-based fuzzing of the review API from its own OpenAPI document (schemathesis), as
tests/api_fuzz does for the people API: valid and invalid requests never produce a server
error, and every answer matches the documented schema and the one error shape. Half the
requests aim at a pair or merge that exists, so they reach the services' rules."""

import zlib
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from korak.identity.linkage import registry
from korak.identity.models import MatchCandidate, PersonMerge
from korak.identity.tests.test_review_services import make_pair
from korak.organisations.models import Institution, User
from korak.organisations.services import issue_api_token
from tests.api_fuzz.test_schemathesis import APP

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", APP).include(
    path_regex=r"^/api/identity/(review|merges)")
schema.config.seed = 20261128
schema.config.phases.update(phases=["examples", "coverage", "fuzzing"])
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=25,
                                allow_x00=True)


@pytest.fixture
def token(supervisor_ba: User) -> str:
    return issue_api_token(actor=supervisor_ba, user=supervisor_ba, name="fuzz").secret


@pytest.fixture
def records(officer_ba: User, supervisor_ba: User, sfa_ba: Institution) -> dict[str, Any]:
    pending = make_pair(officer_ba, sfa_ba)
    merged = make_pair(officer_ba, sfa_ba, score=0.95)
    registry.decide_candidate(actor=officer_ba, candidate_id=merged.pk, same_person=True)
    merge = registry.merge_persons(actor=supervisor_ba, survivor_id=merged.person_a_id,
                                   merged_id=merged.person_b_id, reason="same", candidate_id=merged.pk)
    return {"candidate_id": pending.pk, "merge_id": merge.pk, "person_id": pending.person_a_id}


def _coin(*parts: object) -> bool:
    return zlib.crc32(repr(parts).encode()) % 2 == 0


def test_the_schema_covers_every_review_operation() -> None:
    labels = {operation.label for operation in (result.ok() for result in schema.get_all_operations())}
    assert labels == {"GET /api/identity/review", "GET /api/identity/review/{candidate_id}",
                      "POST /api/identity/review/{candidate_id}/decision", "GET /api/identity/merges",
                      "POST /api/identity/merges", "GET /api/identity/merges/{merge_id}",
                      "POST /api/identity/merges/{merge_id}/undo"}


@schema.parametrize()
@hypothesis.settings(max_examples=25, deadline=None, derandomize=True, database=None,
                     suppress_health_check=list(HealthCheck))
def test_no_server_error_and_answers_match_the_schema(case: schemathesis.Case, token: str,
                                                      records: dict[str, Any]) -> None:
    for name in ("candidate_id", "merge_id"):
        if name in (case.path_parameters or {}) and _coin(case.query, case.body, name):
            case.path_parameters[name] = str(records[name])
    if isinstance(case.body, dict) and "candidate_id" in case.body and _coin(case.body):
        case.body["candidate_id"] = str(records["candidate_id"])
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    case.validate_response(response, checks=[not_a_server_error, status_code_conformance,
                                             response_schema_conformance])
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}, body
    assert MatchCandidate.objects.count() == 2 and PersonMerge.objects.count() == 1
