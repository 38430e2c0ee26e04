"""The operations API: thin handlers over the services and queries."""

from typing import Annotated
from uuid import UUID

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header, Router, Status

from korak import policy
from korak.core.errors import error_response
from korak.core.refusal import Refusal, RefusedError
from korak.core.schemas import Text, errors
from korak.operations import monitoring, queries, rules, services
from korak.operations import schemas as s
from korak.operations.models import Complaint, Incident, MonitoringReport, Operation
from korak.organisations.http import AuthedRequest
from korak.organisations.models import Institution, User

router = Router(tags=["operations"])
_W = errors(400, 401, 403, 404, 409, 422)
_R = errors(401, 403, 404, 422)
IfMatch = Annotated[Text | None, Header(alias="If-Match")]


def _invalid(field: str, message: str) -> RefusedError:
    return RefusedError(Refusal("invalid", _("Some fields need attention."), fields={field: [message]}))


def _summary(operation: Operation) -> dict[str, object]:
    return {"id": operation.id, "reference": operation.reference, "kind": operation.kind,
            "cooperation": operation.cooperation, "state": operation.state,
            "destination_country": str(operation.destination_country), "first_day": operation.first_day,
            "last_day": operation.last_day, "organising_institution_id": operation.organising_institution_id,
            "version": operation.version}


def _full(operation: Operation) -> dict[str, object]:
    returnees = operation.returnees.select_related("person")
    monitors = operation.monitor_assignments.select_related("monitor", "institution")
    return _summary(operation) | {
        "partner_countries": operation.partner_countries, "stopovers": operation.stopovers,
        "confirmed_at": operation.confirmed_at,
        "returnees": [{"id": r.id, "person_id": r.person_id, "name": str(r.person), "languages": r.person.languages,
                       "return_case_id": r.return_case_id, "risk_level": r.risk_level,
                       "risk_reasons": r.risk_reasons, "fit_to_travel": r.fit_to_travel,
                       "informed_of_complaints": r.informed_of_complaints_at is not None} for r in returnees],
        "team": [{"id": m.id, "role": m.role, "full_name": m.full_name, "official_id": m.official_id,
                  "languages": m.languages} for m in operation.team.all()],
        "monitors": [{"id": a.id, "monitor_id": a.monitor_id, "name": a.monitor.get_full_name() or a.monitor.username,
                      "institution": a.institution.name, "institution_kind": a.institution.kind,
                      "notified_at": a.notified_at} for a in monitors],
    }


def _report(report: MonitoringReport) -> dict[str, object]:
    return {"id": report.id, "operation_id": report.operation_id, "state": report.state, "number": report.number,
            "corrects_id": report.corrects_id, "pre_return": report.pre_return,
            "pre_departure": report.pre_departure, "in_transit": report.in_transit, "handover": report.handover,
            "incidents": report.incidents, "submitted_at": report.submitted_at, "version": report.version,
            "recommendations": [{"id": r.id, "number": r.number, "text": r.text, "status": r.status}
                                for r in queries.recommendations(report)]}


def _incident(incident: Incident) -> dict[str, object]:
    return {"id": incident.id, "phase": incident.phase, "severity": incident.severity,
            "occurred_at": incident.occurred_at, "description": incident.description,
            "report_due_at": incident.report_due_at, "report_filed_at": incident.report_filed_at,
            "overdue": rules.is_overdue(due=incident.report_due_at, done=incident.report_filed_at is not None,
                                        now=timezone.now())}


def _complaint(complaint: Complaint) -> dict[str, object]:
    return {"id": complaint.id, "operation_id": complaint.operation_id, "returnee_id": complaint.returnee_id,
            "lodged_by": complaint.lodged_by, "lodged_at": complaint.lodged_at, "summary": complaint.summary,
            "representative_name": complaint.representative_name, "due_on": complaint.due_on,
            "handling_institution_id": complaint.handling_institution_id, "outcome": complaint.outcome,
            "outcome_reasons": complaint.outcome_reasons, "decided_at": complaint.decided_at,
            "overdue": rules.is_overdue(due=complaint.due_on, done=complaint.decided_at is not None,
                                        now=timezone.now())}


def _institution_for(user: User, institution_id: UUID | None) -> Institution:
    from korak.organisations import queries as organisations

    allowed = [m.institution for m in organisations.memberships_of(user)
               if policy.can(user, "operations.plan", Operation(organising_institution=m.institution))]
    chosen = [i for i in allowed if institution_id is None or i.pk == institution_id]
    if len({i.pk for i in chosen}) != 1:
        raise _invalid("institution_id", _("Say which of your institutions organises the operation."))
    return chosen[0]


