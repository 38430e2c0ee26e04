"""The asylum pages, clicked through as an officer would, and refused to the wrong persona."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from korak.asylum.models import Application
from korak.organisations.models import User


def test_open_an_application_from_a_name_search(client_for: Callable[[User], Client], officer_ba: User,
                                                person_ba: Any) -> None:
    client = client_for(officer_ba)
    found = client.post("/asylum/open/", {"q": "Ahmadi"})
    assert found.status_code == 200 and f"?person={person_ba.pk}" in found.content.decode()
    page = client.get(f"/asylum/open/?person={person_ba.pk}")
    assert page.status_code == 200
    opened = client.post(f"/asylum/open/?person={person_ba.pk}", {"at_border": "on", "jurisdiction": ""})
    application = Application.objects.get()
    assert opened.status_code == 302 and opened["Location"] == f"/asylum/{application.pk}/"
    assert application.at_border and application.jurisdiction == "BA"


def test_the_case_page_shows_state_steps_deadlines_and_history(client_for: Callable[[User], Client],
                                                               officer_ba: User, application: Application) -> None:
    client = client_for(officer_ba)
    client.post(f"/asylum/{application.pk}/steps/register/", {"register-version": "1"})
    page = client.get(f"/asylum/{application.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Registered" in html and "asylum.registered" in html
    assert f"/asylum/{application.pk}/steps/lodge/" in html and f"/asylum/{application.pk}/steps/decide/" not in html
    assert "No deadline runs on this case." not in html  # registration started the lodging clock


def test_a_refused_step_is_shown_with_its_reason(client_for: Callable[[User], Client], officer_ba: User,
                                                 application: Application) -> None:
    client = client_for(officer_ba)
    refused = client.post(f"/asylum/{application.pk}/steps/decide/", {"decide-version": "1",
                                                                      "decide-outcome": "rejected"})
    assert refused.status_code == 409 and "This step does not follow" in refused.content.decode()
    application.refresh_from_db()
    assert application.state == "intention_expressed"


def test_an_invalid_step_form_names_the_field(client_for: Callable[[User], Client], officer_ba: User,
                                              application: Application) -> None:
    client = client_for(officer_ba)
    client.post(f"/asylum/{application.pk}/steps/register/", {"register-version": "1"})
    client.post(f"/asylum/{application.pk}/steps/lodge/", {"lodge-version": "2"})
    response = client.post(f"/asylum/{application.pk}/steps/assign_procedure/",
                           {"assign_procedure-version": "3", "assign_procedure-procedure": "fast"})
    assert response.status_code == 422 and "assign_procedure-procedure_error" in response.content.decode()


def test_a_stale_form_saves_nothing(client_for: Callable[[User], Client], officer_ba: User,
                                    application: Application) -> None:
    client = client_for(officer_ba)
    client.post(f"/asylum/{application.pk}/steps/register/", {"register-version": "1"})
    response = client.post(f"/asylum/{application.pk}/steps/lodge/", {"lodge-version": "1"}, follow=True)
    assert "Someone else changed this case" in response.content.decode()
    application.refresh_from_db()
    assert application.state == "registered"


@pytest.mark.parametrize(("persona", "status"), [("officer_border_ba", 404), ("officer_rs", 403), ("escort_ba", 403)])
def test_the_pages_refuse_the_wrong_persona(persona: str, status: int, request: pytest.FixtureRequest,
                                            client_for: Callable[[User], Client], application: Application,
                                            person_ba: Any) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(f"/asylum/{application.pk}/").status_code == status
    assert client.post(f"/asylum/{application.pk}/steps/register/", {"register-version": "1"}).status_code == status
    assert client.get(f"/asylum/open/?person={person_ba.pk}").status_code in {403, 404}
    listed = client.get("/asylum/")
    assert listed.status_code == 403 or "Ahmadi" not in listed.content.decode()
    application.refresh_from_db()
    assert application.state == "intention_expressed"
