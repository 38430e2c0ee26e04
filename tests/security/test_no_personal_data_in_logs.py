"""Personal data never goes to log files (DESIGN.md §4) and never into a URL, where it would end
up in access logs and browser histories. A synthetic canary name is registered, searched,
mistyped and edited through the API and the HTML pages with every logger at DEBUG; the canary
must appear in no log record and no link the UI renders."""

import json
import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from korak.organisations.models import User
from korak.people.models import Person

CANARY = "Canarytestname"
CANARY_CYRILLIC = "Канаритестнаме"
# Every spelling a log line might carry: as written, folded, and transliterated.
NEEDLES = ("canarytestname", "канаритестнаме", "kanaritestname", "nonamedoc77")
# Loggers the settings leave open are turned to DEBUG; those the settings pin above DEBUG
# (django.request, django.template, django.db.backends, axes) keep their pin, which is the
# protection under test (test_loggers_that_print_personal_data_stay_above_debug).
OPEN_LOGGERS = ["", "django", "django.server", "django.security", "korak", "korak.api", "ninja"]
PINNED_LOGGERS = {"django.request": logging.ERROR, "django.template": logging.INFO,
                  "django.db.backends": logging.INFO, "axes": logging.WARNING}
JSON = "application/json"
# href, src, action and the htmx request attributes: every URL a page can make the browser open.
_URL_ATTRIBUTE = re.compile(r"""\b(?:href|src|action|hx-get|hx-post|hx-put|hx-delete|hx-push-url)\s*=\s*["']([^"']*)""",
                            re.IGNORECASE)


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    for name in OPEN_LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    yield caplog


def _leaks(records: list[logging.LogRecord]) -> list[str]:
    found = []
    for record in records:
        parts = [record.getMessage(), repr(record.args), str(getattr(record, "request", "")),
                 record.exc_text or "", repr(getattr(record, "status_code", ""))]
        if record.exc_info and record.exc_info[1] is not None:
            parts.append(str(record.exc_info[1]))
        text = " ".join(parts).lower()
        found += [f"{record.name}: {needle}" for needle in NEEDLES if needle in text]
    return found


def _urls(html: str) -> list[str]:
    return _URL_ATTRIBUTE.findall(html)


def _assert_no_name_in_urls(html: str) -> list[str]:
    urls = _urls(html)
    for url in urls:
        assert not any(needle in url.lower() for needle in NEEDLES), url
    return urls


