"""The real `korak demo`, as a newcomer starts it: build a node, serve it, sign in with the
printed credentials, register a person and find them again."""

import base64
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import ROOT, Watched, screenshot

KORAK = Path(sys.executable).with_name("korak")
STARTUP_SECONDS = 180


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def demo_environment(tmp_path: Path) -> dict[str, str]:
    """The environment of someone typing `korak demo`: none of this test run's Django or Korak
    settings leak in. The database, the static files and the key stay in tmp_path, so a demo
    someone runs from this checkout (var/) is left alone."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("KORAK_", "DJANGO_"))}
    env.update({
        "KORAK_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "KORAK_STATIC_ROOT": str(tmp_path / "static"),
        "KORAK_SECRET_KEY": secrets.token_urlsafe(64),
        "KORAK_FIELD_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        # Printed logins reach the pipe at once, not when gunicorn's buffers happen to flush.
        "PYTHONUNBUFFERED": "1",
    })
    return env


class Output:
    """Everything the demo printed, read on a thread so that a full pipe never blocks it."""

    def __init__(self, stream: Any) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: Any) -> None:
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[str, Output, float]]:
    """The demo node's URL, what it printed, and how many seconds it took to serve the login page."""
    port = free_port()
    started = time.monotonic()
    process = subprocess.Popen(
        [str(KORAK), "demo", "--persons", "200", "--port", str(port)], cwd=ROOT, env=demo_environment(tmp_path),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    output = Output(process.stdout)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"`korak demo` exited with {process.returncode}:\n{output.text[-3000:]}")
            if time.monotonic() - started > STARTUP_SECONDS:
                pytest.fail(f"`korak demo` did not serve {url}/login/ within {STARTUP_SECONDS} s:\n"
                            f"{output.text[-3000:]}")
            try:
                with urllib.request.urlopen(f"{url}/login/", timeout=2) as response:  # noqa: S310 (our own URL)
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        seconds = time.monotonic() - started
        print(f"\n`korak demo --persons 200` served the login page after {seconds:.1f} s")
        yield url, output, seconds
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def printed_login(text: str, username: str) -> tuple[str, str]:
    """(username, password) from the table `korak demo` prints: a header naming Username and
    Password, a line of dashes that gives the column widths, then one row per user."""
    lines = text.splitlines()
    for index, line in enumerate(lines[:-1]):
        if not (re.search(r"\bUsername\b", line) and re.search(r"\bPassword\b", line)):
            continue
        rule = lines[index + 1]
        if not re.fullmatch(r"[-\s]+", rule) or "-" not in rule:
            continue
        spans = [match.span() for match in re.finditer(r"-+", rule)]

        def cells(row: str, spans: list[tuple[int, int]] = spans) -> list[str]:
            return [row[start:end].strip() if start < len(row) else "" for start, end in spans]

        header = cells(line)
        user_column, password_column = header.index("Username"), header.index("Password")
        for row in lines[index + 2:]:
            if not row.strip() or re.fullmatch(r"[-\s]+", row):
                break
            values = cells(row.ljust(len(rule)))
            if values[user_column] == username:
                return values[user_column], values[password_column]
    # Another layout: "officer ... password: <shared password>" anywhere in the text.
    shared = re.search(r"password\W{1,3}(\S{8,})", text, re.IGNORECASE)
    if shared and re.search(rf"\b{re.escape(username)}\b", text):
        return username, shared.group(1)
    raise AssertionError(f"no login for {username!r} in the demo's output:\n{text[-3000:]}")


@pytest.mark.browser
def test_printed_login_reads_the_demo_table() -> None:
    text = """Open http://127.0.0.1:8000/ and sign in:

Role                     Username      Password              Institution
-----------------------  ------------  --------------------  -------------------------------
Data-protection officer  dpo           Korak-demo-Neretva-7  Ministry of Security
Case officer             officer       Korak-demo-Neretva-7  Service for Foreigners' Affairs
Case officer             officer_rs    Korak-demo-Neretva-7  Foreigners' Service of Serbia

Username  Secret (base32)  Code now
--------  ---------------  --------
officer   ABC              123456
"""
    assert printed_login(text, "officer") == ("officer", "Korak-demo-Neretva-7")
    assert printed_login("users: officer, admin\nshared password: s3cret-pass\n", "officer") == (
        "officer", "s3cret-pass")
    with pytest.raises(AssertionError, match="no login"):
        printed_login(text, "nobody")


@pytest.mark.browser
def test_the_real_demo_registers_in_cyrillic_and_finds_by_latin(
    new_context: Callable[..., Any], demo: tuple[str, Output, float]
) -> None:
    url, output, _seconds = demo
    username, password = printed_login(output.text, "officer")
    watched = Watched(new_context(base_url=url).new_page())
    page = watched.page

    page.goto("/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Register a person").click()
    page.get_by_role("textbox", name="Given names", exact=True).fill("Вукашин")
    page.get_by_role("textbox", name="Family name", exact=True).fill("Дробњак")
    page.get_by_role("textbox", name="Date of birth", exact=True).fill("1987-02-11")
    page.get_by_role("button", name="Register", exact=True).click()
    confirm = page.get_by_label("This is a different person: register anyway")
    if confirm.count():  # 200 synthetic people may hold a look-alike: the officer says it is not them
        confirm.check()
        page.get_by_role("button", name="Register", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Drobnjak, Vukašin")
    expect(page.locator(".as-written")).to_contain_text("Дробњак, Вукашин")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    results = page.locator("#results")
    # Before typing, the newest records are listed, the new one first among many.
    expect(results.locator("tbody tr").nth(1)).to_be_visible()
    page.get_by_role("searchbox", name="Name").press_sequentially("Vukasin Drobnjak", delay=30)
    expect(results.locator("tbody tr")).to_have_count(1)
    found = results.get_by_role("link", name="Drobnjak, Vukašin")
    expect(found).to_be_visible()
    screenshot(page, "09-demo-search")
    found.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Drobnjak, Vukašin")
    # The demo serves its collected, hashed static files: the stylesheet is there and applied.
    stylesheet = page.locator("link[rel=stylesheet]").get_attribute("href") or ""
    assert re.search(r"/static/korak/korak\.[0-9a-f]{12}\.css$", stylesheet), stylesheet
    assert page.evaluate("getComputedStyle(document.querySelector('header.top')).display") == "flex"
    assert watched.csp_violations() == []
