"""Every people action ships with its refusal test (STYLE.md example 7), for the API and the
HTML pages, with the personas of tests/personas.py:

- officer_ba owns person_ba; supervisor_ba serves in the same institution and shares it.
- officer_border_ba (same country, other institution) gets "not found" for person_ba, exactly
  as for a record that does not exist, and never sees it in a list.
- officer_rs (other country) holds no role at all on this BA node (the policy reads only
  memberships of the node's country), so every people action is refused outright with 403,
  whatever the record: that answer is the same for person_ba and for a made-up id.
- escort_ba (right institution, wrong role) is refused the action: 403.
- anonymous: 401 from the API, a redirect to the sign-in page from the HTML pages."""

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from korak import policy
from korak.events.models import CaseEvent
from korak.organisations.models import Institution, Role, User
from korak.people import services
from korak.people.models import Person
from tests.personas import make_user, person_data

OWNERS = ["officer_ba", "supervisor_ba"]
HIDDEN_FROM = ["officer_border_ba"]  # may use the action, but not on person_ba: 404
NO_ROLE = ["officer_rs", "escort_ba"]  # may not use the action at all: 403
ALL_PERSONAS = [*OWNERS, *HIDDEN_FROM, *NO_ROLE]

EDIT_BODY = {"given_name": "Мухамед", "family_name": "Ахмади-Edited", "sex": "male", "birth_date": "1999",
             "nationalities": ["AF"], "languages": ["ps"]}


def _registration_body() -> dict[str, Any]:
    return {"given_name": "Farid", "family_name": "Testovic", "birth_date": "2001", "nationalities": ["IR"]}


def _ids(response: Any) -> set[str]:
    return {row["id"] for row in response.json()}


def _assert_error(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == code


# --- API -----------------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_api_search(persona: str, request: pytest.FixtureRequest, api_for: Callable[[User], Client],
                    person_ba: Person) -> None:
    response = api_for(request.getfixturevalue(persona)).post("/api/people/search", {"q": "Ахмади"},
                                                             content_type="application/json")
    if persona in NO_ROLE:
        _assert_error(response, 403, "forbidden")
    else:
        assert response.status_code == 200
        assert (str(person_ba.id) in _ids(response)) is (persona in OWNERS)


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_api_latest_list_shows_only_own_records(
    persona: str, request: pytest.FixtureRequest, api_for: Callable[[User], Client], person_ba: Person,
    officer_border_ba: User, border_ba: Institution,
) -> None:
    """The list of latest registrations is the registry the user may see: never another institution's."""
    border_person = services.register_person(actor=officer_border_ba, institution=border_ba,
                                             data=person_data(given_name="Omid", family_name="Granica")).person
    response = api_for(request.getfixturevalue(persona)).get("/api/people/")
    if persona in NO_ROLE:
        assert response.status_code == 403
        return
    expected = {str(person_ba.id)} if persona in OWNERS else {str(border_person.id)}
    assert _ids(response) == expected


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_api_read(persona: str, request: pytest.FixtureRequest, api_for: Callable[[User], Client],
                  person_ba: Person) -> None:
    client = api_for(request.getfixturevalue(persona))
    response = client.get(f"/api/people/{person_ba.id}")
    if persona in OWNERS:
        assert response.status_code == 200
        assert response.json()["family_name"] == "Ахмади"
        return
    missing = client.get(f"/api/people/{uuid.uuid4()}")
    if persona in HIDDEN_FROM:
        _assert_error(response, 404, "not_found")
    else:
        _assert_error(response, 403, "forbidden")
    # Nobody learns that the record exists: the refusal is the answer for a made-up id too.
    assert (response.status_code, response.json()) == (missing.status_code, missing.json())


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_api_register(persona: str, request: pytest.FixtureRequest, api_for: Callable[[User], Client]) -> None:
    user = request.getfixturevalue(persona)
    before = Person.objects.count()
    response = api_for(user).post("/api/people/", _registration_body(), content_type="application/json")
    if persona in NO_ROLE:
        _assert_error(response, 403, "forbidden")
        assert Person.objects.count() == before
    else:
        # Anyone who may register does so for their own institution, never another.
        assert response.status_code == 201
        person = Person.objects.get(pk=response.json()["person"]["id"])
        assert person.registering_institution_id == user.memberships.get().institution_id


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_api_edit(persona: str, request: pytest.FixtureRequest, api_for: Callable[[User], Client],
                  person_ba: Person) -> None:
    client = api_for(request.getfixturevalue(persona))
    response = client.put(f"/api/people/{person_ba.id}", EDIT_BODY, content_type="application/json",
                          HTTP_IF_MATCH='"1"')
    person_ba.refresh_from_db()
    if persona in OWNERS:
        assert response.status_code == 200
        assert (person_ba.version, person_ba.family_name) == (2, "Ахмади-Edited")
        return
    if persona in HIDDEN_FROM:
        _assert_error(response, 404, "not_found")
    else:
        _assert_error(response, 403, "forbidden")
    assert (person_ba.version, person_ba.family_name) == (1, "Ахмади")
    assert not CaseEvent.objects.filter(case_id=person_ba.id, type="person_edited").exists()


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/api/people/"),
    ("post", "/api/people/search"),
    ("get", "/api/people/{id}"),
    ("post", "/api/people/"),
    ("put", "/api/people/{id}"),
    ("get", "/api/organisations/me"),
])
def test_api_anonymous_is_unauthenticated(method: str, path: str, person_ba: Person) -> None:
    response = getattr(Client(), method)(path.format(id=person_ba.id), EDIT_BODY if method != "get" else None,
                                         content_type="application/json", HTTP_IF_MATCH='"1"')
    _assert_error(response, 401, "unauthenticated")
    person_ba.refresh_from_db()
    assert person_ba.version == 1


