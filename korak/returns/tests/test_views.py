"""The return pages, clicked through as an officer would, and refused to the wrong persona."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from korak.asylum import services as asylum
from korak.organisations.models import User
from korak.returns.models import ReturnCase


def test_open_a_case_from_a_name_search(client_for: Callable[[User], Client], officer_ba: User,
                                        person_ba: Any) -> None:
    client = client_for(officer_ba)
    assert f"?person={person_ba.pk}" in client.post("/returns/open/", {"q": "Ahmadi"}).content.decode()
    refused = client.post(f"/returns/open/?person={person_ba.pk}", {"country_of_return": "AF"})
    assert refused.status_code == 422 and "name the risk" in refused.content.decode()
    opened = client.post(f"/returns/open/?person={person_ba.pk}",
                         {"country_of_return": "AF", "voluntary_departure_days": "14"})
    case = ReturnCase.objects.get()
    assert opened.status_code == 302 and opened["Location"] == f"/returns/{case.pk}/"
    assert case.voluntary_departure_days == 14


def test_removal_refused_on_the_page_names_non_refoulement(client_for: Callable[[User], Client], officer_ba: User,
                                                            return_case: ReturnCase, person_ba: Any,
                                                            sfa_ba: Any) -> None:
    asylum.express_intention(actor=officer_ba, person=person_ba, institution=sfa_ba)
    client = client_for(officer_ba)
    on = (timezone.localdate() + timedelta(days=60)).isoformat()
    refused = client.post(f"/returns/{return_case.pk}/steps/schedule_removal/",
                          {"schedule_removal-version": "1", "schedule_removal-on": on})
    html = refused.content.decode()
    assert refused.status_code == 409 and 'data-testid="refusal"' in html
    assert "Non-refoulement" in html and "Dir 2008/115/EC Art 5" in html
    return_case.refresh_from_db()
    assert return_case.state == "decided"


def test_the_case_page_and_a_step(client_for: Callable[[User], Client], officer_ba: User,
                                  return_case: ReturnCase) -> None:
    client = client_for(officer_ba)
    done = client.post(f"/returns/{return_case.pk}/steps/order_detention/", {"order_detention-version": "1"})
    assert done.status_code == 302
    page = client.get(f"/returns/{return_case.pk}/").content.decode()
    assert "return.detention_ordered" in page and "In detention since" in page
    assert f"/returns/{return_case.pk}/steps/extend_detention/" in page
    assert client.get("/returns/").status_code == 200 and client.get("/returns/ready/").status_code == 200


def test_a_step_with_a_bad_field_is_a_422(client_for: Callable[[User], Client], officer_ba: User,
                                          return_case: ReturnCase) -> None:
    response = client_for(officer_ba).post(f"/returns/{return_case.pk}/steps/impose_entry_ban/",
                                           {"impose_entry_ban-version": "1", "impose_entry_ban-years": "9"})
    assert response.status_code == 422 and "impose_entry_ban-years_error" in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), [("officer_border_ba", 404), ("officer_rs", 403), ("escort_ba", 403)])
def test_the_pages_refuse_the_wrong_persona(persona: str, status: int, request: pytest.FixtureRequest,
                                            client_for: Callable[[User], Client], return_case: ReturnCase,
                                            person_ba: Any) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(f"/returns/{return_case.pk}/").status_code == status
    assert client.post(f"/returns/{return_case.pk}/steps/enrol_avr/",
                       {"enrol_avr-version": "1"}).status_code == status
    assert client.get(f"/returns/open/?person={person_ba.pk}").status_code in {403, 404}
    for path in ("/returns/", "/returns/ready/"):
        listed = client.get(path)
        assert listed.status_code == 403 or "Ahmadi" not in listed.content.decode()
    return_case.refresh_from_db()
    assert return_case.version == 1
