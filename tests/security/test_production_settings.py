"""Settings fail loudly (STYLE.md example 11): a production start without a secret key or with
DEBUG on refuses to run, and a properly configured production node passes Django's deployment
checks with no warning. Each case imports the settings in a fresh interpreter, because the test
process already holds its own settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from korak.core.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]


def _env(**values: str) -> dict[str, str]:
    """A clean environment: nothing of the test process's own KORAK_* or Django settings."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("KORAK_") and name != "DJANGO_SETTINGS_MODULE"}
    # A node's field-encryption key (korak.protection; its refusal is tested there).
    env["KORAK_FIELD_KEYS"] = "bm9kZS1maWVsZC1rZXktZm9yLXRoZS10ZXN0cy0wMDA="
    env.update(values)
    return env


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=_env(**env), capture_output=True, text=True,
                          timeout=120, check=False)


def _import_base(**env: str) -> subprocess.CompletedProcess[str]:
    return _run("-c", "import korak.settings.base", **env)


def _secret() -> str:
    return secrets.token_urlsafe(45)  # 60 characters


def test_production_without_secret_key_refuses_to_start() -> None:
    result = _import_base(KORAK_ENV="production")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "KORAK_SECRET_KEY" in result.stderr


def test_production_is_the_default() -> None:
    """No KORAK_ENV at all means production: forgetting it never yields a lax node."""
    result = _import_base()
    assert result.returncode != 0
    assert "KORAK_SECRET_KEY" in result.stderr


def test_production_with_a_short_secret_key_refuses_to_start() -> None:
    result = _import_base(KORAK_ENV="production", KORAK_SECRET_KEY="too-short")
    assert result.returncode != 0
    assert "KORAK_SECRET_KEY" in result.stderr


def test_production_with_debug_refuses_to_start() -> None:
    result = _import_base(KORAK_ENV="production", KORAK_SECRET_KEY=_secret(), KORAK_DEBUG="true")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "KORAK_DEBUG" in result.stderr


def test_a_typo_in_a_boolean_refuses_to_start() -> None:
    result = _import_base(KORAK_ENV="production", KORAK_SECRET_KEY=_secret(), KORAK_SECURE_COOKIES="yes")
    assert result.returncode != 0
    assert "KORAK_SECURE_COOKIES" in result.stderr


def test_production_settings_import_cleanly() -> None:
    """The control for the refusals above: the same import with a good environment works."""
    result = _run("-c", "import korak.settings.base as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, "
                  "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)",
                  KORAK_ENV="production", KORAK_SECRET_KEY=_secret())
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "31536000"]


def test_deploy_check_passes_without_warnings(tmp_path: Path) -> None:
    # The check opens the database: give it one, as a real node has (a clean clone has no var/).
    result = _run("-m", "django", "check", "--deploy", "--fail-level", "WARNING",
                  KORAK_DATABASE_URL=f"sqlite:///{tmp_path}/node.sqlite3",
                  DJANGO_SETTINGS_MODULE="korak.settings.base", KORAK_ENV="production",
                  KORAK_SECRET_KEY=_secret(), KORAK_ALLOWED_HOSTS="korak.example")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_catches_a_lax_setting(tmp_path: Path) -> None:
    """The control: the same check fails when a deployment setting is weakened."""
    result = _run("-m", "django", "check", "--deploy", "--fail-level", "WARNING",
                  KORAK_DATABASE_URL=f"sqlite:///{tmp_path}/node.sqlite3",
                  DJANGO_SETTINGS_MODULE="korak.settings.base", KORAK_ENV="production",
                  KORAK_SECRET_KEY=_secret(), KORAK_ALLOWED_HOSTS="korak.example", KORAK_SECURE_COOKIES="false")
    assert result.returncode != 0
    assert "security.W012" in result.stdout + result.stderr  # SESSION_COOKIE_SECURE


@pytest.mark.parametrize("raw", ["yes", "no", "on", "off", "TRUE1", "y", " "])
def test_env_bool_refuses_anything_but_true_false(raw: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X", raw)
    if raw.strip() == "":
        assert env_bool("X", default=True) is False  # an empty value is "false", deliberately
        return
    with pytest.raises(ImproperlyConfigured, match="X must be 'true' or 'false'"):
        env_bool("X", default=False)


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("True", True), ("1", True), ("false", False),
                                               ("0", False), (" FALSE ", False)])
def test_env_bool_reads_true_and_false(raw: str, expected: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X", raw)
    assert env_bool("X", default=not expected) is expected


def test_env_bool_default_when_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("X", raising=False)
    assert env_bool("X", default=True) is True
    assert env_bool("X", default=False) is False


def test_env_int_and_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X", "thirty")
    with pytest.raises(ImproperlyConfigured, match="X must be an integer"):
        env_int("X", default=1)
    monkeypatch.setenv("X", " a.example, ,b.example ")
    assert env_list("X", default=[]) == ["a.example", "b.example"]