def test_api_refuses_a_revoked_token(officer_ba: User, api_for: Callable[[User], Client]) -> None:
    client = api_for(officer_ba)
    assert client.get("/api/people/").status_code == 200
    officer_ba.api_tokens.update(revoked_at="2020-01-01T00:00:00Z")
    _assert_error(client.get("/api/people/"), 401, "unauthenticated")


# --- HTML pages ----------------------------------------------------------------------------

HTML_PAGES = ["search", "detail", "register", "edit"]
# What each persona gets from each page, with person_ba as the record.
HTML_EXPECTED: dict[str, dict[str, int]] = {
    "officer_ba": {"search": 200, "detail": 200, "register": 200, "edit": 200},
    "supervisor_ba": {"search": 200, "detail": 200, "register": 200, "edit": 200},
    "officer_border_ba": {"search": 200, "detail": 404, "register": 200, "edit": 404},
    "officer_rs": {"search": 403, "detail": 403, "register": 403, "edit": 403},
    "escort_ba": {"search": 403, "detail": 403, "register": 403, "edit": 403},
}


def _open(client: Client, page: str, person: Person) -> Any:
    if page == "search":
        # Search criteria travel in a POST body, never in the URL.
        return client.post("/people/", {"q": "Ахмади"})
    return client.get({"detail": f"/people/{person.id}/", "register": "/people/register/",
                       "edit": f"/people/{person.id}/edit/"}[page])


@pytest.mark.parametrize("page", HTML_PAGES)
@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_html_page(persona: str, page: str, request: pytest.FixtureRequest,
                   client_for: Callable[[User], Client], person_ba: Person) -> None:
    response = _open(client_for(request.getfixturevalue(persona)), page, person_ba)
    assert response.status_code == HTML_EXPECTED[persona][page]
    if page == "search" and response.status_code == 200:
        assert (f"/people/{person_ba.id}/" in response.content.decode()) is (persona in OWNERS)
    if response.status_code in (403, 404):
        # A refusal page says nothing about the person.
        assert "Ахмади" not in response.content.decode()
        assert "Ahmadi" not in response.content.decode()


@pytest.mark.parametrize("persona", [*HIDDEN_FROM, *NO_ROLE])
def test_html_edit_post_changes_nothing(persona: str, request: pytest.FixtureRequest,
                                        client_for: Callable[[User], Client], person_ba: Person) -> None:
    form = {"given_name": "Changed", "family_name": "Changed", "sex": "male", "version": "1",
            "documents-TOTAL_FORMS": "0", "documents-INITIAL_FORMS": "0",
            "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0"}
    response = client_for(request.getfixturevalue(persona)).post(f"/people/{person_ba.id}/edit/", form)
    assert response.status_code == HTML_EXPECTED[persona]["edit"]
    person_ba.refresh_from_db()
    assert (person_ba.version, person_ba.given_name) == (1, "Мухамед")


@pytest.mark.parametrize("page", HTML_PAGES)
def test_html_anonymous_is_sent_to_sign_in(page: str, person_ba: Person) -> None:
    response = _open(Client(), page, person_ba)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


