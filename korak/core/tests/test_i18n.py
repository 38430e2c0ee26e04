"""The UI speaks English and Bosnian in full; the other catalogues carry the same msgids so
translators can start. Pages and API errors follow the language cookie or Accept-Language.

The page and API tests read the compiled catalogues: `python -m korak.i18n compile` (make does it)."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import Client
from django.utils.functional import Promise
from django.utils.translation import gettext, override, to_locale

from korak.core.django_messages import MESSAGES, PLURAL_MESSAGES
from korak.organisations.models import User

LOCALE = Path(settings.LOCALE_PATHS[0])
# Every language of settings.LANGUAGES but English, by Django's locale name: sr-latn is sr_Latn.
CATALOGUES = {to_locale(code) for code, _name in settings.LANGUAGES} - {"en"}
JSON = "application/json"


def catalogue(language: str) -> Catalog:
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as source:
        return read_po(source, locale=language)


def msgids(language: str) -> set[tuple[str | None, object]]:
    return {(message.context, message.id) for message in catalogue(language) if message.id}


@pytest.fixture
def compiled() -> None:
    if not (LOCALE / "bs" / "LC_MESSAGES" / "django.mo").exists():
        pytest.fail("The catalogues are not compiled: run `python -m korak.i18n compile` (make does it).")


# --- the catalogues ----------------------------------------------------------------------------

def test_every_language_of_the_node_has_a_catalogue() -> None:
    assert {"bs", "hr", "sr", "sr_Latn", "cnr", "mk", "sq"} <= CATALOGUES
    assert {path.parent.parent.name for path in LOCALE.glob("*/LC_MESSAGES/django.po")} == CATALOGUES


def test_bosnian_catalogue_is_complete_and_has_no_fuzzy_entry() -> None:
    bs = catalogue("bs")
    assert not bs.fuzzy, "the header is marked fuzzy"
    assert bs.num_plurals == 3
    untranslated, fuzzy = [], []
    for message in bs:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if len(strings) != (bs.num_plurals if message.pluralizable else 1) or not all(strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert untranslated == []
    assert fuzzy == []


def test_bosnian_translations_keep_their_placeholders() -> None:
    # Babel's checkers: %(name)s placeholders and the number of plural forms.
    problems = [(message.id, [str(error) for error in errors]) for message, errors in catalogue("bs").check()]
    assert problems == []


def test_bosnian_translations_keep_their_html_and_template_variables() -> None:
    markup = re.compile(r"<[^>]+>|%\(\w+\)s")
    for message in catalogue("bs"):
        if not message.id or not isinstance(message.id, str) or not isinstance(message.string, str):
            continue
        assert sorted(markup.findall(message.string)) == sorted(markup.findall(message.id)), message.id


@pytest.mark.parametrize("language", sorted(CATALOGUES - {"bs"}))
def test_other_catalogues_hold_the_same_msgids_as_bosnian(language: str) -> None:
    assert msgids(language) == msgids("bs")


@pytest.mark.parametrize("message", [*MESSAGES, *PLURAL_MESSAGES], ids=str)
def test_django_messages_missing_from_djangos_bosnian_are_translated(message: str | Promise,
                                                                    compiled: None) -> None:
    def in_language(language: str) -> str:
        with override(language):
            return gettext(message) if isinstance(message, str) else str(message)

    assert in_language("bs") != in_language("en")


# --- pages -------------------------------------------------------------------------------------

def test_sign_in_page_follows_accept_language(db: None, compiled: None) -> None:
    response = Client().get("/login/", HTTP_ACCEPT_LANGUAGE="bs")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="bs">' in page
    assert "<h1>Prijava</h1>" in page
    assert "Korisničko ime" in page
    assert "Sign in" not in page


def test_sign_in_page_is_english_without_a_preference(db: None, compiled: None) -> None:
    page = Client().get("/login/").content.decode()
    assert "<h1>Sign in</h1>" in page
    assert "Prijava" not in page


def test_language_switcher_sets_the_cookie_and_the_next_page_follows(db: None, compiled: None) -> None:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "bs", "next": "/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "bs"
    assert "<h1>Prijava</h1>" in client.get("/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_language_switcher_offers_english_and_bosnian_only(db: None, compiled: None) -> None:
    page = Client().get("/login/").content.decode()
    switcher = page[page.index('<select name="language"'):page.index("</select>")]
    assert re.findall(r'<option value="([^"]+)"', switcher) == ["en", "bs"]
    assert settings.KORAK_UI_LANGUAGES == ["en", "bs"]


# --- the API -----------------------------------------------------------------------------------

def test_api_422_is_translated_for_accept_language_bs(
    officer_ba: User, api_for: Callable[[User], Client], compiled: None
) -> None:
    response = api_for(officer_ba).post("/api/people/", {"family_name": ""}, content_type=JSON,
                                        HTTP_ACCEPT_LANGUAGE="bs")
    assert response.status_code == 422
    assert response["Content-Language"] == "bs"
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"] == "Neka polja treba ispraviti."
    assert error["fields"]["given_name"] == ["Ovo polje je obavezno."]


def test_api_422_stays_english_without_a_preference(
    officer_ba: User, api_for: Callable[[User], Client], compiled: None
) -> None:
    response = api_for(officer_ba).post("/api/people/", {"family_name": ""}, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "Some fields need attention."


def test_api_unparsable_body_is_translated(
    officer_ba: User, api_for: Callable[[User], Client], compiled: None
) -> None:
    response = api_for(officer_ba).post("/api/people/", "{not json", content_type=JSON, HTTP_ACCEPT_LANGUAGE="bs")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Tijelo zahtjeva nije ispravan JSON."