def _institution(institution_id: UUID, field: str) -> Institution:
    institution = Institution.objects.filter(pk=institution_id, is_active=True).first()
    if institution is None:
        raise _invalid(field, _("No such institution."))
    return institution


@router.get("/", response={200: list[s.OperationSummaryOut], **_R}, summary="Operations you may see")
@policy.requires("operations.read")
def list_operations(request: AuthedRequest) -> list[dict[str, object]]:
    return [_summary(o) for o in queries.operations_for(request.user)[:200]]


@router.post("/", response={201: s.OperationOut, **_W}, summary="Plan a return operation")
@policy.requires("operations.plan")
def plan_operation(request: AuthedRequest, payload: s.OperationIn) -> Status[dict[str, object]]:
    institution = _institution_for(request.user, payload.institution_id)
    operation = services.plan_operation(actor=request.user, institution=institution, data=services.OperationData(
        reference=payload.reference, kind=payload.kind, cooperation=payload.cooperation,
        destination_country=payload.destination_country, first_day=payload.first_day, last_day=payload.last_day,
        partner_countries=tuple(payload.partner_countries), stopovers=tuple(payload.stopovers)))
    return Status(201, _full(operation))


@router.get("/{operation_id}", response={200: s.OperationOut, **_R}, summary="One operation")
@policy.requires("operations.read")
def read_operation(request: AuthedRequest, operation_id: UUID) -> dict[str, object]:
    return _full(queries.get_operation(actor=request.user, operation_id=operation_id))


@router.get("/{operation_id}/confirmation", response={200: list[s.ConditionOut], **_R},
            summary="The conditions of confirmation not met yet (empty: it may be confirmed)")
@policy.requires("operations.read")
def confirmation_checklist(request: AuthedRequest, operation_id: UUID) -> list[dict[str, str]]:
    operation = queries.get_operation(actor=request.user, operation_id=operation_id)
    return [vars(c) for c in queries.confirmation_checklist(operation, on=timezone.now())]


@router.post("/{operation_id}/confirm", response={200: s.OperationOut, **_W},
             summary="Confirm: refused with every unmet condition listed under 'fields'")
@policy.requires("operations.confirm")
def confirm_operation(request: AuthedRequest, operation_id: UUID) -> dict[str, object]:
    return _full(services.confirm_operation(actor=request.user, operation_id=operation_id))


def _state_route(target: str, action: str, summary: str) -> None:
    @router.post(f"/{{operation_id}}/{target}", response={200: s.OperationOut, **_W}, summary=summary,
                 operation_id=f"operation_{target}")
    @policy.requires(action)
    def change(request: AuthedRequest, operation_id: UUID) -> dict[str, object]:
        state = {"reopen": rules.PLANNED, "start": rules.IN_PROGRESS, "complete": rules.COMPLETED,
                 "cancel": rules.CANCELLED}[target]
        return _full(services.change_state(actor=request.user, operation_id=operation_id, target=state))


_state_route("reopen", "operations.confirm", "Back to planned, to change the team or returnees")
_state_route("start", "operations.log", "The operation starts")
_state_route("complete", "operations.log", "The operation is over")
_state_route("cancel", "operations.confirm", "Cancel the operation")


@router.post("/{operation_id}/returnees", response={201: s.OperationOut, **_W}, summary="Add a returnee")
@policy.requires("operations.plan")
def add_returnee(request: AuthedRequest, operation_id: UUID, payload: s.ReturneeIn) -> Status[dict[str, object]]:
    services.add_returnee(actor=request.user, operation_id=operation_id, return_case_id=payload.return_case_id,
                          person_id=payload.person_id)
    return Status(201, _full(queries.get_operation(actor=request.user, operation_id=operation_id)))


@router.post("/returnees/{returnee_id}/assessment", response={200: s.OperationOut, **_W},
             summary="Risk assessment, fit to travel, told how to complain")
@policy.requires("operations.plan")
def assess_returnee(request: AuthedRequest, returnee_id: UUID, payload: s.AssessmentIn) -> dict[str, object]:
    returnee = services.assess_returnee(actor=request.user, returnee_id=returnee_id,
                                       assessment=services.Assessment(**payload.dict()))
    return _full(queries.get_operation(actor=request.user, operation_id=returnee.operation_id))


@router.delete("/returnees/{returnee_id}", response={204: None, **_W}, summary="Take a returnee off")
@policy.requires("operations.plan")
def remove_returnee(request: AuthedRequest, returnee_id: UUID) -> Status[None]:
    services.remove_returnee(actor=request.user, returnee_id=returnee_id)
    return Status(204, None)


