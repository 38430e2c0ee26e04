"""The asylum and returns demo data build through the services, in varied states, at a small size."""

from typing import Any

import pytest

from korak.asylum import demo as asylum_demo
from korak.asylum.models import Application
from korak.demo.build import create_staff, register_people
from korak.demo.synthetic import synthetic_people
from korak.events.models import CaseEvent
from korak.returns import demo as returns_demo
from korak.returns.models import ReturnCase


@pytest.mark.django_db
def test_the_demo_cases_build_in_varied_states(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    settings.KORAK_COUNTRY = "BA"
    monkeypatch.setattr(asylum_demo, "APPLICATIONS", 20)
    monkeypatch.setattr(returns_demo, "CASES_WITHOUT_ASYLUM", 25)
    staff = create_staff(seed=7)
    sfa = staff.institutions["sfa"]
    register_people(registrars=[(staff.users["officer"], sfa)], weights=[1],
                    people=(p.data for p in synthetic_people(seed=7, count=60)), total=60, seed=7, quiet=True)
    asylum_demo.build(staff=staff, seed=7, quiet=True)
    returns_demo.build(staff=staff, seed=7, quiet=True)
    assert Application.objects.count() == 20
    assert len(set(Application.objects.values_list("state", flat=True))) >= 6
    assert ReturnCase.objects.count() >= 25
    assert len(set(ReturnCase.objects.values_list("state", flat=True))) >= 4
    assert CaseEvent.objects.filter(case_type="returns.case", type="return.detention_ordered").exists()
