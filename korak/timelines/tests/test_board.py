"""The deadline board (issue 4, point 7): overdue and due within 7 days, per officer and per
institution, filterable, through the policy — as a page and as an API."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from korak.organisations.models import Institution, User
from korak.timelines import queries
from korak.timelines.models import Deadline
from korak.timelines.tests.cases import Case

pytestmark = pytest.mark.django_db

NOW = datetime.fromisoformat("2026-07-08T12:00+02:00")


@pytest.fixture
def deadlines(officer_ba: User, supervisor_ba: User, sfa_ba: Institution, border_ba: Institution,
              officer_border_ba: User) -> dict[str, Case]:
    """Five cases; on NOW (8 July 2026) two deadlines of SFA are overdue (a registration due
    6 July, a Eurodac transmission due 5 July), one registration is due on 10 July, and a
    lodging (23 July) and a voluntary departure (31 July) lie within 30 days. The Border
    Police's own case is invisible to SFA."""
    overdue = Case(officer_ba, sfa_ba, officer=officer_ba)
    overdue.event("asylum.intention_expressed", "2026-07-01T10:00+02:00", jurisdiction="EU")  # registration 6 July
    soon = Case(officer_ba, sfa_ba, officer=supervisor_ba)
    soon.event("asylum.intention_expressed", "2026-07-05T10:00+02:00", jurisdiction="EU")  # registration 10 July
    later = Case(officer_ba, sfa_ba, case_type="returns.case", officer=officer_ba)
    later.event("return.decided", "2026-07-01T10:00+02:00", jurisdiction="EU", voluntary_departure_days=30)  # 31 July
    met = Case(officer_ba, sfa_ba, officer=officer_ba)
    met.event("asylum.intention_expressed", "2026-07-01T10:00+02:00", jurisdiction="EU")
    met.event("asylum.registered", "2026-07-02T10:00+02:00")  # registration met; lodging 23 July; eurodac 5 July
    other = Case(officer_border_ba, border_ba, officer=officer_border_ba)
    other.event("asylum.intention_expressed", "2026-07-06T10:00+02:00", jurisdiction="EU")  # border police's
    return {"overdue": overdue, "soon": soon, "later": later, "met": met, "other": other}


def _board(user: User, **criteria: Any) -> queries.Board:
    return queries.board(actor=user, criteria=queries.BoardFilter(**criteria), now=NOW)


def test_board_splits_overdue_and_due_within_7_days(officer_ba: User, supervisor_ba: User,
                                                    deadlines: dict[str, Case]) -> None:
    board = _board(officer_ba)
    assert [(d.case_id, d.rule_id) for d in board.overdue] == [
        (deadlines["met"].id, "eurodac.transmission"), (deadlines["overdue"].id, "asylum.registration")]
    assert [(d.case_id, d.rule_id) for d in board.due_soon] == [(deadlines["soon"].id, "asylum.registration")]
    assert (board.overdue_total, board.due_soon_total) == (2, 1)
    per_officer = {entry.officer_id: (entry.overdue, entry.due_soon) for entry in board.per_officer}
    assert per_officer == {officer_ba.pk: (2, 0), supervisor_ba.pk: (0, 1)}
    assert [count for _, count in board.per_day if count] == [1]
    assert len(board.per_day) == 8


@pytest.mark.parametrize(("criteria", "overdue", "soon"), [
    pytest.param({"rule": "asylum.registration"}, 1, 1, id="rule"),
    pytest.param({"case_kind": "return", "days": 30}, 0, 1, id="case_kind_and_days"),
    pytest.param({"status": "met", "days": 30}, 1, 0, id="status_met"),
    pytest.param({"days": 30}, 2, 3, id="thirty_days"),
])
def test_board_filters(officer_ba: User, deadlines: dict[str, Case], criteria: dict[str, Any], overdue: int,
                       soon: int) -> None:
    board = _board(officer_ba, **criteria)
    assert (len(board.overdue), len(board.due_soon)) == (overdue, soon)


def test_board_per_officer_filter(officer_ba: User, supervisor_ba: User, deadlines: dict[str, Case]) -> None:
    board = _board(officer_ba, officer=supervisor_ba.pk)
    assert board.overdue == [] and [d.case_id for d in board.due_soon] == [deadlines["soon"].id]


def test_board_query_count_is_pinned(officer_ba: User, deadlines: dict[str, Case]) -> None:
    officer_ba = User.objects.get(pk=officer_ba.pk)  # no cached memberships
    with CaptureQueriesContext(connection) as captured:
        _board(officer_ba)
    # memberships, overdue, due soon, per officer, officer names, per day
    assert len(captured) == 6, [q["sql"][:90] for q in captured]


def test_other_institution_sees_only_its_own(officer_border_ba: User, sfa_ba: Institution,
                                             deadlines: dict[str, Case]) -> None:
    board = _board(officer_border_ba, days=30)
    assert {d.case_id for d in board.due_soon} == {deadlines["other"].id}
    assert _board(officer_border_ba, institution=sfa_ba.pk, days=30).due_soon == []


