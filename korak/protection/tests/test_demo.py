"""The demo's protection data: written through the services, a child whose return is not
blocked by a missing safeguard, a referral with consent that the demo partner sees."""

from typing import Any

import pytest

from korak.audit.queries import verify_chain
from korak.demo.build import build_demo
from korak.organisations.models import User
from korak.protection import queries
from korak.protection.models import BestInterestsAssessment, Referral, Screening


@pytest.fixture
def demo(db: Any) -> None:
    build_demo(persons=30, seed=7, progress=False)


def test_demo_screens_persons_and_has_a_protected_child_and_a_consented_referral(demo: None) -> None:
    assert Screening.objects.count() >= 3
    child_id = BestInterestsAssessment.objects.get().person_id
    safeguards = queries.return_safeguards(child_id)
    assert safeguards.unaccompanied_child
    assert safeguards.refusal_to_return() is None
    referral = Referral.objects.get()
    assert referral.consent is not None
    partner = User.objects.get(username="partner")
    assert [row.id for row in queries.inbox(actor=partner)] == [referral.pk]
    supervisor = User.objects.get(username="supervisor")
    assert queries.panel_for(actor=supervisor, person_id=referral.person_id).sensitive is None
    protection = User.objects.get(username="protection")
    assert queries.panel_for(actor=protection, person_id=referral.person_id).sensitive is not None
    assert verify_chain().ok
