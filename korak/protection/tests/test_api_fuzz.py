"""Property-based fuzzing of the protection API from its OpenAPI document (schemathesis), as
the people API is fuzzed in tests/api_fuzz: valid and invalid requests never give a server
error, every answer is a documented status with the documented body. Half the requests aim
at records that exist, so they reach the services and their rules."""

import zlib
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from korak.organisations.models import Institution, User
from korak.organisations.services import issue_api_token
from korak.people.models import Person
from korak.protection import services
from tests.api_fuzz.test_schemathesis import APP

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", APP).include(path_regex=r"^/api/protection")
schema.config.seed = 20261128
schema.config.phases.update(phases=["examples", "coverage", "fuzzing"])
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=20,
                                allow_x00=True)
FUZZ_SETTINGS = hypothesis.settings(max_examples=20, deadline=None, derandomize=True, database=None,
                                    suppress_health_check=list(HealthCheck))


def _coin(*parts: object) -> bool:
    return zlib.crc32(repr(parts).encode()) % 2 == 0


@pytest.fixture
def records(screened_ba: Person, protection_ba: User, ngo_ba: Institution) -> dict[str, str]:
    consent = services.record_consent(actor=protection_ba, person_id=screened_ba.id, purpose="shelter")
    referral = services.refer(actor=protection_ba, person_id=screened_ba.id, partner_id=ngo_ba.pk,
                              service="shelter", need="Need", contact="Desk", contact_window="Mornings",
                              language="fa")
    representative = services.appoint_representative(
        actor=protection_ba, person_id=screened_ba.id, kind="guardian", name="G", organisation="CSW",
        appointed_on=referral.sent_at.date())
    return {"person_id": str(screened_ba.id), "referral_id": str(referral.pk), "consent_id": str(consent.pk),
            "representative_id": str(representative.pk), "partner_id": str(ngo_ba.pk)}


def test_the_schema_covers_every_protection_operation() -> None:
    labels = {operation.label for operation in (result.ok() for result in schema.get_all_operations())}
    assert len(labels) == 13
    assert "POST /api/protection/persons/{person_id}/referrals" in labels


@schema.parametrize()
@FUZZ_SETTINGS
def test_no_server_error_and_answers_match_the_schema(case: schemathesis.Case, protection_ba: User,
                                                      partner_ba: User, records: dict[str, str]) -> None:
    inbox = case.path.startswith("/api/protection/inbox")
    user = partner_ba if inbox else protection_ba
    token = issue_api_token(actor=user, user=user, name="fuzz").secret
    parameters: dict[str, Any] = case.path_parameters or {}
    for name in list(parameters):
        if name in records and _coin(case.method, case.path, case.body, name):
            parameters[name] = records[name]
    if isinstance(case.body, dict) and "partner_id" in case.body and _coin(case.body):
        case.body["partner_id"] = records["partner_id"]
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    case.validate_response(
        response, checks=[not_a_server_error, status_code_conformance, response_schema_conformance])
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"}, body
        assert set(body["error"]) == {"code", "message", "fields"}
