"""The protection API: need-to-know in the panel, consent-gated referrals, the partner's view,
and a refusal for the wrong role, institution and country on every operation."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from korak.audit.models import AuditEntry
from korak.organisations.models import Institution, User
from korak.people.models import Person
from korak.protection import services
from korak.protection.models import Referral
from korak.protection.tests.conftest import CANARY

pytestmark = pytest.mark.django_db
JSON = "application/json"
REASON = "The person is in immediate danger tonight and cannot be asked before the shelter closes."


def referral_body(partner: Institution, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"partner_id": str(partner.pk), "service": "shelter", "need": "A safe place tonight",
                            "contact": "Through the reception desk", "contact_window": "Weekdays 9-12",
                            "language": "fa", "shared_information": "First name only"}
    body.update(overrides)
    return body


@pytest.fixture
def referral(screened_ba: Person, protection_ba: User, ngo_ba: Institution) -> Referral:
    services.record_consent(actor=protection_ba, person_id=screened_ba.id, purpose="shelter")
    return services.refer(actor=protection_ba, person_id=screened_ba.id, partner_id=ngo_ba.pk, service="shelter",
                          need="A safe place tonight", contact="Reception desk", contact_window="Weekdays 9-12",
                          language="fa", shared_information="First name only")


def test_panel_with_need_to_know_shows_categories_and_notes(
        screened_ba: Person, protection_ba: User, api_for: Callable[[User], Client]) -> None:
    body = api_for(protection_ba).get(f"/api/protection/persons/{screened_ba.id}").json()
    assert body["need_to_know"] is True
    assert body["guarantees_apply"] is True
    assert [c["code"] for c in body["sensitive"]["categories"]] == ["gender_based_violence"]
    assert CANARY in body["sensitive"]["screenings"][0]["narrative"]


@pytest.mark.parametrize("persona", ["supervisor_ba", "officer2_ba"])
def test_panel_without_need_to_know_shows_only_the_guarantees(
        persona: str, screened_ba: Person, request: pytest.FixtureRequest,
        api_for: Callable[[User], Client]) -> None:
    user: User = request.getfixturevalue(persona)
    response = api_for(user).get(f"/api/protection/persons/{screened_ba.id}")
    assert response.status_code == 200
    body = response.json()
    assert body["need_to_know"] is False
    assert body["sensitive"] is None
    assert body["guarantees_apply"] is True
    text = response.content.decode()
    assert CANARY not in text
    assert "gender_based_violence" not in text


def test_screening_through_the_api(person_ba: Person, protection_ba: User,
                                   api_for: Callable[[User], Client]) -> None:
    client = api_for(protection_ba)
    created = client.post(f"/api/protection/persons/{person_ba.id}/screenings",
                          {"categories": ["child", "unaccompanied_child"], "narrative": "Line one\nline two"},
                          content_type=JSON)
    assert created.status_code == 201, created.content
    assert set(created.json()) == {"id", "version"}
    panel = client.get(f"/api/protection/persons/{person_ba.id}").json()
    assert "no_border_procedure" in {g["code"] for g in panel["guarantees"]}


@pytest.mark.parametrize(("body", "field"), [
    ({"categories": ["made_up"]}, "categories.0"),
    ({"categories": ["unaccompanied_child"]}, "categories"),
    ({"narrative": "bell\x07"}, "narrative"),
    ({"narrative": "x" * 10_001}, "narrative"),
])
def test_bad_screening_input_is_a_422_naming_the_field(body: dict[str, Any], field: str, person_ba: Person,
                                                       protection_ba: User,
                                                       api_for: Callable[[User], Client]) -> None:
    response = api_for(protection_ba).post(f"/api/protection/persons/{person_ba.id}/screenings", body,
                                           content_type=JSON)
    assert response.status_code == 422, response.content
    assert field in response.json()["error"]["fields"]


def test_gbv_referral_without_consent_is_refused(screened_ba: Person, protection_ba: User, ngo_ba: Institution,
                                                 api_for: Callable[[User], Client]) -> None:
    response = api_for(protection_ba).post(f"/api/protection/persons/{screened_ba.id}/referrals",
                                           referral_body(ngo_ba), content_type=JSON)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "consent_required"
    assert Referral.objects.count() == 0


def test_override_through_the_api(screened_ba: Person, protection_ba: User, officer_ba: User, ngo_ba: Institution,
                                  api_for: Callable[[User], Client]) -> None:
    url = f"/api/protection/persons/{screened_ba.id}/referrals"
    refused = api_for(officer_ba).post(url, referral_body(ngo_ba, override_reason=REASON), content_type=JSON)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "override_not_permitted"
    short = api_for(protection_ba).post(url, referral_body(ngo_ba, override_reason="now"), content_type=JSON)
    assert short.status_code == 422
    assert "override_reason" in short.json()["error"]["fields"]
    done = api_for(protection_ba).post(url, referral_body(ngo_ba, override_reason=REASON), content_type=JSON)
    assert done.status_code == 201
    assert AuditEntry.objects.filter(action="protection.referral.consent_override",
                                     object_id=done.json()["id"]).count() == 1


PARTNER_FIELDS = {"id", "referred_by_institution", "service", "need", "contact", "contact_window", "language",
                  "shared_information", "state", "sent_at", "responded_at", "partner_note", "version"}


def test_partner_sees_only_the_referral(referral: Referral, partner_ba: User,
                                        api_for: Callable[[User], Client]) -> None:
    client = api_for(partner_ba)
    rows = client.get("/api/protection/inbox").json()
    assert [row["id"] for row in rows] == [str(referral.pk)]
    response = client.get(f"/api/protection/inbox/{referral.pk}")
    assert response.status_code == 200
    assert set(response.json()) == PARTNER_FIELDS
    text = response.content.decode()
    for hidden in (CANARY, "gender", str(referral.person_id), "Ахмади", "Ahmadi"):
        assert hidden not in text
    answered = client.post(f"/api/protection/inbox/{referral.pk}/answer", {"state": "accepted"}, content_type=JSON)
    assert answered.status_code == 200
    assert answered.json()["state"] == "accepted"
    # The partner reaches nothing of the person.
    assert client.get(f"/api/protection/persons/{referral.person_id}").status_code == 403
    assert client.get(f"/api/people/{referral.person_id}").status_code == 403
    assert client.get(f"/api/protection/referrals/{referral.pk}").status_code == 403


def test_another_partner_gets_404_and_an_empty_inbox(referral: Referral, partner_other_ba: User,
                                                     api_for: Callable[[User], Client]) -> None:
    client = api_for(partner_other_ba)
    assert client.get("/api/protection/inbox").json() == []
    assert client.get(f"/api/protection/inbox/{referral.pk}").status_code == 404
    assert client.post(f"/api/protection/inbox/{referral.pk}/answer", {"state": "accepted"},
                       content_type=JSON).status_code == 404


def _operations(person: Person, referral: Referral, ngo: Institution) -> list[tuple[str, str, dict[str, Any]]]:
    representative = services.appoint_representative(
        actor=referral.referred_by, person_id=person.id, kind="guardian", name="G. Test", organisation="CSW",
        appointed_on=referral.sent_at.date())
    return [
        ("get", f"/api/protection/persons/{person.id}", {}),
        ("post", f"/api/protection/persons/{person.id}/screenings", {"categories": ["child"]}),
        ("post", f"/api/protection/persons/{person.id}/best-interests",
         {"assessed_on": "2026-01-01", "outcome": "stay", "reasoning": "Long enough reasoning for the test."}),
        ("post", f"/api/protection/persons/{person.id}/representatives",
         {"kind": "guardian", "name": "X", "organisation": "Y", "appointed_on": "2026-01-01"}),
        ("post", f"/api/protection/representatives/{representative.pk}/end", {"ended_on": "2030-01-01"}),
        ("post", f"/api/protection/persons/{person.id}/consents", {"purpose": "medical"}),
        ("post", f"/api/protection/consents/{referral.consent_id}/withdraw", {}),
        ("post", f"/api/protection/persons/{person.id}/referrals", referral_body(ngo, service="medical")),
        ("get", f"/api/protection/referrals/{referral.pk}", {}),
        ("post", f"/api/protection/referrals/{referral.pk}/withdraw", {}),
        ("get", f"/api/protection/inbox/{referral.pk}", {}),
        ("post", f"/api/protection/inbox/{referral.pk}/answer", {"state": "accepted"}),
    ]


@pytest.mark.parametrize("persona", ["escort_ba", "protection_border_ba", "protection_rs", "partner_other_ba",
                                     "officer2_ba"])
def test_every_operation_refuses_the_wrong_role_institution_and_country(
        persona: str, screened_ba: Person, referral: Referral, ngo_ba: Institution, request: pytest.FixtureRequest,
        api_for: Callable[[User], Client]) -> None:
    """escort_ba: wrong role. protection_border_ba: wrong institution. protection_rs: wrong
    country. partner_other_ba: another partner. officer2_ba: right institution and role, not
    assigned (sees the guarantees, nothing else)."""
    user: User = request.getfixturevalue(persona)
    client = api_for(user)
    for method, url, body in _operations(screened_ba, referral, ngo_ba):
        if persona == "officer2_ba" and method == "get" and url.endswith(f"/persons/{screened_ba.id}"):
            continue  # the panel, with the guarantees only (test_panel_without_need_to_know_...)
        before = (AuditEntry.objects.exclude(action__endswith="read").count(), Referral.objects.count())
        response = getattr(client, method)(url, body, content_type=JSON) if method == "post" else client.get(url)
        assert response.status_code in {403, 404}, (persona, method, url, response.status_code)
        assert set(response.json()) == {"error"}
        after = (AuditEntry.objects.exclude(action__endswith="read").count(), Referral.objects.count())
        assert after == before, (persona, url)
    referral.refresh_from_db()
    assert referral.state == "sent"