@router.post("/{operation_id}/team", response={201: s.OperationOut, **_W}, summary="Add a team member")
@policy.requires("operations.plan")
def add_member(request: AuthedRequest, operation_id: UUID, payload: s.MemberIn) -> Status[dict[str, object]]:
    services.add_team_member(actor=request.user, operation_id=operation_id, data=services.MemberData(
        role=payload.role, full_name=payload.full_name, official_id=payload.official_id,
        languages=tuple(payload.languages)))
    return Status(201, _full(queries.get_operation(actor=request.user, operation_id=operation_id)))


@router.delete("/team/{member_id}", response={204: None, **_W}, summary="Remove a team member")
@policy.requires("operations.plan")
def remove_member(request: AuthedRequest, member_id: UUID) -> Status[None]:
    services.remove_team_member(actor=request.user, member_id=member_id)
    return Status(204, None)


@router.post("/{operation_id}/monitors", response={201: s.OperationOut, **_W}, summary="Assign a monitor")
@policy.requires("operations.plan")
def assign_monitor(request: AuthedRequest, operation_id: UUID, payload: s.MonitorIn) -> Status[dict[str, object]]:
    monitor = User.objects.filter(pk=payload.monitor_id, is_active=True).first()
    if monitor is None:
        raise _invalid("monitor_id", _("No such user."))
    services.assign_monitor(actor=request.user, operation_id=operation_id, monitor=monitor,
                            institution=_institution(payload.institution_id, "institution_id"),
                            notified_at=payload.notified_at)
    return Status(201, _full(queries.get_operation(actor=request.user, operation_id=operation_id)))


@router.post("/{operation_id}/log", response={201: s.LogOut, **_W}, summary="Write the execution log")
@policy.requires("operations.log")
def log_event(request: AuthedRequest, operation_id: UUID, payload: s.LogIn) -> Status[dict[str, object]]:
    entry = services.log_event(actor=request.user, operation_id=operation_id, data=services.LogData(
        phase=payload.phase, kind=payload.kind, description=payload.description, occurred_at=payload.occurred_at,
        returnee_id=payload.returnee_id, justification=payload.justification))
    return Status(201, {"id": entry.id, "phase": entry.phase, "kind": entry.kind, "occurred_at": entry.occurred_at,
                        "description": entry.description, "justification": entry.justification,
                        "returnee_id": entry.returnee_id})


@router.post("/{operation_id}/incidents", response={201: s.IncidentOut, **_W}, summary="Record an incident")
@policy.requires("operations.log")
def record_incident(request: AuthedRequest, operation_id: UUID, payload: s.IncidentIn) -> Status[dict[str, object]]:
    incident = services.record_incident(actor=request.user, operation_id=operation_id, data=services.IncidentData(
        phase=payload.phase, severity=payload.severity, description=payload.description,
        occurred_at=payload.occurred_at, returnee_id=payload.returnee_id))
    return Status(201, _incident(incident))


@router.post("/incidents/{incident_id}/report", response={200: s.IncidentOut, **_W},
             summary="File a serious incident's report")
@policy.requires("operations.log")
def file_incident_report(request: AuthedRequest, incident_id: UUID, payload: s.IncidentReportIn) -> dict[str, object]:
    return _incident(services.file_incident_report(actor=request.user, incident_id=incident_id,
                                                   report=payload.report))


@router.get("/{operation_id}/reports", response={200: list[s.ReportOut], **_R}, summary="Monitoring reports")
@policy.requires("operations.read")
def list_reports(request: AuthedRequest, operation_id: UUID) -> list[dict[str, object]]:
    operation = queries.get_operation(actor=request.user, operation_id=operation_id)
    return [_report(queries.get_report(actor=request.user, report_id=r.pk))
            for r in queries.reports_for(request.user, operation)]


@router.post("/{operation_id}/reports", response={201: s.ReportOut, **_W},
             summary="The monitor starts a report (a correction when the last one is submitted)")
@policy.requires("operations.monitor")
def start_report(request: AuthedRequest, operation_id: UUID, response: HttpResponse) -> Status[dict[str, object]]:
    report = monitoring.start_report(actor=request.user, operation_id=operation_id)
    response["ETag"] = f'"{report.version}"'
    return Status(201, _report(report))


@router.get("/reports/{report_id}", response={200: s.ReportOut, **_R}, summary="Read a report (audited)")
@policy.requires("operations.read")
def read_report(request: AuthedRequest, report_id: UUID, response: HttpResponse) -> dict[str, object]:
    report = queries.get_report(actor=request.user, report_id=report_id)
    response["ETag"] = f'"{report.version}"'
    return _report(report)


@router.put("/reports/{report_id}", response={200: s.ReportOut, **errors(400, 401, 403, 404, 409, 412, 422, 428)},
            summary="The monitor edits a draft (If-Match required; a submitted report is refused with 409)")
