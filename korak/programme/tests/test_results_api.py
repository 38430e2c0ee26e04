"""The results API and pages through the policy: who may read indicators, who may assess,
who may publish, and what the public sees. Every permission with its refusal."""

import io
from collections.abc import Callable

import pytest
from django.test import Client
from openpyxl import load_workbook

from korak.organisations.models import Institution, Role, User
from korak.programme import services
from korak.programme.models import Activity, Official, Programme
from korak.programme.tests.conftest import make_official
from tests.personas import make_user

BASE = "/api/programme/results"
PAGES = "/programme/results"


@pytest.fixture
def statistician(ministry_ba: Institution) -> User:
    return make_user("statistician_ba", ministry_ba, Role.STATISTICIAN)


@pytest.fixture
def attendees(coordinator: User, activity: Activity, sfa_ba: Institution) -> list[Official]:
    people = [make_official(coordinator, sfa_ba, f"Ime{i}", f"Prezime{i}", sex="female") for i in range(3)]
    first = activity.sessions.order_by("on").first()
    assert first is not None
    for official in people:
        services.check_in(actor=coordinator, session_id=first.id, official_id=official.id)
    return people


def test_statistician_reads_indicators_with_breakdowns(api_for: Callable[[User], Client], statistician: User,
                                                       programme: Programme, attendees: list[Official]) -> None:
    response = api_for(statistician).get(f"{BASE}/indicators")
    assert response.status_code == 200
    body = response.json()
    assert body["figures"]["unique_participants"]["total"] == "3"
    assert body["figures"]["unique_participants"]["by"]["sex"] == {"female": "3"}
    assert body["reconciles"] is True
    assert {rule["code"] for rule in body["rules"]} >= {"useful", "uses_skills", "person_days"}


@pytest.mark.parametrize("persona", ["officer_ba", "escort_ba", "coordinator_rs"])
def test_indicators_refused_to_other_roles_and_countries(api_for: Callable[[User], Client], persona: str,
                                                         request: pytest.FixtureRequest, programme: Programme) -> None:
    user = request.getfixturevalue(persona)
    response = api_for(user).get(f"{BASE}/indicators")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_indicators_need_sign_in(programme: Programme) -> None:
    assert Client().get(f"{BASE}/indicators").status_code == 401
    assert Client().get(f"{PAGES}/indicators/").status_code == 302


def test_export_downloads_csv_and_xlsx(client_for: Callable[[User], Client], coordinator: User,
                                       programme: Programme, attendees: list[Official]) -> None:
    client = client_for(coordinator)
    csv_response = client.get(f"{PAGES}/indicators.csv")
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "unique_participants,total,,Total,3" in csv_response.content.decode("utf-8-sig")
    xlsx = client.get(f"{PAGES}/indicators.xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Indicators", "Rules"]
    assert client.get(f"{PAGES}/indicators.pdf").status_code == 404


