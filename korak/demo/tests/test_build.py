"""The demo node: every role can sign in, records are real registrations, and another
country sees nothing. Built small (30 persons); the full build is timed by hand."""

import io
from contextlib import redirect_stdout
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from korak.audit.models import AuditEntry
from korak.audit.queries import verify_chain
from korak.demo.build import DEMO_PASSWORD, DemoLogins, build_demo, current_code, print_logins
from korak.events.models import CaseEvent
from korak.organisations.models import Membership, Role, User
from korak.people import names
from korak.people.models import Person
from korak.people.queries import SearchCriteria, search


@pytest.fixture
def demo(db: Any) -> DemoLogins:
    return build_demo(persons=30, seed=7, progress=False)


def test_one_user_per_role(demo: DemoLogins) -> None:
    for role in Role:
        assert Membership.objects.filter(role=role, is_active=True).exists(), role
    admin = User.objects.get(username="admin")
    assert admin.check_password(DEMO_PASSWORD)
    assert Membership.objects.get(user=admin).role == Role.ADMINISTRATOR
    assert {login.role for login in demo.logins} == {str(role.label) for role in Role}


def test_administrator_and_dpo_have_a_confirmed_totp_device_whose_printed_code_works(demo: DemoLogins) -> None:
    for username in ("admin", "dpo"):
        device = TOTPDevice.objects.get(user__username=username)
        assert device.confirmed
        assert device.verify_token(current_code(device.key))
    assert not TOTPDevice.objects.filter(user__username="officer").exists()


def test_persons_are_registered_through_the_service(demo: DemoLogins) -> None:
    assert demo.persons == Person.objects.count() == 30
    assert CaseEvent.objects.filter(type="person_registered", case_type="people.person").count() == 30
    assert AuditEntry.objects.filter(action="people.person.register").count() == 30
    assert verify_chain().ok


def test_a_cyrillic_record_is_found_by_a_latin_query(demo: DemoLogins) -> None:
    person = Person.objects.filter(name_script="cyrillic").select_related("registered_by").first()
    assert person is not None, "the demo registry holds names written in Cyrillic"
    query = f"{names.fold(person.given_name)} {names.fold(person.family_name)}"
    assert query.isascii()
    found = search(actor=person.registered_by, criteria=SearchCriteria(q=query))
    assert person in found


def test_the_officer_of_another_country_sees_none_of_the_records(demo: DemoLogins) -> None:
    officer_rs = User.objects.get(username="officer_rs")
    person = Person.objects.order_by("created_at").first()
    assert person is not None
    assert search(actor=officer_rs, criteria=SearchCriteria(q="")) == []
    assert search(actor=officer_rs, criteria=SearchCriteria(q=person.family_name)) == []
    officer = User.objects.get(username="officer")
    assert search(actor=officer, criteria=SearchCriteria(q="")) != []


def test_building_again_changes_nothing_and_prints_the_logins(demo: DemoLogins) -> None:
    again = build_demo(persons=30, seed=7, progress=False)
    assert not again.built
    assert Person.objects.count() == 30
    assert User.objects.filter(username="admin").count() == 1
    printed = io.StringIO()
    with redirect_stdout(printed):
        print_logins(again, port=8123)
    text = printed.getvalue()
    assert "http://127.0.0.1:8123/" in text
    assert DEMO_PASSWORD in text
    assert all(login.username in text for login in again.logins)


def test_the_demo_runs_one_audited_deduplication_of_the_registry(demo: DemoLogins) -> None:
    """The full demo (2,000 persons) fills the review queue from its near-duplicates; 30 persons
    hold none, so here the run itself is checked: once, over every person, audited."""
    runs = AuditEntry.objects.filter(action="identity.dedupe.run")
    assert [entry.details["persons"] for entry in runs] == [Person.objects.count()]