@pytest.mark.parametrize("persona", ["escort_ba", "officer_rs", "admin_ba", "dpo_ba"])
def test_wrong_role_or_country_is_refused(persona: str, request: pytest.FixtureRequest,
                                          client_for: Callable[[User], Client], api_for: Callable[[User], Client],
                                          deadlines: dict[str, Case]) -> None:
    user = request.getfixturevalue(persona)
    assert client_for(user).get("/deadlines/").status_code == 403
    response = api_for(user).get("/api/deadlines/board")
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"
    assert _board(user).overdue == []


def test_anonymous_is_sent_to_sign_in(deadlines: dict[str, Case]) -> None:
    assert Client().get("/deadlines/").status_code == 302
    assert Client().get("/api/deadlines/board").status_code == 401


def test_board_page_renders_lists_chart_and_nav_link(officer_ba: User, client_for: Callable[[User], Client],
                                                     deadlines: dict[str, Case]) -> None:
    with time_machine.travel(NOW, tick=False):
        response = client_for(officer_ba).get("/deadlines/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg' in html and "2024/1348, Art. 27(1)" in html
    assert 'href="/deadlines/"' in html  # the navigation link
    assert html.count('class="alert"') == 3  # two overdue rows and one due soon


def test_nav_link_hidden_without_the_permission(escort_ba: User, client_for: Callable[[User], Client]) -> None:
    assert 'href="/deadlines/"' not in client_for(escort_ba).get("/").content.decode()


def test_board_page_filters_and_refuses_bad_input_without_failing(
        officer_ba: User, client_for: Callable[[User], Client], deadlines: dict[str, Case]) -> None:
    client = client_for(officer_ba)
    with time_machine.travel(NOW, tick=False):
        ok = client.get("/deadlines/", {"case_kind": "return", "days": "30"})
        bad = client.get("/deadlines/", {"days": "0", "rule": "no such rule", "institution": "x"})
        mine = client.get("/deadlines/", {"mine": "on"})
    assert ok.status_code == 200 and "return.voluntary_departure.granted" in ok.content.decode()
    assert "asylum.registration" not in ok.content.decode().split("<h2>")[2]
    assert bad.status_code == 200 and 'class="error"' in bad.content.decode()
    assert mine.status_code == 200


def test_detail_page_explains_and_hides_other_institutions(officer_ba: User, officer_border_ba: User,
                                                           client_for: Callable[[User], Client],
                                                           deadlines: dict[str, Case]) -> None:
    mine = Deadline.objects.get(case_id=deadlines["overdue"].id, rule_id="asylum.registration")
    response = client_for(officer_ba).get(f"/deadlines/{mine.pk}/")
    assert response.status_code == 200
    assert "Legal basis: Regulation (EU) 2024/1348, Art. 27(1)." in response.content.decode()
    assert client_for(officer_border_ba).get(f"/deadlines/{mine.pk}/").status_code == 404


def test_api_board_shape(officer_ba: User, api_for: Callable[[User], Client], deadlines: dict[str, Case]) -> None:
    with time_machine.travel(NOW, tick=False):
        response = api_for(officer_ba).get("/api/deadlines/board", {"days": 30})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["overdue_total"] == 2 and body["due_soon_total"] == 3
    assert {row["rule_id"] for row in body["due_soon"]} == {"asylum.registration", "asylum.lodging",
                                                           "return.voluntary_departure.granted"}
    assert {entry["officer_name"] for entry in body["per_officer"]} == {"Officer_Ba", "Supervisor_Ba"}


@pytest.mark.parametrize(("params", "field"), [
    ({"days": 0}, "days"), ({"days": "many"}, "days"), ({"status": "bogus"}, "status"),
    ({"rule": "DROP TABLE"}, "rule"), ({"case_kind": "person"}, "case_kind"), ({"institution": "x"}, "institution"),
])
def test_api_board_refuses_bad_input_naming_the_field(officer_ba: User, api_for: Callable[[User], Client],
                                                      params: dict[str, Any], field: str) -> None:
    response = api_for(officer_ba).get("/api/deadlines/board", params)
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]


def test_api_detail_and_case_deadlines(officer_ba: User, officer_border_ba: User,
                                       api_for: Callable[[User], Client], deadlines: dict[str, Case]) -> None:
    row = Deadline.objects.get(case_id=deadlines["overdue"].id, rule_id="asylum.registration")
    detail = api_for(officer_ba).get(f"/api/deadlines/{row.pk}")
    assert detail.status_code == 200
    assert any("Art. 27(1)" in line for line in detail.json()["explanation"])
    assert api_for(officer_border_ba).get(f"/api/deadlines/{row.pk}").status_code == 404
    case_id = deadlines["met"].id
    listed = api_for(officer_ba).get(f"/api/deadlines/cases/{case_id}").json()
    assert [d["rule_id"] for d in listed] == ["eurodac.transmission", "asylum.registration", "asylum.lodging"]
    assert api_for(officer_border_ba).get(f"/api/deadlines/cases/{case_id}").json() == []
