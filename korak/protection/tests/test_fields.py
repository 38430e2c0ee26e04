"""Encryption at rest: the tables hold ciphertext only (read with SQL, on SQLite and on
PostgreSQL alike), keys come from KORAK_FIELD_KEYS, and a value no key opens is an error."""

import pytest
from django.db import connection
from django.test import override_settings

from korak.organisations.models import User
from korak.people.models import Person
from korak.protection import fields
from korak.protection.models import Screening
from korak.protection.rules import Category
from korak.protection.tests.conftest import CANARY, screen

pytestmark = pytest.mark.django_db


def _raw(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {connection.ops.quote_name(table)}")
        return [row[0] for row in cursor.fetchall()]


def test_narrative_and_categories_are_ciphertext_in_the_table(person_ba: Person, protection_ba: User) -> None:
    screening = screen(protection_ba, person_ba, Category.GENDER_BASED_VIOLENCE, narrative=f"Notes: {CANARY}")
    narratives, categories = _raw("protection_screening", "narrative"), _raw("protection_screening", "categories")
    assert len(narratives) == len(categories) == 1
    assert CANARY not in narratives[0]
    assert "gender_based_violence" not in categories[0]
    assert narratives[0].startswith("gAAAA")  # a Fernet token
    # ...and read back in plain text through the model.
    assert Screening.objects.get(pk=screening.pk).narrative == f"Notes: {CANARY}"
    assert Screening.objects.get(pk=screening.pk).categories == "gender_based_violence"


def test_the_same_text_encrypts_differently_each_time() -> None:
    assert fields.encrypt("same") != fields.encrypt("same")
    assert fields.decrypt(fields.encrypt("same")) == "same"


def test_a_value_no_key_opens_is_an_explicit_error(person_ba: Person, protection_ba: User) -> None:
    screening = screen(protection_ba, person_ba, Category.CHILD, narrative="x")
    with override_settings(KORAK_FIELD_KEYS=[fields.generate_key()]), pytest.raises(fields.UndecryptableError):
        Screening.objects.get(pk=screening.pk)


@pytest.mark.parametrize("keys", [[], ["not-a-key"], ["c2hvcnQ="]])
def test_missing_or_malformed_keys_are_refused_without_printing_them(keys: list[str]) -> None:
    with override_settings(KORAK_FIELD_KEYS=keys), pytest.raises(fields.FieldKeyError) as caught:
        fields.encrypt("x")
    for key in keys:
        assert key not in str(caught.value)


def test_an_older_key_still_decrypts_and_rotate_moves_to_the_newest() -> None:
    old, new = fields.generate_key(), fields.generate_key()
    with override_settings(KORAK_FIELD_KEYS=[old]):
        token = fields.encrypt("kept")
    with override_settings(KORAK_FIELD_KEYS=[new, old]):
        assert fields.decrypt(token) == "kept"
        assert not fields.is_current(token)
        rotated = fields.rotate(token)
        assert fields.is_current(rotated)
    with override_settings(KORAK_FIELD_KEYS=[new]):
        assert fields.decrypt(rotated) == "kept"
        with pytest.raises(fields.UndecryptableError):
            fields.decrypt(token)


def test_production_refuses_to_start_without_field_keys() -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {name: value for name, value in os.environ.items()
           if not name.startswith("KORAK_") and name != "DJANGO_SETTINGS_MODULE"}
    env.update({"KORAK_ENV": "production", "KORAK_SECRET_KEY": "s" * 60})
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run([sys.executable, "-c", "import korak.settings.base"], cwd=root, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode != 0
    assert "KORAK_FIELD_KEYS" in result.stderr
    env["KORAK_FIELD_KEYS"] = fields.generate_key()
    ok = subprocess.run([sys.executable, "-c", "import korak.settings.base"], cwd=root, env=env,
                        capture_output=True, text=True, timeout=120, check=False)
    assert ok.returncode == 0, ok.stderr
