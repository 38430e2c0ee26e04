"""The demo's operations: one confirmed through the gate, one planned whose checklist lists
what is missing; built through the services, so the audit chain holds."""

from typing import Any

from korak.audit.queries import verify_chain
from korak.demo.build import build_demo
from korak.operations import queries
from korak.operations.models import Operation
from korak.organisations.models import User


def test_demo_has_a_confirmed_and_a_planned_operation(db: Any) -> None:
    build_demo(persons=30, seed=7, progress=False)
    confirmed = Operation.objects.get(reference="BA-2026-031")
    planned = Operation.objects.get(reference="BA-2026-034")
    assert confirmed.state == "confirmed" and planned.state == "planned"
    unmet = {c.code for c in queries.confirmation_checklist(planned, on=planned.created_at)}
    assert {"escort_certificate", "monitor", "risk_assessment", "fit_to_travel", "complaints_informed"} <= unmet
    monitor = User.objects.get(username="monitor")
    assert list(queries.operations_for(monitor)) == [confirmed]
    assert verify_chain().ok
