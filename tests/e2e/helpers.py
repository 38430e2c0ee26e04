"""What the browser flows share: acting as a person does and keeping evidence of what was shown."""

from pathlib import Path
from typing import Any

import pytest

from tests.personas import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "test-results"

# live_server commits for real, so every flow runs in a transactional database, emptied after
# each test. The countries come from a data migration the flush would wipe: serialized
# rollback puts them back before each test.
LIVE_DB = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Runs before any page script of every document. Playwright injects it outside the page's
# CSP, so it is not an inline script of the page and cannot itself cause a violation.
CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (e) => {
  window.korakCspViolation(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' on ' + e.documentURI);
});
"""


class Watched:
    """A page with what the browser said while it was used: console messages, script errors,
    and every CSP violation on every document it showed."""

    def __init__(self, page: Any, *, javascript: bool = True) -> None:
        self.page = page
        self.messages: list[str] = []
        self.violations: list[str] = []
        page.on("console", lambda message: self.messages.append(f"console {message.type}: {message.text}"))
        page.on("pageerror", lambda error: self.messages.append(f"pageerror: {error}"))
        if javascript:
            page.expose_function("korakCspViolation", self._violation)
            page.add_init_script(CSP_LISTENER)

    def _violation(self, text: str) -> None:
        self.violations.append(text)

    def csp_violations(self) -> list[str]:
        # Chromium also logs each violation to the console: either channel counts.
        return [m for m in self.messages if "Content Security Policy" in m] + self.violations


def screenshot(page: Any, name: str) -> None:
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)


def sign_in(page: Any, username: str, password: str = PASSWORD) -> None:
    """Through the real form, as a person would; by the fields' ids, so that it works in any
    interface language."""
    page.goto("/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def bosnian_compiled() -> bool:
    return (ROOT / "korak" / "locale" / "bs" / "LC_MESSAGES" / "django.mo").exists()