def test_indicator_page_shows_breakdowns(client_for: Callable[[User], Client], statistician: User,
                                         programme: Programme, attendees: list[Official]) -> None:
    page = client_for(statistician).get(f"{PAGES}/indicators/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Every breakdown sums to its total." in text
    assert "Female" in text


def test_indicator_page_refused_to_a_case_officer(client_for: Callable[[User], Client], officer_ba: User,
                                                  programme: Programme) -> None:
    assert client_for(officer_ba).get(f"{PAGES}/indicators/").status_code == 403
    assert client_for(officer_ba).get(f"{PAGES}/indicators.csv").status_code == 403


def test_coordinator_records_tests_and_gets_the_gain(api_for: Callable[[User], Client], coordinator: User,
                                                     activity: Activity, attendees: list[Official]) -> None:
    client = api_for(coordinator)
    pre = client.post(f"{BASE}/activities/{activity.id}/tests", {"kind": "pre"}, content_type="application/json")
    post = client.post(f"{BASE}/activities/{activity.id}/tests", {"kind": "post"}, content_type="application/json")
    assert pre.status_code == post.status_code == 201
    for test, score in ((pre.json()["id"], 40), (post.json()["id"], 85)):
        recorded = client.post(f"{BASE}/tests/{test}/results", {"official_id": str(attendees[0].id), "score": score},
                               content_type="application/json")
        assert recorded.status_code == 201
    gain = client.get(f"{BASE}/activities/{activity.id}/gain").json()
    assert gain["pairs"][0]["gain"] == "0.7500"
    assert gain["excluded"] == []


def test_assessment_refused_for_another_institutions_activity(api_for: Callable[[User], Client],
                                                              coordinator_border: User, statistician: User,
                                                              activity: Activity) -> None:
    response = api_for(coordinator_border).post(f"{BASE}/activities/{activity.id}/tests", {"kind": "pre"},
                                                content_type="application/json")
    assert response.status_code == 404
    refused = api_for(statistician).post(f"{BASE}/activities/{activity.id}/tests", {"kind": "pre"},
                                         content_type="application/json")
    assert refused.status_code == 403


def test_bad_survey_answer_is_422_naming_the_field(api_for: Callable[[User], Client], coordinator: User,
                                                   activity: Activity, attendees: list[Official]) -> None:
    client = api_for(coordinator)
    survey = client.post(f"{BASE}/activities/{activity.id}/surveys", {"kind": "satisfaction"},
                         content_type="application/json").json()
    bad = client.post(f"{BASE}/surveys/{survey['id']}/responses", {"official_id": str(attendees[0].id), "useful": 6},
                      content_type="application/json")
    assert bad.status_code == 422
    assert "useful" in bad.json()["error"]["fields"]
    stranger = client.post(f"{BASE}/surveys/{survey['id']}/responses",
                           {"official_id": "00000000-0000-0000-0000-000000000001", "useful": 4},
                           content_type="application/json")
    assert stranger.status_code == 422
    assert "official_id" in stranger.json()["error"]["fields"]
    good = client.post(f"{BASE}/surveys/{survey['id']}/responses", {"official_id": str(attendees[0].id), "useful": 5},
                       content_type="application/json")
    assert good.status_code == 201 and good.json()["counted"] is True


def test_report_is_public_only_once_published(api_for: Callable[[User], Client], coordinator: User,
                                              statistician: User, programme: Programme,
                                              attendees: list[Official]) -> None:
    anonymous = Client()
    assert anonymous.get(f"{PAGES}/public/{programme.code}/").status_code == 404
    assert anonymous.get(f"{PAGES}/public/{programme.code}.pdf").status_code == 404
    internal = api_for(statistician).get(f"{BASE}/highlights?lang=bs")
    assert internal.status_code == 200 and internal["Content-Type"] == "application/pdf"
    assert internal.content.startswith(b"%PDF")
    refused = api_for(statistician).put(f"{BASE}/programmes/{programme.id}/publication", {"publish": True},
                                        content_type="application/json")
    assert refused.status_code == 403
    published = api_for(coordinator).put(f"{BASE}/programmes/{programme.id}/publication", {"publish": True},
                                         content_type="application/json")
    assert published.status_code == 200 and published.json()["published"] is True
    page = anonymous.get(f"{PAGES}/public/{programme.code}/?lang=en")
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    assert anonymous.get(f"{PAGES}/public/{programme.code}.pdf?lang=bs").content.startswith(b"%PDF")
    assert Client().get(f"{BASE}/highlights").status_code == 401


def test_highlights_page_and_pdf_for_staff(client_for: Callable[[User], Client], coordinator: User,
                                           officer_ba: User, programme: Programme, attendees: list[Official]) -> None:
    page = client_for(coordinator).get(f"{PAGES}/highlights/?lang=bs")
    assert page.status_code == 200
    assert "Publish the report" in page.content.decode()
    assert client_for(coordinator).get(f"{PAGES}/highlights.pdf?lang=en").content.startswith(b"%PDF")
    assert client_for(officer_ba).get(f"{PAGES}/highlights/").status_code == 403


def test_assessment_page_for_the_organiser_only(client_for: Callable[[User], Client], coordinator: User,
                                                coordinator_border: User, activity: Activity,
                                                attendees: list[Official]) -> None:
    client = client_for(coordinator)
    assert client.get(f"{PAGES}/activities/{activity.id}/").status_code == 200
    created = client.post(f"{PAGES}/activities/{activity.id}/", {"action": "create_test", "kind": "pre"})
    assert created.status_code == 302
    bad = client.post(f"{PAGES}/activities/{activity.id}/", {"action": "record_result", "kind": "pre",
                                                              "official": str(attendees[0].id), "score": "120"})
    assert bad.status_code == 422
    assert client_for(coordinator_border).get(f"{PAGES}/activities/{activity.id}/").status_code == 404