@policy.requires("operations.monitor")
def save_report(request: AuthedRequest, report_id: UUID, payload: s.ReportIn, response: HttpResponse,
                if_match: IfMatch = None) -> Status[dict[str, object]] | HttpResponse:
    if if_match is None:
        return error_response(428, "precondition_required", _("Send If-Match with the ETag you read."),
                              {"If-Match": [_("This header is required.")]})
    data = payload.dict()
    recommendations = data.pop("recommendations")
    report = monitoring.save_report(actor=request.user, report_id=report_id, expected_version=_version(if_match),
                                  sections=data, recommendations=recommendations)
    response["ETag"] = f'"{report.version}"'
    return Status(200, _report(report))


@router.post("/reports/{report_id}/submit", response={200: s.ReportOut, **errors(400, 401, 403, 404, 409, 412, 422,
                                                                                 428)},
             summary="Submit: from now on nobody can change it (If-Match required)")
@policy.requires("operations.monitor")
def submit_report(request: AuthedRequest, report_id: UUID, response: HttpResponse,
                  if_match: IfMatch = None) -> Status[dict[str, object]] | HttpResponse:
    if if_match is None:
        return error_response(428, "precondition_required", _("Send If-Match with the ETag you read."),
                              {"If-Match": [_("This header is required.")]})
    report = monitoring.submit_report(actor=request.user, report_id=report_id, expected_version=_version(if_match))
    response["ETag"] = f'"{report.version}"'
    return Status(200, _report(report))


def _version(value: str) -> int:
    cleaned = value.strip().removeprefix("W/").strip('"')
    return int(cleaned) if cleaned.isdigit() and len(cleaned) < 10 else -1


@router.post("/reports/{report_id}/publish", response={201: s.PublishedOut, **_W},
             summary="Publish the redacted version")
@policy.requires("operations.monitor")
def publish_report(request: AuthedRequest, report_id: UUID, payload: s.PublishIn) -> Status[dict[str, object]]:
    published = monitoring.publish_report(actor=request.user, report_id=report_id, redact_terms=payload.redact)
    return Status(201, _published(queries.published_report(published.report_id)))


def _published(published: object) -> dict[str, object]:
    from korak.operations.models import PublishedReport

    assert isinstance(published, PublishedReport)  # noqa: S101  # nosec B101 -- narrows the type for mypy
    return {"report_id": published.report_id, "operation_reference": published.report.operation.reference,
            "published_at": published.published_at, "sections": published.sections}


@router.post("/recommendations/{recommendation_id}/responses", response={201: s.RecommendationOut, **_W},
             summary="The authority responds to a recommendation")
@policy.requires("operations.respond")
def respond(request: AuthedRequest, recommendation_id: int,
            payload: s.RecommendationResponseIn) -> Status[dict[str, object]]:
    response = monitoring.respond_to_recommendation(actor=request.user, recommendation_id=recommendation_id,
                                                  status=payload.status, text=payload.text)
    recommendation = response.recommendation
    return Status(201, {"id": recommendation.pk, "number": recommendation.number, "text": recommendation.text,
                        "status": response.status})


@router.post("/{operation_id}/complaints", response={201: s.ComplaintOut, **_W}, summary="Lodge a complaint")
@policy.requires("operations.complaint.lodge")
def lodge_complaint(request: AuthedRequest, operation_id: UUID, payload: s.ComplaintIn) -> Status[dict[str, object]]:
    complaint = monitoring.lodge_complaint(actor=request.user, operation_id=operation_id, data=monitoring.ComplaintData(
        returnee_id=payload.returnee_id, lodged_by=payload.lodged_by, summary=payload.summary,
        representative_name=payload.representative_name,
        handling_institution=_institution(payload.handling_institution_id, "handling_institution_id")))
    return Status(201, _complaint(complaint))


@router.get("/complaints/handled", response={200: list[s.ComplaintOut], **_R},
            summary="Complaints lodged with your independent body")
@policy.requires("operations.complaint.handle")
def handled_complaints(request: AuthedRequest) -> list[dict[str, object]]:
    return [_complaint(c) for c in queries.complaints_handled_by(request.user)[:500]]


@router.post("/complaints/{complaint_id}/decision", response={200: s.ComplaintOut, **_W},
             summary="The independent body decides")
@policy.requires("operations.complaint.handle")
def decide_complaint(request: AuthedRequest, complaint_id: UUID, payload: s.ComplaintDecisionIn) -> dict[str, object]:
    return _complaint(monitoring.decide_complaint(actor=request.user, complaint_id=complaint_id,
                                                outcome=payload.outcome, reasons=payload.reasons))
