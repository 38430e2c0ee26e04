"""Need-to-know, proved by crawling: canary protection notes (a screening narrative, a
best-interests reasoning, a consent-override reason) are recorded for a synthetic person, then
every URL pattern of the project and every API operation is fetched as each persona. No
persona without need-to-know may find a canary in any response body (HTML pages, API answers,
search results, the audit page, the OpenAPI document, whatever the other apps add later) or in
any log line, and no canary may sit in plain text in any table of the database (read with SQL,
on SQLite and on PostgreSQL alike).

Control: the same crawl as the protection officer does find the canaries, so the crawl reaches
the pages that would leak them."""

import logging
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import get_resolver

from korak.organisations.models import Country, Institution, Role, User
from korak.people.models import Person
from korak.protection import services
from korak.protection.models import Consent, Referral, Representative
from korak.protection.rules import Category
from tests.architecture.test_every_url_has_policy import walk
from tests.personas import make_user

NARRATIVE = "Canary-screening-3JX9W"
REASONING = "Canary-reasoning-Q7T2M carefully weighed"
OVERRIDE = "Canary-override-K4P8R: the person is unconscious and cannot be asked now."
CANARIES = (NARRATIVE.split()[0], REASONING.split()[0], OVERRIDE.split(":")[0])
# What the partner is meant to see; nobody else without need-to-know.
PARTNER_MARK = "Partner-visible-need-8HD3"
OPEN_LOGGERS = ["", "django", "django.server", "django.security", "korak", "korak.api", "ninja"]
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
JSON = "application/json"


