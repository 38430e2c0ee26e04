"""The only writers of return operations: policy check, validation, rule, write, CaseEvent
and audit entry, in one transaction each."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from korak import policy
from korak.asylum import queries as asylum
from korak.audit import services as audit
from korak.core.refusal import Refusal, RefusedError
from korak.events.services import record_event
from korak.operations import rules
from korak.operations.models import (
    Incident,
    LogEntry,
    MonitorAssignment,
    Operation,
    OperationSettings,
    OperationState,
    Returnee,
    TeamMember,
)
from korak.organisations.models import Institution, Membership, Role, User
from korak.programme import queries as programme
from korak.protection import queries as protection
from korak.returns import queries as returns

CASE_TYPE = "operations.operation"
ESCORT_CURRICULUM = "escort-officer"


def _refuse(message: object, **fields: object) -> RefusedError:
    return RefusedError(Refusal(code="invalid", message=str(message),
                                fields={name: [str(text)] for name, text in fields.items()}))


def _log(*, actor: User, operation: Operation, type: str, now: datetime, payload: dict[str, Any] | None = None,
         object_type: str = CASE_TYPE, object_id: UUID | None = None) -> None:
    """The CaseEvent of the operation and the audit entry; payloads hold ids and codes only."""
    record_event(type=type, case_type=CASE_TYPE, case_id=operation.id, actor=actor,
                 institution=operation.organising_institution, occurred_at=now, recorded_at=now,
                 payload=payload or {})
    audit.record(actor=str(actor.pk), institution=str(operation.organising_institution_id),
                 action=f"operations.{type}", object_type=object_type, object_id=str(object_id or operation.pk),
                 occurred_at=now, details=payload or {})


def _locked(actor: User, operation_id: UUID, action: str) -> Operation:
    # Lock the operation: a confirmation and a change to its team must not interleave.
    return policy.get_for(actor, Operation.objects.select_for_update().select_related("organising_institution"),
                          operation_id, action)


def settings_for(institution_id: UUID) -> rules.OpsSettings:
    row = OperationSettings.objects.filter(institution_id=institution_id).first()
    if row is None:
        return rules.DEFAULT_SETTINGS
    return rules.OpsSettings(
        monitor_notice_days=row.monitor_notice_days, serious_incident_report_hours=row.serious_incident_report_hours,
        complaint_days=row.complaint_days, escorts_per_high_risk=row.escorts_per_high_risk,
        escorts_per_medium_risk=row.escorts_per_medium_risk, low_risk_per_escort=row.low_risk_per_escort,
    )


# ------------------------------------------------------------------ planning


@dataclass(frozen=True)
class OperationData:
    reference: str
    kind: str
    cooperation: str
    destination_country: str
    first_day: date
    last_day: date
    partner_countries: tuple[str, ...] = ()
    stopovers: tuple[str, ...] = ()


def plan_operation(*, actor: User, institution: Institution, data: OperationData) -> Operation:
    now = timezone.now()
    if not policy.can(actor, "operations.plan", Operation(organising_institution=institution)):
        raise policy.PermissionRefusedError("operations.plan")
    if refusal := rules.check_dates(data.first_day, data.last_day):
        raise RefusedError(refusal)
    if not data.reference.strip():
        raise _refuse(_("Some fields need attention."), reference=_("Give the operation a reference."))
    with transaction.atomic():
        if Operation.objects.filter(organising_institution=institution, reference=data.reference.strip()).exists():
            raise _refuse(_("Some fields need attention."), reference=_("This reference is already used."))
        operation = Operation.objects.create(
            reference=data.reference.strip(), kind=data.kind, cooperation=data.cooperation,
            organising_institution=institution, destination_country=data.destination_country,
            partner_countries=list(data.partner_countries), stopovers=list(data.stopovers),
            first_day=data.first_day, last_day=data.last_day, planned_by=actor,
        )
        _log(actor=actor, operation=operation, type="operation_planned", now=now,
             payload={"kind": data.kind, "cooperation": data.cooperation})
    return operation


def add_returnee(*, actor: User, operation_id: UUID, return_case_id: UUID | None = None,
                 person_id: UUID | None = None) -> Returnee:
    """A returnee drawn from a return case that is ready to return (identified, documented,
    available, nothing suspensive); a person without a return case may be added, and the gate
    then lists it as unmet."""
    from korak.people import queries as people

    now = timezone.now()
    with transaction.atomic():
        operation = _locked(actor, operation_id, "operations.plan")
        if refusal := rules.check_editable(operation.state):
            raise RefusedError(refusal)
        if return_case_id is not None:
            case = returns.ready_to_return(actor=actor, on=timezone.localdate(now)).filter(pk=return_case_id).first()
            if case is None:
                raise _refuse(_("Some fields need attention."), return_case_id=_(
                    "This return case is not ready to return (identified, documented, available, nothing "
                    "suspensive), or it is not one you may see."))
            person_id = case.person_id
        if person_id is None:
            raise _refuse(_("Some fields need attention."), return_case_id=_("Choose a return case."))
        # The coordinator must be allowed to see the person (a forbidden one is "not found").
        person = people.get_person(actor=actor, person_id=person_id)
        if operation.returnees.filter(person=person).exists():
            raise _refuse(_("Some fields need attention."), person_id=_("This person is already on the operation."))
        returnee = Returnee.objects.create(operation=operation, person=person, return_case_id=return_case_id)
        _log(actor=actor, operation=operation, type="returnee_added", now=now,
             payload={"returnee": str(returnee.pk), "return_case": str(return_case_id) if return_case_id else None})
    return returnee


def remove_returnee(*, actor: User, returnee_id: UUID) -> None:
    now = timezone.now()
    with transaction.atomic():
        returnee = policy.get_for(actor, Returnee.objects.select_related("operation"), returnee_id, "operations.plan")
        operation = _locked(actor, returnee.operation_id, "operations.plan")
        if refusal := rules.check_editable(operation.state):
            raise RefusedError(refusal)
        if returnee.complaints.exists():
            raise _refuse(_("A returnee with a complaint stays on the operation's record."))
        returnee.delete()
        _log(actor=actor, operation=operation, type="returnee_removed", now=now, payload={"returnee": str(returnee_id)})


@dataclass(frozen=True)
class Assessment:
    risk_level: str | None = None
    risk_reasons: str | None = None
    fit_to_travel: str | None = None
    fit_to_travel_notes: str | None = None
    informed_of_complaints: bool | None = None


def assess_returnee(*, actor: User, returnee_id: UUID, assessment: Assessment) -> Returnee:
    """The individual risk assessment, the fit-to-travel result and the record that the
    returnee was told how to complain; what is None stays as it was."""
    now = timezone.now()
    with transaction.atomic():
        returnee = policy.get_for(actor, Returnee.objects.select_for_update().select_related("operation"),
                                  returnee_id, "operations.plan")
        operation = returnee.operation
        if refusal := rules.check_editable(operation.state):
            raise RefusedError(refusal)
        changed: list[str] = []
        if assessment.risk_level is not None:
            if assessment.risk_level not in {"low", "medium", "high"}:
                raise _refuse(_("Some fields need attention."), risk_level=_("Choose low, medium or high."))
            if len((assessment.risk_reasons or "").strip()) < rules.MIN_RESPONSE:
                raise _refuse(_("Some fields need attention."), risk_reasons=_("Give the reasons for the risk level."))
            returnee.risk_level, returnee.risk_reasons = assessment.risk_level, (assessment.risk_reasons or "").strip()
            returnee.risk_assessed_at = now
            changed.append("risk")
        if assessment.fit_to_travel is not None:
            if assessment.fit_to_travel not in {"fit", "fit_with_conditions", "unfit"}:
                raise _refuse(_("Some fields need attention."), fit_to_travel=_("Choose a fit-to-travel result."))
            returnee.fit_to_travel = assessment.fit_to_travel
            returnee.fit_to_travel_notes = (assessment.fit_to_travel_notes or "").strip()
            returnee.fit_checked_at = now
            changed.append("fit_to_travel")
        if assessment.informed_of_complaints:
            returnee.informed_of_complaints_at = returnee.informed_of_complaints_at or now
            changed.append("informed_of_complaints")
        returnee.version += 1
        returnee.save()
        _log(actor=actor, operation=operation, type="returnee_assessed", now=now,
             payload={"returnee": str(returnee.pk), "fields": changed})
    return returnee


@dataclass(frozen=True)
class MemberData:
    role: str
    full_name: str
    official_id: UUID | None = None
    languages: tuple[str, ...] = ()


def add_team_member(*, actor: User, operation_id: UUID, data: MemberData) -> TeamMember:
    now = timezone.now()
    if data.role not in {"escort_leader", "escort_officer", "medical", "interpreter"}:
        raise _refuse(_("Some fields need attention."), role=_("Choose a role."))
    if not data.full_name.strip():
        raise _refuse(_("Some fields need attention."), full_name=_("Give the team member's name."))
    if data.role in rules.ESCORT_ROLES and data.official_id is None:
        raise _refuse(_("Some fields need attention."),
                      official_id=_("An escort is a trained official of the programme registry: choose one."))
    if data.role == "interpreter" and not data.languages:
        raise _refuse(_("Some fields need attention."), languages=_("Give the interpreter's languages."))
    with transaction.atomic():
        operation = _locked(actor, operation_id, "operations.plan")
        if refusal := rules.check_editable(operation.state):
            raise RefusedError(refusal)
        member = TeamMember.objects.create(
            operation=operation, role=data.role, full_name=data.full_name.strip(), official_id=data.official_id,
            languages=[code.strip().lower() for code in data.languages if code.strip()],
        )
        _log(actor=actor, operation=operation, type="team_member_added", now=now,
             payload={"member": str(member.pk), "role": data.role})
    return member


def remove_team_member(*, actor: User, member_id: UUID) -> None:
    now = timezone.now()
    with transaction.atomic():
        member = policy.get_for(actor, TeamMember, member_id, "operations.plan")
        operation = _locked(actor, member.operation_id, "operations.plan")
        if refusal := rules.check_editable(operation.state):
            raise RefusedError(refusal)
        member.delete()
        _log(actor=actor, operation=operation, type="team_member_removed", now=now, payload={"member": str(member_id)})


def assign_monitor(*, actor: User, operation_id: UUID, monitor: User, institution: Institution,
                   notified_at: datetime | None = None) -> MonitorAssignment:
    """The monitor must hold the monitor role in that institution; whether the institution is
    independent is a condition of confirmation, listed there with the others."""
    now = timezone.now()
    notified = notified_at or now
    if notified > now:
        raise _refuse(_("Some fields need attention."), notified_at=_("The notification cannot be in the future."))
    if not Membership.objects.filter(user=monitor, institution=institution, is_active=True,
                                     role=Role.FORCED_RETURN_MONITOR).exists():
        raise _refuse(_("Some fields need attention."),
                      monitor_id=_("This user is not a forced-return monitor of that institution."))
    with transaction.atomic():
        operation = _locked(actor, operation_id, "operations.plan")
        if refusal := rules.check_editable(operation.state):
            raise RefusedError(refusal)
        if operation.monitor_assignments.filter(monitor=monitor).exists():
            raise _refuse(_("Some fields need attention."), monitor_id=_("This monitor is already assigned."))
        assignment = MonitorAssignment.objects.create(operation=operation, monitor=monitor, institution=institution,
                                                      notified_at=notified, assigned_by=actor)
        _log(actor=actor, operation=operation, type="monitor_assigned", now=now,
             payload={"assignment": str(assignment.pk), "institution_kind": institution.kind})
    return assignment


# ------------------------------------------------------------------ the confirmation gate


def certified_escorts(official_ids: Sequence[UUID], *, on: date) -> set[UUID]:
    """The officials holding an escort certificate valid on `on`: one batch query to programme."""
    if not official_ids:
        return set()
    found = programme.certificates_for(list(official_ids), ESCORT_CURRICULUM, on=on)
    return {official for official, certificate in found.items() if certificate is not None}


@dataclass(frozen=True)
class Safeguards:
    asylum_pending: bool = False
    suspensive_appeal_pending: bool = False
    unaccompanied_child: bool = False
    best_interests_assessed: bool = False
    representative_assigned: bool = False


def _asylum_pending(person_ids: list[UUID]) -> tuple[set[UUID], set[UUID]]:
    """Persons with an asylum application pending, and those whose appeal with suspensive
    effect is pending (the asylum app's own definition, one query)."""
    pending: set[UUID] = set()
    appealed: set[UUID] = set()
    for person_id, state in asylum.pending_applications().filter(person_id__in=person_ids).values_list(
            "person_id", "state"):
        (appealed if state == "appealed" else pending).add(person_id)
    return pending, appealed


def safeguards_for(person_ids: Iterable[UUID], *, on: date) -> dict[UUID, Safeguards]:
    """What the asylum and protection apps say about each person."""
    ids = list(dict.fromkeys(person_ids))
    children = protection.return_safeguards_for(ids, on=on)
    pending, appealed = _asylum_pending(ids)
    return {
        person_id: Safeguards(
            asylum_pending=person_id in pending, suspensive_appeal_pending=person_id in appealed,
            unaccompanied_child=children[person_id].unaccompanied_child,
            best_interests_assessed=children[person_id].best_interests_assessed,
            representative_assigned=children[person_id].representative_assigned,
        ) for person_id in ids
    }


def gather_confirmation_facts(operation: Operation, on: date) -> rules.ConfirmationFacts:
    """Everything the gate needs, in a fixed number of queries whatever the team's size."""
    team = list(operation.team.all())
    escorts = [m for m in team if m.role in rules.ESCORT_ROLES]
    certified = certified_escorts([m.official_id for m in escorts if m.official_id], on=operation.last_day)
    returnees = list(operation.returnees.select_related("person").order_by("created_at"))
    safeguards = safeguards_for([r.person_id for r in returnees], on=on)
    case_ids = [r.return_case_id for r in returnees if r.return_case_id]
    ready = set(returns.ready_to_return(actor=None, on=operation.last_day).filter(pk__in=case_ids)
                .values_list("pk", flat=True)) if case_ids else set()
    assignments = operation.monitor_assignments.select_related("monitor", "institution")
    return rules.ConfirmationFacts(
        first_day=operation.first_day, last_day=operation.last_day, today=timezone.localdate(),
        escorts=tuple(rules.EscortFact(name=m.full_name, role=m.role,
                                       certified_through_last_day=m.official_id in certified) for m in escorts),
        interpreter_languages=frozenset(code for m in team if m.role == "interpreter" for code in m.languages),
        monitors=tuple(rules.MonitorFact(name=a.monitor.get_full_name() or a.monitor.get_username(),
                                         institution_name=a.institution.name, institution_kind=a.institution.kind,
                                         notified_on=timezone.localdate(a.notified_at)) for a in assignments),
        returnees=tuple(
            rules.ReturneeFact(
                name=str(r.person), languages=tuple(r.person.languages or ()), risk_level=r.risk_level,
                fit_to_travel=r.fit_to_travel, informed_of_complaints=r.informed_of_complaints_at is not None,
                return_case=_readiness(r.return_case_id, ready),
                **vars(safeguards.get(r.person_id, Safeguards())),
            ) for r in returnees
        ),
        settings=settings_for(operation.organising_institution_id),
    )


def _readiness(return_case_id: UUID | None, ready: set[UUID]) -> str:
    if return_case_id is None:
        return "none"
    return "ready" if return_case_id in ready else "not_ready"


def confirm_operation(*, actor: User, operation_id: UUID) -> Operation:
    now = timezone.now()
    with transaction.atomic():
        operation = _locked(actor, operation_id, "operations.confirm")
        if refusal := rules.check_transition(operation.state, rules.CONFIRMED):
            raise RefusedError(refusal, status=409)
        facts = gather_confirmation_facts(operation, timezone.localdate(now))
        if refusal := rules.check_confirmation(facts):
            raise RefusedError(refusal, status=409)
        operation.state, operation.confirmed_at = OperationState.CONFIRMED, now
        operation.version += 1
        operation.save()
        _log(actor=actor, operation=operation, type="operation_confirmed", now=now,
             payload={"returnees": len(facts.returnees), "escorts": len(facts.escorts), "version": operation.version})
    return operation


_STATE_ACTIONS = {rules.PLANNED: "operations.confirm", rules.IN_PROGRESS: "operations.log",
                  rules.COMPLETED: "operations.log", rules.CANCELLED: "operations.confirm"}


def change_state(*, actor: User, operation_id: UUID, target: str) -> Operation:
    """Reopen (to planned), start, complete or cancel; confirmation goes through its gate."""
    if target == rules.CONFIRMED:
        return confirm_operation(actor=actor, operation_id=operation_id)
    action = _STATE_ACTIONS.get(target)
    if action is None:
        raise _refuse(_("Some fields need attention."), state=_("Choose a state."))
    now = timezone.now()
    with transaction.atomic():
        operation = _locked(actor, operation_id, action)
        before = operation.state
        if refusal := rules.check_transition(before, target):
            raise RefusedError(refusal, status=409)
        operation.state = target
        if target == rules.PLANNED:
            operation.confirmed_at = None
        operation.version += 1
        operation.save()
        _log(actor=actor, operation=operation, type=f"operation_{target}", now=now,
             payload={"from": before, "to": target, "version": operation.version})
    return operation


# ------------------------------------------------------------------ execution log


@dataclass(frozen=True)
class LogData:
    phase: str
    kind: str
    description: str
    occurred_at: datetime
    returnee_id: UUID | None = None
    justification: str = ""


def _returnee_of(operation: Operation, returnee_id: UUID | None) -> Returnee | None:
    if returnee_id is None:
        return None
    returnee = operation.returnees.filter(pk=returnee_id).first()
    if returnee is None:
        raise _refuse(_("Some fields need attention."), returnee=_("This returnee is not on the operation."))
    return returnee


def log_event(*, actor: User, operation_id: UUID, data: LogData) -> LogEntry:
    now = timezone.now()
    if data.phase not in {"pre_return", "pre_departure", "in_transit", "handover"}:
        raise _refuse(_("Some fields need attention."), phase=_("Choose a phase."))
    if data.kind not in {"event", "force", "restraint", "belongings", "handover"}:
        raise _refuse(_("Some fields need attention."), kind=_("Choose what kind of entry this is."))
    if data.occurred_at > now:
        raise _refuse(_("Some fields need attention."), occurred_at=_("This time is in the future."))
    with transaction.atomic():
        operation = _locked(actor, operation_id, "operations.log")
        if refusal := rules.check_loggable(operation.state):
            raise RefusedError(refusal, status=409)
        returnee = _returnee_of(operation, data.returnee_id)
        if refusal := rules.check_log_entry(kind=data.kind, description=data.description,
                                            justification=data.justification, returnee_named=returnee is not None,
                                            returnee_risk_level=returnee.risk_level if returnee else ""):
            raise RefusedError(refusal)
        entry = LogEntry.objects.create(operation=operation, phase=data.phase, kind=data.kind, returnee=returnee,
                                        occurred_at=data.occurred_at, description=data.description.strip(),
                                        justification=data.justification.strip(), recorded_by=actor)
        _log(actor=actor, operation=operation, type="execution_logged", now=now,
             payload={"entry": str(entry.pk), "phase": data.phase, "kind": data.kind})
    return entry


@dataclass(frozen=True)
class IncidentData:
    phase: str
    severity: str
    description: str
    occurred_at: datetime
    returnee_id: UUID | None = None


def record_incident(*, actor: User, operation_id: UUID, data: IncidentData) -> Incident:
    now = timezone.now()
    if data.severity not in {"minor", "moderate", "serious"}:
        raise _refuse(_("Some fields need attention."), severity=_("Choose a severity."))
    if data.phase not in {"pre_return", "pre_departure", "in_transit", "handover"}:
        raise _refuse(_("Some fields need attention."), phase=_("Choose a phase."))
    if not data.description.strip():
        raise _refuse(_("Some fields need attention."), description=_("Say what happened."))
    if data.occurred_at > now:
        raise _refuse(_("Some fields need attention."), occurred_at=_("This time is in the future."))
    with transaction.atomic():
        operation = _locked(actor, operation_id, "operations.log")
        if refusal := rules.check_loggable(operation.state):
            raise RefusedError(refusal, status=409)
        returnee = _returnee_of(operation, data.returnee_id)
        hours = settings_for(operation.organising_institution_id).serious_incident_report_hours
        incident = Incident.objects.create(
            operation=operation, phase=data.phase, severity=data.severity, returnee=returnee,
            occurred_at=data.occurred_at, description=data.description.strip(), recorded_by=actor,
            report_due_at=rules.incident_report_due(severity=data.severity, occurred_at=data.occurred_at,
                                                    hours=hours),
        )
        _log(actor=actor, operation=operation, type="incident_recorded", now=now,
             payload={"incident": str(incident.pk), "severity": data.severity, "phase": data.phase})
    return incident


def file_incident_report(*, actor: User, incident_id: UUID, report: str) -> Incident:
    now = timezone.now()
    if len(report.strip()) < rules.MIN_JUSTIFICATION:
        raise _refuse(_("Some fields need attention."), report=_("Write the serious incident report."))
    with transaction.atomic():
        incident = policy.get_for(actor, Incident.objects.select_for_update().select_related(
            "operation__organising_institution"), incident_id, "operations.log")
        if incident.severity != "serious":
            raise _refuse(_("Only a serious incident needs a report."))
        if incident.report_filed_at is not None:
            raise RefusedError(Refusal("already_filed", _("The report of this incident is already filed.")), status=409)
        incident.report, incident.report_filed_at = report.strip(), now
        incident.save()
        _log(actor=actor, operation=incident.operation, type="incident_report_filed", now=now,
             payload={"incident": str(incident.pk),
                      "late": rules.is_overdue(due=incident.report_due_at, done=False, now=now)})
    return incident


def assigned_operations(actor: User) -> QuerySet[Operation]:
    """The operations the actor monitors (none without the monitor role)."""
    if not policy.can(actor, "operations.monitor"):
        return Operation.objects.none()
    return Operation.objects.filter(monitor_assignments__monitor=actor).distinct()


# ------------------------------------------------------------------ settings


def update_settings(*, actor: User, institution: Institution, values: rules.OpsSettings) -> OperationSettings:
    now = timezone.now()
    if not policy.can(actor, "operations.settings", OperationSettings(institution=institution)):
        raise policy.PermissionRefusedError("operations.settings")
    numbers = vars(values)
    bad = {name: _("Enter a whole number from 0 to 365.") for name, value in numbers.items()
           if not 0 <= value <= 365}
    if values.low_risk_per_escort < 1:
        bad["low_risk_per_escort"] = _("At least one.")
    if bad:
        raise _refuse(_("Some fields need attention."), **bad)
    with transaction.atomic():
        row, _new = OperationSettings.objects.update_or_create(institution=institution, defaults=numbers)
        audit.record(actor=str(actor.pk), institution=str(institution.pk), action="operations.settings_changed",
                     object_type="operations.settings", object_id=str(row.pk), occurred_at=now, details=numbers)
    return row
