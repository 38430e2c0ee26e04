"""The programme API: coordinators write, an institution's staff read their own staff's
records, the public reaches only the verification by code. Errors have the one shape."""

from collections.abc import Callable
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from korak.organisations.models import Institution, Role, User
from korak.programme import services
from korak.programme.models import Activity, Certificate, Curriculum, Official, Programme, SheetImport
from korak.programme.tests.conftest import make_official
from tests.personas import make_user

Api = Callable[[User], Client]


@pytest.fixture
def curriculum(coordinator: User, activity: Activity) -> Curriculum:
    return services.create_curriculum(actor=coordinator, code="escort-officer", title="Escort officer",
                                      modules=[("Module", [activity.id])])


@pytest.fixture
def certificate(coordinator: User, official_sfa: Official, curriculum: Curriculum) -> Certificate:
    return Certificate.objects.create(official=official_sfa, curriculum=curriculum, code="ABCDEFGHJKLMNPQR",
                                      issued_on=date(2026, 3, 6), valid_until=date(2099, 3, 6), issued_by=coordinator)


def test_coordinator_creates_activity_session_official_and_registers(
        api_for: Api, coordinator: User, programme: Programme, sfa_ba: Institution) -> None:
    client = api_for(coordinator)
    response = client.post("/api/programme/activities", {
        "programme_id": str(programme.id), "kind": "study_visit", "title": "Study visit Vienna", "country": "AT",
        "starts_on": "2026-05-04", "ends_on": "2026-05-06", "partners": ["IOM"], "summaries": {"en": "Visit"},
        "capacity": 1}, content_type="application/json")
    assert response.status_code == 201, response.content
    activity_id = response.json()["id"]
    response = client.post(f"/api/programme/activities/{activity_id}/sessions", {"on": "2026-05-04", "part": "am"},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["sessions"][0]["part"] == "am"
    response = client.post("/api/programme/officials", {
        "given_name": "Ђорђе", "family_name": "Јовановић", "institution_id": str(sfa_ba.id), "sex": "male"},
        content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert (body["latin_given"], body["latin_family"]) == ("Đorđe", "Jovanović")
    response = client.post(f"/api/programme/activities/{activity_id}/participations",
                           {"official_id": body["id"]}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "registered"


def test_bad_input_is_422_naming_the_field_and_writes_nothing(api_for: Api, coordinator: User,
                                                              programme: Programme) -> None:
    response = api_for(coordinator).post("/api/programme/activities", {
        "programme_id": str(programme.id), "kind": "party", "title": "x", "country": "ba",
        "starts_on": "2026-05-04", "ends_on": "2026-05-01"}, content_type="application/json")
    assert response.status_code == 422
    assert {"kind", "country"} <= set(response.json()["error"]["fields"])
    response = api_for(coordinator).post("/api/programme/activities", {
        "programme_id": str(programme.id), "kind": "training", "title": "x", "country": "BA",
        "starts_on": "2026-05-04", "ends_on": "2026-05-01"}, content_type="application/json")
    assert response.status_code == 422 and "ends_on" in response.json()["error"]["fields"]
    assert not Activity.objects.exists()


def test_sheet_upload_and_reimport(api_for: Api, coordinator: User, activity: Activity, mup_rs: Institution) -> None:
    content = b"ime,prezime,institucija,datum\nMarko,Petrovic,MUP RS,02.03.2026\n"
    client = api_for(coordinator)
    first = client.post(f"/api/programme/activities/{activity.id}/sheets",
                        {"file": SimpleUploadedFile("s.csv", content, content_type="text/csv")})
    assert first.status_code == 201 and first.json()["created"] == 1
    again = client.post(f"/api/programme/activities/{activity.id}/sheets",
                        {"file": SimpleUploadedFile("s.csv", content, content_type="text/csv")})
    assert again.status_code == 200 and again.json()["duplicate"] is True
    bad = client.post(f"/api/programme/activities/{activity.id}/sheets",
                      {"file": SimpleUploadedFile("b.csv", b"ime,prezime\nA,B\n", content_type="text/csv")})
    assert bad.status_code == 422 and "columns" in bad.json()["error"]["fields"]
    assert SheetImport.objects.count() == 1


def test_staff_see_only_their_own_staff(api_for: Api, coordinator: User, official_sfa: Official,
                                        officer_ba: User, officer_border_ba: User, officer_rs: User,
                                        border_ba: Institution, certificate: Certificate) -> None:
    other = make_official(coordinator, border_ba, "Edin", "Begić")
    own = api_for(officer_ba).get("/api/programme/officials")
    assert [o["id"] for o in own.json()] == [str(official_sfa.id)]
    assert api_for(officer_ba).get(f"/api/programme/officials/{other.id}").status_code == 404
    assert api_for(officer_border_ba).get(f"/api/programme/officials/{official_sfa.id}").status_code == 404
    assert api_for(officer_border_ba).get(f"/api/programme/certificates/{certificate.id}").status_code == 404
    assert api_for(officer_ba).get(f"/api/programme/certificates/{certificate.id}").json()["status"] == "valid"
    # Another country's officer holds no grant on this node at all.
    assert api_for(officer_rs).get("/api/programme/officials").status_code == 403
    assert api_for(officer_ba).get("/api/programme/activities").status_code == 403


def test_writes_refused_for_wrong_role_institution_and_country(
        api_for: Api, officer_ba: User, coordinator_border: User, coordinator_rs: User, activity: Activity,
        official_sfa: Official, sfa_ba: Institution) -> None:
    body = {"given_name": "A", "family_name": "B", "institution_id": str(sfa_ba.id)}
    assert api_for(officer_ba).post("/api/programme/officials", body,
                                    content_type="application/json").status_code == 403
    assert api_for(coordinator_rs).post("/api/programme/officials", body,
                                        content_type="application/json").status_code == 403
    session = activity.sessions.first()
    assert session is not None
    response = api_for(coordinator_border).post(f"/api/programme/sessions/{session.id}/check-in",
                                                {"official_id": str(official_sfa.id)},
                                                content_type="application/json")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert not session.attendances.exists()


def test_certificate_revoke_and_public_verification(api_for: Api, coordinator: User, certificate: Certificate,
                                                    escort_ba: User) -> None:
    public = Client()
    page = public.get("/programme/verify/abcd-efgh-jklm-npqr/").content.decode()
    assert "Amra Hodžić" in page and "Escort officer" in page and "Valid" in page
    assert api_for(escort_ba).post(f"/api/programme/certificates/{certificate.id}/revoke", {"reason": "x"},
                                   content_type="application/json").status_code == 403
    response = api_for(coordinator).post(f"/api/programme/certificates/{certificate.id}/revoke",
                                         {"reason": "Left the service"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "revoked"
    assert "Revoked" in public.get("/programme/verify/ABCDEFGHJKLMNPQR/").content.decode()
    # Nothing else about the certificate or the official is public.
    assert public.get(f"/api/programme/certificates/{certificate.id}").status_code == 401


def test_review_and_undo_over_the_api(api_for: Api, coordinator: User, mup_rs: Institution) -> None:
    make_official(coordinator, mup_rs, "Марко", "Петровић")
    make_official(coordinator, mup_rs, "Marko", "Petrovic")
    client = api_for(coordinator)
    assert client.post("/api/programme/dedupe").json() == {"merged": 1, "queued": 0}
    merges = client.get("/api/programme/merges").json()
    assert len(merges) == 1 and not merges[0]["undone"]
    assert client.post(f"/api/programme/merges/{merges[0]['id']}/undo").json()["undone"] is True
    assert client.post(f"/api/programme/merges/{merges[0]['id']}/undo").status_code == 422


def test_statistician_reads_registry_but_cannot_write(api_for: Api, ministry_ba: Institution,
                                                      activity: Activity) -> None:
    statistician = make_user("statistician", ministry_ba, Role.STATISTICIAN)
    assert api_for(statistician).get("/api/programme/activities").status_code == 200
    assert api_for(statistician).post("/api/programme/dedupe").status_code == 403