@dataclass
class World:
    person: Person
    referral: Referral
    referral_with_consent: Referral
    consent: Consent
    representative: Representative
    institution: Institution
    users: dict[str, User]


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every open logger at DEBUG from before the canaries are written until the crawl ends."""
    for name in OPEN_LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


@pytest.fixture
def world(all_logs: pytest.LogCaptureFixture, db: Any, ba: Country, sfa_ba: Institution, border_ba: Institution,
          sfa_rs: Institution, ministry_ba: Institution, officer_ba: User, supervisor_ba: User, officer_border_ba: User,
          officer_rs: User, escort_ba: User, admin_ba: User, dpo_ba: User, person_ba: Person) -> World:
    ngo = Institution.objects.create(name="Canary NGO (test)", kind="ngo", country=ba)
    ngo2 = Institution.objects.create(name="Other NGO (test)", kind="ngo", country=ba)
    users = {
        "officer_ba": officer_ba, "supervisor_ba": supervisor_ba, "officer_border_ba": officer_border_ba,
        "officer_rs": officer_rs, "escort_ba": escort_ba, "admin_ba": admin_ba, "dpo_ba": dpo_ba,
        "protection_ba": make_user("protection_ba", sfa_ba, Role.PROTECTION_OFFICER),
        "protection_border_ba": make_user("protection_border_ba", border_ba, Role.PROTECTION_OFFICER),
        "protection_rs": make_user("protection_rs", sfa_rs, Role.PROTECTION_OFFICER),
        "officer2_ba": make_user("officer2_ba", sfa_ba, Role.CASE_OFFICER),
        "coordinator_ba": make_user("coordinator_ba", sfa_ba, Role.RETURN_COORDINATOR),
        "monitor_ba": make_user("monitor_ba", ministry_ba, Role.FORCED_RETURN_MONITOR),
        "statistician_ba": make_user("statistician_ba", ministry_ba, Role.STATISTICIAN),
        "programme_ba": make_user("programme_ba", ministry_ba, Role.PROGRAMME_COORDINATOR),
        "partner_ba": make_user("partner_ba", ngo, Role.REFERRAL_PARTNER),
        "partner_other_ba": make_user("partner_other_ba", ngo2, Role.REFERRAL_PARTNER),
    }
    protection = users["protection_ba"]
    services.record_screening(actor=protection, person_id=person_ba.id,
                              categories=[Category.GENDER_BASED_VIOLENCE, Category.TRAFFICKING], narrative=NARRATIVE)
    services.record_best_interests(actor=protection, person_id=person_ba.id, assessed_on=date(2026, 1, 5),
                                   outcome="stay", reasoning=REASONING)
    representative = services.appoint_representative(
        actor=protection, person_id=person_ba.id, kind="guardian", name="G. Test", organisation="CSW (test)",
        appointed_on=date(2026, 1, 6))
    overridden = services.refer(actor=protection, person_id=person_ba.id, partner_id=ngo.pk, service="medical",
                                need=PARTNER_MARK, contact="Reception", contact_window="Mornings", language="fa",
                                override_reason=OVERRIDE)
    consent = services.record_consent(actor=protection, person_id=person_ba.id, purpose="shelter")
    with_consent = services.refer(actor=protection, person_id=person_ba.id, partner_id=ngo.pk, service="shelter",
                                  need=PARTNER_MARK, contact="Reception", contact_window="Mornings", language="fa")
    return World(person=person_ba, referral=overridden, referral_with_consent=with_consent, consent=consent,
                 representative=representative, institution=sfa_ba, users=users)


def _urls(world: World) -> Iterator[str]:
    """Every URL pattern of the project with its parameters filled from the world; an
    unknown parameter gets a fresh id (a 404 is an answer too, and it must not leak either)."""
    known: dict[str, str] = {
        "person_id": str(world.person.id), "referral_id": str(world.referral.pk), "consent_id": str(world.consent.pk),
        "representative_id": str(world.representative.pk), "institution_id": str(world.institution.pk),
    }
    for route in walk(get_resolver().url_patterns):
        def fill(match: re.Match[str]) -> str:
            converter, name = match.group(1), match.group(2)
            if name in known:
                return known[name]
            return "1" if converter == "int" else str(uuid.uuid4())

        yield "/" + _PARAM.sub(fill, route.path)
    # The partner's copy of the referral that rests on consent, too.
    yield f"/protection/inbox/{world.referral_with_consent.pk}/"
    yield f"/api/protection/inbox/{world.referral_with_consent.pk}"
    yield f"/protection/referrals/{world.referral_with_consent.pk}/"


def crawl(world: World, user: User | None, client_for: Callable[[User], Client],
          api_for: Callable[[User], Client]) -> dict[str, str]:
    """Every GET, and the searches (POST), as this user: url -> body."""
    browser = client_for(user) if user is not None else Client()
    bodies: dict[str, str] = {}
    for url in _urls(world):
        response = browser.get(url)
        bodies[f"GET {url}"] = response.content.decode(errors="replace")
    searches = [("/people/", {"q": "Ahmadi"}, None), ("/api/people/search", {"q": "Ahmadi"}, JSON)]
    machine = api_for(user) if user is not None else Client()
    for url, body, content_type in searches:
        client = machine if content_type else browser
        response = (client.post(url, body, content_type=content_type) if content_type else client.post(url, body))
        bodies[f"POST {url}"] = response.content.decode(errors="replace")
    return bodies


def _found(bodies: dict[str, str], needles: tuple[str, ...]) -> list[str]:
    return [f"{where}: {needle}" for where, text in bodies.items() for needle in needles if needle in text]


NO_NEED = ["supervisor_ba", "officer_border_ba", "officer_rs", "escort_ba", "admin_ba", "dpo_ba",
           "protection_border_ba", "protection_rs", "officer2_ba", "coordinator_ba", "monitor_ba",
           "statistician_ba", "programme_ba", "partner_ba", "partner_other_ba", None]


@pytest.mark.parametrize("persona", NO_NEED)
def test_no_canary_for_any_persona_without_need_to_know(
        persona: str | None, world: World, all_logs: pytest.LogCaptureFixture,
        client_for: Callable[[User], Client], api_for: Callable[[User], Client]) -> None:
    user = world.users[persona] if persona else None
    bodies = crawl(world, user, client_for, api_for)
    assert len(bodies) >= 40  # every pattern of the project was fetched
    assert _found(bodies, CANARIES) == []
    if persona != "partner_ba":
        assert _found(bodies, (PARTNER_MARK,)) == []
    else:
        # The partner sees its referrals, and only them.
        assert _found(bodies, (PARTNER_MARK,))
    logged = " ".join(record.getMessage() + repr(record.args) for record in all_logs.records)
    assert [needle for needle in (*CANARIES, PARTNER_MARK) if needle in logged] == []


@pytest.mark.parametrize("persona", ["protection_ba", "officer_ba"])
def test_control_the_crawl_finds_the_canaries_with_need_to_know(
        persona: str, world: World, client_for: Callable[[User], Client], api_for: Callable[[User], Client]) -> None:
    bodies = crawl(world, world.users[persona], client_for, api_for)
    found = _found(bodies, CANARIES)
    for canary in CANARIES:
        assert any(line.endswith(canary) for line in found), canary
    assert f"GET /protection/persons/{world.person.id}/: {CANARIES[0]}" in found
    assert f"GET /api/protection/persons/{world.person.id}: {CANARIES[0]}" in found


def _dump() -> str:
    """Every row of every table as the database holds it: what a dump or a backup would show."""
    parts: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            parts += [repr(row) for row in cursor.fetchall()]
    return "\n".join(parts)


def test_no_canary_in_plain_text_in_the_database(world: World) -> None:
    dump = _dump()
    assert "protection_screening" in connection.introspection.table_names()
    assert str(world.person.id).replace("-", "") in dump.replace("-", "")  # the dump does hold the rows
    for needle in (*CANARIES, PARTNER_MARK, "gender_based_violence", "trafficking,"):
        assert needle not in dump, needle
