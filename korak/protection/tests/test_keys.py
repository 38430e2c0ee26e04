"""`korak keys generate` and `korak keys rotate`: every encrypted value ends up under the newest
key and stays readable once the old key is dropped; a value no key opens fails the command."""

import json
from datetime import date

import pytest
from django.test import override_settings

from korak.audit.models import AuditEntry
from korak.cli import main
from korak.organisations.models import Institution, User
from korak.people.models import Person
from korak.protection import fields, keys, services
from korak.protection.models import BestInterestsAssessment, Referral, Screening
from korak.protection.rules import Category
from korak.protection.tests.conftest import CANARY

pytestmark = pytest.mark.django_db


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _populate(person: Person, protection: User, ngo: Institution) -> None:
    services.record_screening(actor=protection, person_id=person.id, categories=[Category.TRAFFICKING],
                              narrative=CANARY)
    services.record_best_interests(actor=protection, person_id=person.id, assessed_on=date(2026, 1, 5),
                                   outcome="stay", reasoning="Reasoning long enough for the test.")
    services.refer(actor=protection, person_id=person.id, partner_id=ngo.pk, service="medical", need="Check-up",
                   contact="Reception", contact_window="Mornings", language="fa",
                   override_reason="Serious injury, the person is unconscious and cannot be asked now.")


def test_generate_prints_a_fernet_key(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(capsys, "keys", "generate")
    assert status == 0
    key = out.strip()
    with override_settings(KORAK_FIELD_KEYS=[key]):
        assert fields.decrypt(fields.encrypt("x")) == "x"


def test_rotate_reencrypts_everything_and_old_key_can_then_be_dropped(
        capsys: pytest.CaptureFixture[str], person_ba: Person, protection_ba: User, ngo_ba: Institution) -> None:
    old, new = fields.generate_key(), fields.generate_key()
    with override_settings(KORAK_FIELD_KEYS=[old]):
        _populate(person_ba, protection_ba, ngo_ba)
    # Screening: categories + narrative; assessment: reasoning; referral: need, contact,
    # shared_information, partner_note, override_reason.
    expected = 2 + 1 + 5
    with override_settings(KORAK_FIELD_KEYS=[new, old]):
        status, out, err = run(capsys, "keys", "rotate", "--json")
        assert (status, err) == (0, "")
        report = json.loads(out)
        assert (report["checked"], report["rotated"], report["failed"]) == (expected, expected, 0)
        again = keys.rotate_all()
        assert (again.checked, again.rotated) == (expected, 0)
    with override_settings(KORAK_FIELD_KEYS=[new]):
        assert Screening.objects.get().narrative == CANARY
        assert BestInterestsAssessment.objects.get().reasoning.startswith("Reasoning")
        assert Referral.objects.get().need == "Check-up"
    entry = AuditEntry.objects.filter(action="protection.keys.rotate").order_by("seq").first()
    assert entry is not None
    assert entry.details == {"checked": expected, "rotated": expected, "failed": 0}


def test_rotate_fails_when_a_value_opens_with_no_key(capsys: pytest.CaptureFixture[str], person_ba: Person,
                                                     protection_ba: User, ngo_ba: Institution) -> None:
    lost = fields.generate_key()
    with override_settings(KORAK_FIELD_KEYS=[lost]):
        services.record_screening(actor=protection_ba, person_id=person_ba.id, categories=[Category.CHILD])
    with override_settings(KORAK_FIELD_KEYS=[fields.generate_key()]):
        status, out, err = run(capsys, "keys", "rotate")
    assert status == 1
    assert "2 failed" in out
    assert "none of the keys" in err


def test_rotate_without_keys_is_a_one_line_refusal(capsys: pytest.CaptureFixture[str], person_ba: Person,
                                                   protection_ba: User) -> None:
    services.record_screening(actor=protection_ba, person_id=person_ba.id, categories=[Category.CHILD])
    with override_settings(KORAK_FIELD_KEYS=[]):
        status, _out, err = run(capsys, "keys", "rotate")
    assert status == 2
    assert err.startswith("korak: KORAK_FIELD_KEYS")
