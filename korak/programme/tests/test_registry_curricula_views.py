"""The curricula pages and the invitation button: coordinators create curricula with modules and
see who holds a certificate; bad input names the field and creates nothing; others are refused."""

from collections.abc import Callable
from datetime import date, timedelta

from django.test import Client
from django.utils import timezone

from korak.organisations.models import User
from korak.programme import services
from korak.programme.models import Activity, Certificate, Curriculum, Official, Participation

Browser = Callable[[User], Client]


def _form(activity: Activity, **changes: str) -> dict[str, str]:
    form = {"code": "escort-officer", "title": "Escort officer", "pass_mark": "75", "required_attendance": "80",
            "validity_months": "36", "refresher_months": "24",
            "module-TOTAL_FORMS": "3", "module-INITIAL_FORMS": "0", "module-MIN_NUM_FORMS": "0",
            "module-MAX_NUM_FORMS": "12", "module-0-title": "Human rights in forced return",
            "module-0-activities": str(activity.id)}
    return form | changes


def test_a_coordinator_creates_a_curriculum_with_its_modules(client_for: Browser, coordinator: User,
                                                             activity: Activity) -> None:
    browser = client_for(coordinator)
    assert "New curriculum" in browser.get("/programme/curricula/").content.decode()
    response = browser.post("/programme/curricula/", _form(activity))
    curriculum = Curriculum.objects.get(code="escort-officer")
    assert response.status_code == 302 and response["Location"] == f"/programme/curricula/{curriculum.id}/"
    assert curriculum.pass_mark == 75
    [module] = curriculum.modules.all()
    assert module.title == "Human rights in forced return" and list(module.activities.all()) == [activity]
    page = browser.get(f"/programme/curricula/{curriculum.id}/").content.decode()
    assert "Human rights in forced return" in page and "Escort training (test)" in page
    assert "Curricula" in browser.get("/programme/").content.decode()


def test_bad_input_names_the_field_and_creates_nothing(client_for: Browser, coordinator: User,
                                                       activity: Activity) -> None:
    browser = client_for(coordinator)
    response = browser.post("/programme/curricula/", _form(activity, pass_mark="120"))
    assert response.status_code == 422 and 'id="id_pass_mark"' in response.content.decode()
    response = browser.post("/programme/curricula/", _form(activity, **{"module-0-title": ""}))
    assert response.status_code == 422 and "Name the module" in response.content.decode()
    assert not Curriculum.objects.exists()
    services.create_curriculum(actor=coordinator, code="escort-officer", title="Older")
    response = browser.post("/programme/curricula/", _form(activity))
    assert response.status_code == 422 and "A curriculum with this code exists." in response.content.decode()
    assert Curriculum.objects.count() == 1


def test_the_curriculum_page_lists_certificates_with_their_status(client_for: Browser, coordinator: User,
                                                                  activity: Activity, official_sfa: Official) -> None:
    curriculum = services.create_curriculum(actor=coordinator, code="monitor", title="Forced-return monitor",
                                            modules=[("Module", [activity.id])])
    today = timezone.localdate()
    Certificate.objects.create(official=official_sfa, curriculum=curriculum, code="ABCDEFGHJKLMNPQR",
                               issued_on=date(2020, 1, 1), valid_until=date(2021, 1, 1), issued_by=coordinator)
    Certificate.objects.create(official=official_sfa, curriculum=curriculum, code="BCDEFGHJKLMNPQRS",
                               issued_on=today, valid_until=today + timedelta(days=300), issued_by=coordinator)
    browser = client_for(coordinator)
    page = browser.get(f"/programme/curricula/{curriculum.id}/").content.decode()
    assert "Hodžić" in page and "expired" in page and ">valid<" in page
    listing = browser.get("/programme/curricula/").content.decode()
    assert "<td>1</td>" in listing  # one certificate valid today


def test_others_are_refused(client_for: Browser, coordinator: User, officer_ba: User, activity: Activity) -> None:
    curriculum = services.create_curriculum(actor=coordinator, code="monitor", title="Forced-return monitor")
    browser = client_for(officer_ba)
    assert browser.get("/programme/curricula/").status_code == 403
    assert browser.get(f"/programme/curricula/{curriculum.id}/").status_code == 403
    assert browser.post("/programme/curricula/", _form(activity, code="other")).status_code == 403
    assert Curriculum.objects.count() == 1
    coordinator_browser = client_for(coordinator)
    assert coordinator_browser.get("/programme/curricula/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_the_official_page_invites_or_registers(client_for: Browser, coordinator: User, activity: Activity,
                                                official_sfa: Official) -> None:
    browser = client_for(coordinator)
    url = f"/programme/officials/{official_sfa.id}/register/"
    assert browser.post(url, {"activity": str(activity.id), "action": "invite"}).status_code == 302
    assert Participation.objects.get(activity=activity, official=official_sfa).status == "invited"
    assert browser.post(url, {"activity": str(activity.id), "action": "register"}).status_code == 302
    assert Participation.objects.get(activity=activity, official=official_sfa).status == "registered"
