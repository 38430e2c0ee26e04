"""The programme pages: coordinators work, staff see their own, the public sees only verification."""

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client

from korak.organisations.models import Institution, User
from korak.programme import services
from korak.programme.models import Activity, Attendance, Certificate, Merge, Official

Browser = Callable[[User], Client]


@pytest.fixture
def certificate(coordinator: User, official_sfa: Official, activity: Activity) -> Certificate:
    curriculum = services.create_curriculum(actor=coordinator, code="forced-return-monitor",
                                            title="Forced-return monitor", modules=[("Module", [activity.id])])
    return Certificate.objects.create(official=official_sfa, curriculum=curriculum, code="QRSTUVWXYZ234567",
                                      issued_on=date(2020, 1, 1), valid_until=date(2021, 1, 1),
                                      issued_by=coordinator)


def test_coordinator_pages(client_for: Browser, coordinator: User, activity: Activity,
                           official_sfa: Official) -> None:
    browser = client_for(coordinator)
    services.register(actor=coordinator, activity_id=activity.id, official_id=official_sfa.id)
    assert "Escort training (test)" in browser.get("/programme/").content.decode()
    page = browser.get(f"/programme/activities/{activity.id}/").content.decode()
    assert "Hodžić" in page and "Check in" in page
    session = activity.sessions.order_by("on").first()
    assert session is not None
    response = browser.post(f"/programme/sessions/{session.id}/check-in/{official_sfa.id}/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "✓" in response.content.decode()
    assert Attendance.objects.filter(session=session, official=official_sfa).exists()
    found = browser.post("/programme/officials/", {"q": "ходжић"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Hodžić" in found  # a Cyrillic query finds the Latin record


def test_official_form_and_review_pages(client_for: Browser, coordinator: User, mup_rs: Institution) -> None:
    browser = client_for(coordinator)
    form = {"given_name": "Марко", "family_name": "Петровић", "institution": str(mup_rs.id), "sex": "male"}
    assert browser.post("/programme/officials/new/", form).status_code == 302
    latin = form | {"given_name": "Marko", "family_name": "Petrovic"}
    warned = browser.post("/programme/officials/new/", latin)
    assert warned.status_code == 200 and "may already be registered" in warned.content.decode()
    assert "Петровић" in warned.content.decode() and Official.objects.count() == 1
    assert browser.post("/programme/officials/new/", latin | {"confirm_new": "on"}).status_code == 302
    browser.post("/programme/review/scan/")
    merge = Merge.objects.get()
    assert "Петровић" in browser.get("/programme/review/").content.decode()
    browser.post(f"/programme/merges/{merge.id}/undo/")
    assert Official.objects.filter(merged_into__isnull=True).count() == 2


def test_staff_page_shows_own_certificates_and_refuses_others(client_for: Browser, officer_ba: User,
                                                              officer_border_ba: User, certificate: Certificate,
                                                              official_sfa: Official, activity: Activity) -> None:
    assert "Forced-return monitor" in client_for(officer_ba).get("/programme/").content.decode()
    assert client_for(officer_ba).get(f"/programme/officials/{official_sfa.id}/").status_code == 200
    assert client_for(officer_border_ba).get(f"/programme/officials/{official_sfa.id}/").status_code == 404
    assert client_for(officer_border_ba).get(f"/programme/certificates/{certificate.id}/pdf/").status_code == 404
    pdf = client_for(officer_ba).get(f"/programme/certificates/{certificate.id}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client_for(officer_ba).get(f"/programme/activities/{activity.id}/").status_code == 403


def test_public_verification_page_shows_only_name_curriculum_status(certificate: Certificate) -> None:
    public = Client()
    page = public.get("/programme/verify/qrst-uvwx-yz23-4567/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Amra Hodžić" in text and "Forced-return monitor" in text and "Expired" in text
    assert "1985" not in text and "Service for Foreigners" not in text
    assert public.get("/programme/verify/AAAAAAAAAAAAAAAA/").status_code == 404
    assert public.get("/programme/verify/?code=qrst uvwx yz23 4567").status_code == 302
    # Everything else needs a sign-in.
    assert public.get("/programme/").status_code in {302, 403}
    assert public.get(f"/programme/certificates/{certificate.id}/pdf/").status_code in {302, 403}


def test_coordinator_creates_activity_and_session_in_the_ui(client_for: Browser, coordinator: User,
                                                            programme: object, escort_ba: User) -> None:
    from korak.programme.models import Programme

    browser = client_for(coordinator)
    programme_id = Programme.objects.get().pk
    form = {"programme": str(programme_id), "kind": "workshop", "title": "Workshop Skopje", "place": "Skopje",
            "country": "mk", "starts_on": "2026-06-01", "ends_on": "2026-05-31", "completion_threshold": "80"}
    refused = browser.post("/programme/activities/new/", form)
    assert refused.status_code == 200 and "cannot end before it starts" in refused.content.decode()
    response = browser.post("/programme/activities/new/", form | {"ends_on": "2026-06-02", "partners": "IOM, MARRI"})
    assert response.status_code == 302
    activity = Activity.objects.get(title="Workshop Skopje")
    assert (activity.country, activity.partners) == ("MK", ["IOM", "MARRI"])
    browser.post(f"/programme/activities/{activity.id}/sessions/", {"on": "2026-06-01", "part": "am"})
    assert activity.sessions.get().part == "am"
    assert client_for(escort_ba).post("/programme/activities/new/", form).status_code == 403


def test_renew_in_the_ui(client_for: Browser, coordinator: User, certificate: Certificate, official_sfa: Official,
                         activity: Activity) -> None:
    session = activity.sessions.order_by("on")
    for s in session:
        services.check_in(actor=coordinator, session_id=s.id, official_id=official_sfa.id)
    response = client_for(coordinator).post(f"/programme/certificates/{certificate.id}/renew/",
                                            {"refresher": str(activity.id)})
    assert response.status_code == 302
    assert Certificate.objects.filter(renews=certificate).count() == 1


def test_htmx_check_in_updates_the_status_column_out_of_band(client_for: Browser, coordinator: User,
                                                            activity: Activity, official_sfa: Official) -> None:
    browser = client_for(coordinator)
    participation = services.register(actor=coordinator, activity_id=activity.id, official_id=official_sfa.id)
    page = browser.get(f"/programme/activities/{activity.id}/").content.decode()
    assert f'id="status-{participation.pk}">Registered<' in page
    assert f'id="actions-{participation.pk}">' in page and "Cancel" in page
    session = activity.sessions.order_by("on").first()
    assert session is not None
    fragment = browser.post(f"/programme/sessions/{session.id}/check-in/{official_sfa.id}/",
                            HTTP_HX_REQUEST="true").content.decode()
    assert "✓" in fragment
    assert f'<span id="status-{participation.pk}" hx-swap-oob="true">Attended</span>' in fragment
    assert f'<span id="actions-{participation.pk}" hx-swap-oob="true"></span>' in fragment  # nothing to cancel now
    plain = browser.post(f"/programme/sessions/{session.id}/check-in/{official_sfa.id}/")
    assert plain.status_code == 302
