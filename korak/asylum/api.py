"""Asylum applications, interviews, decisions and appeals on a legal clock: thin handlers over
the services and queries."""

from typing import Annotated, Any
from uuid import UUID

from django.http import HttpResponse
from ninja import Query, Router, Status

from korak import policy
from korak.asylum import queries, rules, services
from korak.asylum.models import Application
from korak.asylum.schemas import ApplicationIn, ApplicationOut, ApplicationSummaryOut, AsylumStepIn
from korak.core.schemas import errors
from korak.organisations.http import AuthedRequest
from korak.organisations.models import User
from korak.people.models import Person
from korak.timelines.queries import deadlines_for_case

router = Router(tags=["asylum"])


def _summary(application: Application) -> dict[str, Any]:
    return {"id": application.id, "person_id": application.person_id, "state": application.state,
            "procedure": application.procedure, "outcome": application.outcome,
            "intention_at": application.intention_at, "version": application.version}


def full(application: Application, *, actor: User) -> dict[str, Any]:
    return _summary(application) | {
        "institution_id": application.institution_id, "assigned_officer_id": application.assigned_officer_id,
        "jurisdiction": application.jurisdiction, "law_version": application.law_version or None,
        "at_border": application.at_border, "registered_at": application.registered_at,
        "lodged_at": application.lodged_at, "final_at": application.final_at,
        "pending": queries.pending_applications().filter(pk=application.pk).exists(),
        "next_steps": [s.step.value for s in queries.next_steps(actor=actor, application=application) if s.allowed],
        "events": [{"type": e.type, "occurred_at": e.occurred_at, "payload": e.payload}
                   for e in queries.history(application=application)],
        "deadlines": [{"rule_id": d.rule_id, "title": d.title, "reference": d.reference, "due_date": d.due_date,
                       "due_at": d.due_at, "status": d.status, "consequence": d.consequence}
                      for d in deadlines_for_case(application.pk)],
    }


def step_input(payload: AsylumStepIn) -> services.StepInput:
    return services.StepInput(
        procedure=payload.procedure, reason=payload.reason, outcome=payload.outcome, suspensive=payload.suspensive,
        implicit=payload.implicit, scheduled_at=payload.scheduled_at,
        interpreter_language=payload.interpreter_language, interviewer_sex_requested=payload.interviewer_sex_requested,
        interviewer_sex=payload.interviewer_sex)


@router.get("/", response={200: list[ApplicationSummaryOut], **errors(401, 403, 422)},
            summary="Applications you may see, newest first")
@policy.requires("asylum.view")
def list_applications(request: AuthedRequest, state: Annotated[str, Query(max_length=30)] = "",
                      limit: Annotated[int, Query(ge=1, le=200)] = 50) -> list[dict[str, Any]]:
    return [_summary(a) for a in queries.list_applications(actor=request.user, state=state, limit=limit)]


@router.post("/", response={201: ApplicationOut, **errors(400, 401, 403, 404, 409, 422)},
             summary="Record an intention to seek asylum: the application opens")
@policy.requires("asylum.open")
def open_application(request: AuthedRequest, payload: ApplicationIn, response: HttpResponse) -> Status[dict[str, Any]]:
    person = policy.get_for(request.user, Person, payload.person_id, "people.view")
    institution = queries.opening_institution(request.user, payload.institution_id)
    application = services.express_intention(
        actor=request.user, person=person, institution=institution, at_border=payload.at_border,
        jurisdiction=payload.jurisdiction, law_version=payload.law_version, occurred_at=payload.occurred_at)
    response["Location"] = f"/api/asylum/{application.id}"
    return Status(201, full(queries.get_application(actor=request.user, application_id=application.id),
                            actor=request.user))


@router.get("/{application_id}", response={200: ApplicationOut, **errors(401, 403, 404, 422)},
            summary="One application with its history, next steps and deadlines")
@policy.requires("asylum.view")
def read_application(request: AuthedRequest, application_id: UUID) -> dict[str, Any]:
    return full(queries.get_application(actor=request.user, application_id=application_id), actor=request.user)


@router.post("/{application_id}/steps", response={200: ApplicationOut, **errors(400, 401, 403, 404, 409, 412, 422)},
             summary="Take the next step of the procedure",
             description="A step out of order, or one a safeguard refuses, is a 409 naming the safeguard and its "
                         "article; send `version` to be refused (412) if someone changed the case meanwhile.")
@policy.requires("asylum.act")
def take_step(request: AuthedRequest, application_id: UUID, payload: AsylumStepIn) -> dict[str, Any]:
    services.apply_step(actor=request.user, application_id=application_id, step=rules.Step(payload.step),
                        data=step_input(payload), expected_version=payload.version, occurred_at=payload.occurred_at)
    return full(queries.get_application(actor=request.user, application_id=application_id), actor=request.user)
