"""The HTML pages: the person's page links to the panel and says only that guarantees apply to
those without need-to-know; forms save through the services; the partner's pages show only
the referral; every page refuses the wrong role, institution and country."""

from collections.abc import Callable

import pytest
from django.test import Client

from korak.organisations.models import Institution, User
from korak.people.models import Person
from korak.protection import services
from korak.protection.models import Consent, Referral, Screening
from korak.protection.tests.conftest import CANARY

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(screened_ba: Person, protection_ba: User, ngo_ba: Institution) -> Referral:
    services.record_consent(actor=protection_ba, person_id=screened_ba.id, purpose="shelter")
    return services.refer(actor=protection_ba, person_id=screened_ba.id, partner_id=ngo_ba.pk, service="shelter",
                          need="A safe place tonight", contact="Reception desk", contact_window="Weekdays 9-12",
                          language="fa")


def test_person_page_says_guarantees_apply_and_links_the_panel(
        screened_ba: Person, supervisor_ba: User, client_for: Callable[[User], Client]) -> None:
    html = client_for(supervisor_ba).get(f"/people/{screened_ba.id}/").content.decode()
    assert "Special procedural guarantees apply." in html
    assert f"/protection/persons/{screened_ba.id}/" in html
    panel = client_for(supervisor_ba).get(f"/protection/persons/{screened_ba.id}/")
    assert panel.status_code == 200
    text = panel.content.decode()
    assert "Special procedural guarantees apply." in text
    assert CANARY not in text
    assert "sexual violence" not in text
    assert "/consent/" not in text


def test_panel_with_need_to_know_shows_the_screening(screened_ba: Person, protection_ba: User,
                                                     client_for: Callable[[User], Client]) -> None:
    text = client_for(protection_ba).get(f"/protection/persons/{screened_ba.id}/").content.decode()
    assert CANARY in text
    assert "sexual violence" in text
    assert f"/protection/persons/{screened_ba.id}/refer/" in text


def test_screening_form_saves_and_refuses_bad_input(person_ba: Person, officer_ba: User,
                                                    client_for: Callable[[User], Client]) -> None:
    browser = client_for(officer_ba)
    url = f"/protection/persons/{person_ba.id}/screen/"
    assert browser.get(url).status_code == 200
    bad = browser.post(url, {"categories": ["unaccompanied_child"], "occasion": "registration"})
    assert bad.status_code == 422
    assert Screening.objects.count() == 0
    saved = browser.post(url, {"categories": ["pregnancy"], "narrative": "Notes", "occasion": "registration"})
    assert saved.status_code == 302
    assert Screening.objects.get().categories == "pregnancy"


def test_consent_and_referral_forms(screened_ba: Person, protection_ba: User, ngo_ba: Institution,
                                    client_for: Callable[[User], Client]) -> None:
    browser = client_for(protection_ba)
    refer_url = f"/protection/persons/{screened_ba.id}/refer/"
    form = {"partner_id": str(ngo_ba.pk), "service": "legal_aid", "need": "Advice on the appeal",
            "contact": "Phone via reception", "contact_window": "Mornings", "language": "fa"}
    refused = browser.post(refer_url, form)
    assert refused.status_code == 422
    assert "has not agreed" in refused.content.decode()
    assert browser.post(f"/protection/persons/{screened_ba.id}/consent/",
                        {"purpose": "legal_aid", "given_by": "person"}).status_code == 302
    assert browser.post(refer_url, form).status_code == 302
    referral = Referral.objects.get()
    assert browser.get(f"/protection/referrals/{referral.pk}/").status_code == 200
    consent = Consent.objects.get()
    assert browser.post(f"/protection/consents/{consent.pk}/withdraw/").status_code == 302
    referral.refresh_from_db()
    assert referral.state == "withdrawn"


def test_partner_inbox_and_answer(referral: Referral, partner_ba: User, partner_other_ba: User,
                                  client_for: Callable[[User], Client]) -> None:
    browser = client_for(partner_ba)
    home = browser.get("/").content.decode()
    assert "/protection/inbox/" in home
    inbox = browser.get("/protection/inbox/").content.decode()
    assert f"/protection/inbox/{referral.pk}/" in inbox
    page = browser.get(f"/protection/inbox/{referral.pk}/").content.decode()
    assert "A safe place tonight" in page
    for hidden in (CANARY, "sexual violence", "Ахмади", "Ahmadi", str(referral.person_id)):
        assert hidden not in page
    assert browser.post(f"/protection/inbox/{referral.pk}/", {"state": "accepted"}).status_code == 302
    referral.refresh_from_db()
    assert referral.state == "accepted"
    assert client_for(partner_other_ba).get(f"/protection/inbox/{referral.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["escort_ba", "protection_border_ba", "protection_rs", "partner_other_ba"])
def test_every_page_refuses_the_wrong_role_institution_and_country(
        persona: str, screened_ba: Person, referral: Referral, request: pytest.FixtureRequest,
        client_for: Callable[[User], Client]) -> None:
    browser = client_for(request.getfixturevalue(persona))
    person = screened_ba.id
    for url in (f"/protection/persons/{person}/", f"/protection/persons/{person}/screen/",
                f"/protection/persons/{person}/best-interests/", f"/protection/persons/{person}/representative/",
                f"/protection/persons/{person}/consent/", f"/protection/persons/{person}/refer/",
                f"/protection/referrals/{referral.pk}/", f"/protection/inbox/{referral.pk}/"):
        assert browser.get(url).status_code in {403, 404}, (persona, url)
    for url in (f"/protection/consents/{referral.consent_id}/withdraw/",
                f"/protection/referrals/{referral.pk}/withdraw/"):
        assert browser.post(url).status_code in {403, 404}, (persona, url)
    referral.refresh_from_db()
    assert referral.state == "sent"


def test_unassigned_case_officer_sees_only_guarantees_and_no_consent_or_referral_page(
        screened_ba: Person, referral: Referral, officer2_ba: User, client_for: Callable[[User], Client]) -> None:
    browser = client_for(officer2_ba)
    text = browser.get(f"/protection/persons/{screened_ba.id}/").content.decode()
    assert CANARY not in text
    assert "Special procedural guarantees apply." in text
    assert "/screen/" not in text
    for url in (f"/protection/persons/{screened_ba.id}/consent/", f"/protection/persons/{screened_ba.id}/refer/",
                f"/protection/persons/{screened_ba.id}/screen/", f"/protection/referrals/{referral.pk}/"):
        assert browser.get(url).status_code == 404


@pytest.mark.parametrize("persona", ["partner_ba", "partner_other_ba", "protection_ba", "officer_ba", "escort_ba"])
def test_partner_lists_equal_partner_detail(persona: str, referral: Referral, ngo2_ba: Institution,
                                            protection_ba: User, request: pytest.FixtureRequest) -> None:
    """No list shows a referral the detail refuses, and the other way round (NetBox's rule)."""
    from korak import policy
    from korak.protection.models import PartnerReferral

    services.refer(actor=protection_ba, person_id=referral.person_id, partner_id=ngo2_ba.pk, service="shelter",
                   need="Other", contact="Desk", contact_window="Any", language="fa")
    user: User = request.getfixturevalue(persona)
    listed = set(policy.visible(user, PartnerReferral.objects.all(), "protection.partner").values_list("pk", flat=True))
    allowed = {r.pk for r in PartnerReferral.objects.all() if policy.can(user, "protection.partner", r)}
    assert listed == allowed
    assert len(listed) == (1 if persona.startswith("partner") else 0)
