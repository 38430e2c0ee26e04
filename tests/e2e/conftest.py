"""Fixtures for the browser flows: Debian's chromium driven by Playwright against pytest-django's
live_server. Run them with `make test-browser` or
`KORAK_CHROMIUM=/usr/bin/chromium pytest -m browser tests/e2e`."""

import importlib
import os
import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection

from tests.e2e.helpers import Watched

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Short enough that a broken page fails fast, long enough for a loaded CI machine.
TIMEOUT_MS = 20_000


def chromium_path() -> str | None:
    return os.environ.get("KORAK_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    if not executable:
        pytest.skip("no chromium found: set KORAK_CHROMIUM or `apt-get install chromium`")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    # The Playwright sync API drives the browser from an asyncio loop running in this thread, and
    # Django refuses ORM calls from a thread with a running loop (SynchronousOnlyOperation). The
    # flows call the ORM only between browser steps, never concurrently with them, so it is safe.
    # Set here, not at import, so the rest of the suite keeps Django's guard.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
            yield launched
            launched.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_context(browser: Any) -> Iterator[Callable[..., Any]]:
    """Opens fresh browser contexts (no cookies shared between two people), closed afterwards."""
    contexts: list[Any] = []

    def open_context(**options: Any) -> Any:
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def new_page(new_context: Callable[..., Any], live_server: Any) -> Callable[..., Watched]:
    """A watched page on the live server, in a context of its own."""

    def open_page(**options: Any) -> Watched:
        context = new_context(base_url=live_server.url, **options)
        return Watched(context.new_page(), javascript=options.get("java_script_enabled", True))

    return open_page


@pytest.fixture
def watched(new_page: Callable[..., Watched]) -> Watched:
    return new_page()


# The audit table refuses DELETE and TRUNCATE (korak/audit/migrations/0002_append_only.py), and
# the transactional database of live_server is emptied after each test. So each test runs with
# the triggers on, as in production; they are switched off only after it, for the flush.
_APPEND_ONLY = importlib.import_module("korak.audit.migrations.0002_append_only")


def _set_audit_triggers(*, on: bool) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE audit_auditentry {'ENABLE' if on else 'DISABLE'} TRIGGER USER")
        elif connection.vendor == "sqlite":
            for statement in _APPEND_ONLY.SQLITE_DOWN + (_APPEND_ONLY.SQLITE_UP if on else []):
                cursor.execute(statement)


@pytest.fixture(scope="session")
def _audit_triggers_back_on(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """After the last flow, for whatever runs next on this database (a kept --reuse-db one too)."""
    yield
    with django_db_blocker.unblock():
        _set_audit_triggers(on=True)


@pytest.fixture(autouse=True)
def _flushable_audit(request: pytest.FixtureRequest) -> Iterator[None]:
    # Autouse fixtures of this conftest start after pytest-django's database fixtures, so this
    # teardown runs before their flush.
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("_audit_triggers_back_on")
    _set_audit_triggers(on=True)
    yield
    _set_audit_triggers(on=False)
