"""Return decisions, voluntary departure, identification, travel documents, readmission and
detention: thin handlers over the services and queries."""

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from django.http import HttpResponse
from django.utils import timezone
from ninja import Query, Router, Status

from korak import policy
from korak.core.schemas import errors
from korak.organisations.http import AuthedRequest
from korak.organisations.models import User
from korak.people.models import Person
from korak.returns import queries, rules, services
from korak.returns.models import ReturnCase
from korak.returns.schemas import CaseIn, CaseOut, CaseSummaryOut, CountryResponseOut, ReturnStepIn
from korak.timelines.queries import deadlines_for_case

router = Router(tags=["returns"])


def _summary(case: ReturnCase) -> dict[str, Any]:
    return {"id": case.id, "person_id": case.person_id, "state": case.state,
            "country_of_return": str(case.country_of_return), "decided_at": case.decided_at,
            "voluntary_departure_until": case.voluntary_departure_until, "version": case.version}


def full(case: ReturnCase, *, actor: User, on: date) -> dict[str, Any]:
    readiness = queries.readiness(case, on=on)
    return _summary(case) | {
        "institution_id": case.institution_id, "assigned_officer_id": case.assigned_officer_id,
        "jurisdiction": case.jurisdiction, "law_version": case.law_version or None,
        "voluntary_departure_days": case.voluntary_departure_days, "risk_reason": case.risk_reason,
        "entry_ban_years": case.entry_ban_years, "avr_enrolled_at": case.avr_enrolled_at,
        "removal_on": case.removal_on, "closed_at": case.closed_at,
        "readiness": {"identified": readiness.identified, "documented": readiness.documented,
                      "available": readiness.available, "suspensive_pending": readiness.suspensive_pending,
                      "ready": readiness.ready},
        "detentions": [{"kind": d.kind, "started_on": d.started_on, "until": d.until,
                        "next_review_on": d.next_review_on, "ended_on": d.ended_on} for d in case.detentions.all()],
        "requests": queries.requests_of(case),
        "next_steps": [s.step.value for s in queries.next_steps(actor=actor, case=case) if s.allowed],
        "events": [{"type": e.type, "occurred_at": e.occurred_at, "payload": e.payload}
                   for e in queries.history(case=case)],
        "deadlines": [{"rule_id": d.rule_id, "title": d.title, "reference": d.reference, "due_date": d.due_date,
                       "due_at": d.due_at, "status": d.status, "consequence": d.consequence}
                      for d in deadlines_for_case(case.pk)],
    }


def step_input(payload: ReturnStepIn) -> services.StepInput:
    return services.StepInput(
        days=payload.days, months=payload.months, years=payload.years, reason=payload.reason,
        country=payload.country, agreement=payload.agreement, kind=payload.kind, identified=payload.identified,
        accepted=payload.accepted, on=payload.on, valid_until=payload.valid_until,
        consular_interview_on=payload.consular_interview_on)


@router.get("/", response={200: list[CaseSummaryOut], **errors(401, 403, 422)},
            summary="Return cases you may see, newest first")
@policy.requires("returns.view")
def list_cases(request: AuthedRequest, state: Annotated[str, Query(max_length=30)] = "",
               limit: Annotated[int, Query(ge=1, le=200)] = 50) -> list[dict[str, Any]]:
    return [_summary(c) for c in queries.list_cases(actor=request.user, state=state, limit=limit)]


@router.get("/ready", response={200: list[CaseSummaryOut], **errors(401, 403, 422)},
            summary="Ready to return: identified, documented, available, nothing suspensive pending")
@policy.requires("returns.view")
def ready_to_return(request: AuthedRequest, limit: Annotated[int, Query(ge=1, le=200)] = 50) -> list[dict[str, Any]]:
    found = queries.ready_to_return(actor=request.user, on=timezone.localdate()).order_by("decided_at")[:limit]
    return [_summary(c) for c in found]


@router.get("/identification/response-times", response={200: list[CountryResponseOut], **errors(401, 403)},
            summary="Identification requests per country of origin: answer times, pending, reminders due")
@policy.requires("returns.view")
def response_times(request: AuthedRequest) -> list[dict[str, Any]]:
    return [vars(row) for row in queries.identification_response_times(actor=request.user)]


@router.post("/", response={201: CaseOut, **errors(400, 401, 403, 404, 409, 422)},
             summary="Record a return decision: the case opens")
@policy.requires("returns.open")
def open_case(request: AuthedRequest, payload: CaseIn, response: HttpResponse) -> Status[dict[str, Any]]:
    person = policy.get_for(request.user, Person, payload.person_id, "people.view")
    institution = queries.opening_institution(request.user, payload.institution_id)
    case = services.decide_return(
        actor=request.user, person=person, institution=institution, country_of_return=payload.country_of_return,
        voluntary_departure_days=payload.voluntary_departure_days or None, risk=payload.risk,
        jurisdiction=payload.jurisdiction, law_version=payload.law_version, occurred_at=payload.occurred_at)
    response["Location"] = f"/api/returns/{case.id}"
    return Status(201, full(queries.get_case(actor=request.user, case_id=case.id), actor=request.user,
                            on=timezone.localdate()))


@router.get("/{case_id}", response={200: CaseOut, **errors(401, 403, 404, 422)},
            summary="One return case with its readiness, measures, requests, history, next steps and deadlines")
@policy.requires("returns.view")
def read_case(request: AuthedRequest, case_id: UUID) -> dict[str, Any]:
    return full(queries.get_case(actor=request.user, case_id=case_id), actor=request.user, on=timezone.localdate())


@router.post("/{case_id}/steps", response={200: CaseOut, **errors(400, 401, 403, 404, 409, 412, 422)},
             summary="Take a step on the case",
             description="A step out of order, or one a safeguard refuses (non-refoulement, voluntary departure, "
                         "detention ceiling, unaccompanied child, confidentiality), is a 409 whose message names "
                         "the safeguard and its article; send `version` to be refused (412) if it is stale.")
@policy.requires("returns.act")
def take_step(request: AuthedRequest, case_id: UUID, payload: ReturnStepIn) -> dict[str, Any]:
    services.apply_step(actor=request.user, case_id=case_id, step=rules.Step(payload.step), data=step_input(payload),
                        expected_version=payload.version, occurred_at=payload.occurred_at)
    return full(queries.get_case(actor=request.user, case_id=case_id), actor=request.user, on=timezone.localdate())