def test_api_writes_and_searches_leave_no_name_in_logs(all_logs: pytest.LogCaptureFixture, officer_ba: User,
                                                       api_for: Callable[[User], Client]) -> None:
    client = api_for(officer_ba)
    body: dict[str, Any] = {"given_name": CANARY, "family_name": CANARY_CYRILLIC, "birth_date": "1990",
                            "documents": [{"type": "passport", "number": "NONAMEDOC77", "issuing_country": "AF"}]}
    created = client.post("/api/people/", body, content_type=JSON)
    assert created.status_code == 201
    person_id = created.json()["person"]["id"]
    # The same again: a possible duplicate, and a retry with an idempotency key.
    assert client.post("/api/people/", body, content_type=JSON, HTTP_IDEMPOTENCY_KEY="k1").status_code == 201
    assert client.post("/api/people/", body, content_type=JSON, HTTP_IDEMPOTENCY_KEY="k1").status_code == 201
    # Bad input that carries the name: refusals must not echo it into a log line.
    bad = client.post("/api/people/", {**body, "given_name": CANARY + "\x07", "nationalities": [CANARY[:2]]},
                      content_type=JSON)
    assert bad.status_code == 422
    assert CANARY not in bad.content.decode()  # the 422 names the field, not the value
    too_long = client.post("/api/people/", {**body, "family_name": CANARY * 20}, content_type=JSON)
    assert too_long.status_code == 422
    found = client.post("/api/people/search", {"q": CANARY.lower()}, content_type=JSON)
    assert person_id in {row["id"] for row in found.json()}
    assert client.post("/api/people/search", {"q": "Канари", "document": "nonamedoc77"},
                       content_type=JSON).status_code == 200
    assert client.get(f"/api/people/{person_id}").status_code == 200
    edited = client.put(f"/api/people/{person_id}", {**body, "family_name": CANARY + "ovic"}, content_type=JSON,
                        HTTP_IF_MATCH='"1"')
    assert edited.status_code == 200
    stale = client.put(f"/api/people/{person_id}", {**body, "family_name": CANARY + "ic"}, content_type=JSON,
                       HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert _leaks(all_logs.records) == []


def test_html_pages_leave_no_name_in_logs_or_urls(all_logs: pytest.LogCaptureFixture, officer_ba: User,
                                                  officer_border_ba: User,
                                                  client_for: Callable[[User], Client]) -> None:
    browser = client_for(officer_ba)
    form = {"given_name": CANARY, "family_name": CANARY_CYRILLIC, "sex": "female", "birth_date": "1990",
            "documents-TOTAL_FORMS": "1", "documents-INITIAL_FORMS": "0", "documents-0-type": "passport",
            "documents-0-number": "NONAMEDOC77", "documents-0-issuing_country": "AF",
            "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0"}
    registered = browser.post("/people/register/", form)
    assert registered.status_code == 302, registered.content.decode()[:2000]
    person = Person.objects.get(given_name=CANARY)
    assert registered["Location"] == f"/people/{person.pk}/"

    # A second registration of the same name shows the duplicate warning with links.
    warned = browser.post("/people/register/", form)
    assert warned.status_code == 422
    assert f"/people/{person.pk}/" in _assert_no_name_in_urls(warned.content.decode())

    results = browser.post("/people/", {"q": CANARY.lower()})
    assert results.status_code == 200
    html = results.content.decode()
    assert CANARY in html  # the name is on the page, as it must be
    assert f"/people/{person.pk}/" in _assert_no_name_in_urls(html)
    fragment = browser.post("/people/", {"q": "Канари"}, HTTP_HX_REQUEST="true")
    assert f"/people/{person.pk}/" in _assert_no_name_in_urls(fragment.content.decode())

    detail = browser.get(f"/people/{person.pk}/")
    assert detail.status_code == 200
    assert f"/people/{person.pk}/edit/" in _assert_no_name_in_urls(detail.content.decode())
    _assert_no_name_in_urls(browser.get(f"/people/{person.pk}/edit/").content.decode())
    _assert_no_name_in_urls(browser.get("/people/").content.decode())

    # A refused read and a mistyped form: warnings are logged, never with the name.
    assert client_for(officer_border_ba).get(f"/people/{person.pk}/").status_code == 404
    assert browser.post("/people/register/", {**form, "birth_date": "19-90"}).status_code == 422
    assert _leaks(all_logs.records) == []


def test_loggers_that_print_personal_data_stay_above_debug(all_logs: pytest.LogCaptureFixture) -> None:
    assert logging.getLogger().getEffectiveLevel() == logging.DEBUG
    for name, level in PINNED_LOGGERS.items():
        assert logging.getLogger(name).getEffectiveLevel() >= level, name
        assert not logging.getLogger(name).isEnabledFor(logging.DEBUG), name


def test_the_search_form_posts_its_criteria(officer_ba: User, client_for: Callable[[User], Client]) -> None:
    """The search box sends the name in the body: the form is a POST and never pushes a URL."""
    html = client_for(officer_ba).get("/people/").content.decode()
    search_form = re.search(r'<form[^>]*role="search"[^>]*>', html)
    assert search_form is not None
    tag = search_form.group(0)
    assert 'method="post"' in tag
    assert 'hx-push-url="false"' in tag
    assert "hx-get" not in tag


def test_the_leak_detector_can_fail(all_logs: pytest.LogCaptureFixture) -> None:
    logging.getLogger("korak.test").warning("registered %s", CANARY)
    assert _leaks(all_logs.records) == ["korak.test: canarytestname"]
    assert _urls(f'<a href="/people/?q={CANARY}">x</a><form hx-post="/people/">') == [f"/people/?q={CANARY}",
                                                                                    "/people/"]
    with pytest.raises(AssertionError):
        _assert_no_name_in_urls(f'<a href="/people/?q={CANARY}">')


def test_errors_in_the_api_are_logged_without_their_text(all_logs: pytest.LogCaptureFixture, officer_ba: User,
                                                         api_for: Callable[[User], Client],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected exception may carry personal data in its message: the API logs its type only."""
    from korak.people import services

    def explode(**kwargs: Any) -> None:
        raise RuntimeError(f"constraint failed for {CANARY}")

    monkeypatch.setattr(services, "register_person", explode)
    response = api_for(officer_ba).post("/api/people/", {"given_name": CANARY, "family_name": "X"},
                                        content_type=JSON)
    assert response.status_code == 500
    assert json.loads(response.content)["error"]["code"] == "internal"
    assert CANARY not in response.content.decode()
    assert any(record.name == "korak.api" and "RuntimeError" in record.getMessage() for record in all_logs.records)
    assert _leaks(all_logs.records) == []