# --- organisations.manage: administrators with a verified second factor only --------------

MANAGE_PAGES = ["/users/", "/institutions/new/"]


@pytest.fixture
def admin_without_second_factor(ministry_ba: Institution) -> Client:
    """An administrator who typed the password but not the TOTP code: a device exists, the
    session holds no verified device."""
    user = make_user("admin_half_signed_in", ministry_ba, Role.ADMINISTRATOR, totp=True)
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.parametrize("path", MANAGE_PAGES)
def test_manage_pages_need_a_verified_administrator(
    path: str, client_for: Callable[[User], Client], admin_ba: User, officer_ba: User,
    admin_without_second_factor: Client,
) -> None:
    assert client_for(admin_ba).get(path).status_code == 200
    assert client_for(officer_ba).get(path).status_code == 403
    assert admin_without_second_factor.get(path).status_code == 403
    anonymous = Client().get(path)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/login/")


def test_unverified_administrator_cannot_create_an_institution(admin_without_second_factor: Client) -> None:
    before = Institution.objects.count()
    response = admin_without_second_factor.post("/institutions/new/", {"name": "Rogue", "kind": "ministry"})
    assert response.status_code == 403
    assert Institution.objects.count() == before


# --- the policy itself: a list never shows what the detail refuses --------------------------

@pytest.fixture
def people_everywhere(person_ba: Person, officer_ba: User, supervisor_ba: User, officer_border_ba: User,
                      border_ba: Institution, sfa_ba: Institution, sfa_rs: Institution,
                      officer_rs: User) -> list[Person]:
    """Persons of three institutions in two countries."""
    persons = [person_ba]
    persons.append(services.register_person(actor=supervisor_ba, institution=sfa_ba,
                                            data=person_data(given_name="Amina", family_name="Rahimi")).person)
    persons.append(services.register_person(actor=officer_border_ba, institution=border_ba,
                                            data=person_data(given_name="Omid", family_name="Karimi")).person)
    # A record of the Serbian service (as if delivered by the exchange): written directly,
    # because no one on this node may register for it.
    persons.append(Person.objects.create(given_name="Reza", family_name="Nori", given_name_latin="Reza",
                                         family_name_latin="Nori", name_script="latin",
                                         registering_institution=sfa_rs, registered_by=officer_rs))
    return persons


@pytest.mark.parametrize("persona", [*ALL_PERSONAS, "admin_ba", "dpo_ba"])
def test_visible_equals_can(persona: str, request: pytest.FixtureRequest, people_everywhere: list[Person]) -> None:
    user = request.getfixturevalue(persona)
    everyone = Person.objects.all()
    assert everyone.count() == 4
    for action in ("people.view", "people.edit"):
        listed = set(policy.visible(user, everyone, action))
        allowed = {p for p in people_everywhere if policy.can(user, action, p)}
        assert listed == allowed, action
    # The search list is a list too: each row it shows, the detail page opens.
    searched = set(policy.visible(user, everyone, "people.search"))
    assert searched <= {p for p in people_everywhere if policy.can(user, "people.view", p)}
    for person in people_everywhere:
        if person in searched:
            assert policy.get_for(user, Person, person.pk, "people.view") == person
        else:
            with pytest.raises(policy.NotFoundError):
                policy.get_for(user, Person, person.pk, "people.view")


def test_visible_is_not_trivially_empty(people_everywhere: list[Person], officer_ba: User,
                                        officer_border_ba: User) -> None:
    """Pins the expected sets so the comparison above cannot pass by listing nothing."""
    names = {p.given_name_latin for p in policy.visible(officer_ba, Person.objects.all(), "people.view")}
    assert names == {"Muhamed", "Amina"}
    names = {p.given_name_latin for p in policy.visible(officer_border_ba, Person.objects.all(), "people.view")}
    assert names == {"Omid"}


def test_get_for_refuses_missing_and_forbidden_alike(person_ba: Person, officer_border_ba: User) -> None:
    for pk in (person_ba.pk, uuid.uuid4(), "not-a-uuid"):
        with pytest.raises(policy.NotFoundError):
            policy.get_for(officer_border_ba, Person, pk, "people.view")


def test_unknown_action_is_denied(person_ba: Person, officer_ba: User) -> None:
    assert policy.can(officer_ba, "people.view", person_ba) is True
    assert policy.can(officer_ba, "people.delete", person_ba) is False
    assert policy.can(officer_ba, "people.view ", person_ba) is False
