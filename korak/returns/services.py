"""The only writers of return cases. Each step: policy, validation, the transition table, the
safeguards, the write, a CaseEvent, the legal clock and an audit entry, in one transaction."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korak import policy
from korak.asylum import queries as asylum
from korak.audit import services as audit
from korak.core.refusal import Refusal, RefusedError, StaleVersionError
from korak.events.services import record_event
from korak.organisations.models import Institution, User
from korak.people.models import Person
from korak.protection import queries as protection
from korak.returns import rules
from korak.returns.models import (
    Detention,
    DetentionExtension,
    IdentificationRequest,
    ReadmissionRequest,
    ReturnCase,
    TravelDocument,
    VoluntaryDepartureExtension,
)
from korak.timelines import services as timelines
from korak.timelines.engine import add_months

CASE_TYPE = "returns.case"
Step = rules.Step


@dataclass(frozen=True)
class StepInput:
    """What a step may carry; each step reads only its own fields (the same for the HTML form and the API)."""

    days: int | None = None
    months: int | None = None
    years: int | None = None
    reason: str = ""
    country: str = ""
    agreement: str = ""
    kind: str = ""
    identified: bool | None = None
    accepted: bool | None = None
    on: date | None = None
    valid_until: date | None = None
    consular_interview_on: date | None = None


@dataclass(frozen=True)
class ChildFacts:
    unaccompanied_child: bool = False
    best_interests_assessed: bool = False
    representative_assigned: bool = False


def child_facts(person_id: UUID, *, on: date) -> ChildFacts:
    """The protection app's answer for the child safeguard: facts only, never a category."""
    facts = protection.return_safeguards(person_id, on=on)
    return ChildFacts(unaccompanied_child=facts.unaccompanied_child,
                      best_interests_assessed=facts.best_interests_assessed,
                      representative_assigned=facts.representative_assigned)


def _refuse(refusal: Refusal | None, *, status: int = 422) -> None:
    if refusal is not None:
        raise RefusedError(refusal, status=status)


def _invalid(field: str, message: object) -> RefusedError:
    return RefusedError(Refusal(code="invalid", message=_("Some fields need attention."),
                                fields={field: [str(message)]}))


def _when(occurred_at: datetime | None, now: datetime) -> datetime:
    if occurred_at is None:
        return now
    if timezone.is_naive(occurred_at):
        raise _invalid("occurred_at", _("Give the time with its time zone."))
    if occurred_at > now:
        raise _invalid("occurred_at", _("A step cannot be recorded ahead of time."))
    return occurred_at


def _emit(case: ReturnCase, *, actor: User, event_type: str, at: datetime, now: datetime,
          payload: dict[str, Any], opens_case: bool = False) -> None:
    event = record_event(type=event_type, case_type=CASE_TYPE, case_id=case.id, actor=actor,
                         institution=case.institution, occurred_at=at, recorded_at=now,
                         payload={"jurisdiction": case.jurisdiction, "law_version": case.law_version or None,
                                  **payload})
    timelines.on_case_event(event, officer=case.assigned_officer, opens_case=opens_case)
    audit.record(actor=str(actor.pk), institution=str(case.institution_id), action=event_type,
                 object_type=CASE_TYPE, object_id=str(case.pk), occurred_at=now,
                 details={"version": case.version, "state": case.state})


def decide_return(*, actor: User, person: Person, institution: Institution, country_of_return: str,
                  voluntary_departure_days: int | None, risk: str = "", jurisdiction: str | None = None,
                  law_version: str | None = None, assigned_officer: User | None = None,
                  occurred_at: datetime | None = None) -> ReturnCase:
    """Record a return decision: the case starts, with its period for voluntary departure."""
    now = timezone.now()
    at = _when(occurred_at, now)
    policy.require(actor, "returns.open", ReturnCase(institution=institution))
    policy.require(actor, "people.view", person)
    if len(country_of_return) != 2 or not country_of_return.isalpha():
        raise _invalid("country_of_return", _("Choose the country of return (ISO 3166 code)."))
    _refuse(rules.check_voluntary_departure_days(voluntary_departure_days, risk))
    with transaction.atomic():
        decided_on = timezone.localdate(at)
        case = ReturnCase.objects.create(
            person=person, institution=institution, assigned_officer=assigned_officer or actor,
            jurisdiction=jurisdiction or settings.KORAK_COUNTRY, law_version=law_version or "",
            country_of_return=country_of_return.upper(), decided_at=at,
            voluntary_departure_days=voluntary_departure_days,
            voluntary_departure_until=rules.voluntary_departure_until(decided_on, voluntary_departure_days),
            risk_reason=risk if risk in rules.RISKS else "", risk_recorded_at=at if risk in rules.RISKS else None,
        )
        _emit(case, actor=actor, event_type="return.decided", at=at, now=now,
              payload={"voluntary_departure_days": voluntary_departure_days, "risk": case.risk_reason},
              opens_case=True)
    return case


def apply_step(*, actor: User, case_id: UUID, step: Step, data: StepInput | None = None,
               expected_version: int | None = None, occurred_at: datetime | None = None) -> ReturnCase:
    """Take one step on the current version of the case; the safeguards are checked here."""
    data = data or StepInput()
    now = timezone.now()
    at = _when(occurred_at, now)
    with transaction.atomic():
        # Lock the row: two officers acting at once must not both succeed. The institution and the
        # officer come in the same query (the event and the clock read them), locked they are not.
        case = policy.get_for(
            actor, ReturnCase.objects.select_for_update(of=("self", "person"))
            .select_related("person", "institution", "assigned_officer"),
            case_id, rules.STEP_ACTIONS[step])
        if expected_version is not None and case.version != expected_version:
            raise StaleVersionError(current_version=case.version)
        _refuse(rules.check_transition(case.state, step), status=409)
        _check_safeguards(case, step, data, timezone.localdate(at))
        payload = _STEPS[step](case, data, at)
        case.state = rules.next_state(case.state, step)
        if case.state in rules.CLOSED:
            case.closed_at = at
        case.version += 1
        case.save()
        _emit(case, actor=actor, event_type=rules.TRANSITIONS[step].event, at=at, now=now, payload=payload)
    return case


def _check_safeguards(case: ReturnCase, step: Step, data: StepInput, today: date) -> None:
    if step in rules.REMOVAL_STEPS or step in rules.DATA_TO_ORIGIN_STEPS:
        pending = asylum.pending_for_person(case.person_id)
        if step in rules.REMOVAL_STEPS:
            _refuse(rules.check_non_refoulement(
                asylum_pending=pending, protection_granted=asylum.protection_granted_for_person(case.person_id)),
                status=409)
        _refuse(rules.check_no_data_to_origin(asylum_pending=pending), status=409)
    if step in rules.ENFORCEMENT_STEPS:
        on = data.on if step is Step.SCHEDULE_REMOVAL and data.on is not None else today
        _refuse(rules.check_voluntary_departure(on=on, until=case.voluntary_departure_until,
                                                risk_recorded=case.risk_recorded_at is not None), status=409)
    if step in {Step.SCHEDULE_REMOVAL, Step.RECORD_REMOVAL}:
        facts = child_facts(case.person_id, on=today)
        _refuse(rules.check_child_return(unaccompanied_child=facts.unaccompanied_child,
                                         best_interests_assessed=facts.best_interests_assessed,
                                         representative_assigned=facts.representative_assigned), status=409)


type _Apply = Callable[[ReturnCase, StepInput, datetime], dict[str, Any]]


def _extend_voluntary_departure(case: ReturnCase, data: StepInput, at: datetime) -> dict[str, Any]:
    until = case.voluntary_departure_until
    if until is None or timezone.localdate(at) > until:
        raise RefusedError(Refusal(code="no_period", reference=rules.VOLUNTARY_DEPARTURE,
                                   message=_("There is no running period for voluntary departure to extend.")),
                           status=409)
    if data.days is None or not 1 <= data.days <= rules.VOLUNTARY_DEPARTURE_MAX_DAYS:
        raise _invalid("days", _("Extend by 1 to 30 days."))
    if data.reason not in rules.VD_EXTENSION_REASONS:
        raise _invalid("reason", _("Name the circumstance that justifies the extension."))
    VoluntaryDepartureExtension.objects.create(case=case, days=data.days, reason=data.reason, recorded_at=at)
    case.voluntary_departure_until = rules.voluntary_departure_until(until, data.days)
    return {"days": data.days, "reason": data.reason, "until": str(case.voluntary_departure_until)}


def _record_risk(case: ReturnCase, data: StepInput, at: datetime) -> dict[str, Any]:
    if data.reason not in rules.RISKS:
        raise _invalid("reason", _("Name the risk: absconding, a manifestly unfounded application or public "
                                   "security."))
    case.risk_recorded_at, case.risk_reason = at, data.reason
    return {"reason": data.reason}


def _impose_entry_ban(case: ReturnCase, data: StepInput, _at: datetime) -> dict[str, Any]:
    if data.years is None:
        raise _invalid("years", _("Give the length of the entry ban."))
    _refuse(rules.check_entry_ban(data.years))
    case.entry_ban_years = data.years
    return {"years": data.years}


def _country(case: ReturnCase, data: StepInput) -> str:
    country = (data.country or str(case.country_of_return)).upper()
    if len(country) != 2 or not country.isalpha():
        raise _invalid("country", _("Choose the country (ISO 3166 code)."))
    return country


def _request_identification(case: ReturnCase, data: StepInput, at: datetime) -> dict[str, Any]:
    country = _country(case, data)
    IdentificationRequest.objects.create(case=case, country=country, sent_at=at,
                                         consular_interview_on=data.consular_interview_on)
    return {"country": country}


def _open_request[T](found: T | None, step: Step) -> T:
    """The request the step answers; refused when none is waiting (rules.REQUEST_TRANSITIONS)."""
    state = rules.RequestState.ANSWERED if found is None else rules.RequestState.PENDING
    _refuse(rules.check_request(step, state), status=409)
    return cast("T", found)


def _pending_identification(case: ReturnCase, step: Step) -> IdentificationRequest:
    return _open_request(case.identification_requests.filter(answered_at__isnull=True).order_by("sent_at").first(),
                         step)


def _remind_identification(case: ReturnCase, _data: StepInput, at: datetime) -> dict[str, Any]:
    request = _pending_identification(case, Step.REMIND_IDENTIFICATION)
    request.reminders += 1
    request.last_reminder_at = at
    request.save(update_fields=["reminders", "last_reminder_at"])
    return {"country": str(request.country), "reminder": request.reminders}


def _answer_identification(case: ReturnCase, data: StepInput, at: datetime) -> dict[str, Any]:
    request = _pending_identification(case, Step.ANSWER_IDENTIFICATION)
    if data.identified is None:
        raise _invalid("identified", _("Say whether the country identified the person."))
    request.answered_at, request.identified = at, data.identified
    request.save(update_fields=["answered_at", "identified"])
    return {"country": str(request.country), "identified": data.identified,
            "days": (at - request.sent_at).days}


def _request_travel_document(case: ReturnCase, data: StepInput, at: datetime) -> dict[str, Any]:
    country = _country(case, data)
    TravelDocument.objects.create(case=case, country=country, requested_at=at)
    return {"country": country}


def _issue_travel_document(case: ReturnCase, data: StepInput, at: datetime) -> dict[str, Any]:
    document = _open_request(case.travel_documents.filter(issued_at__isnull=True).order_by("requested_at").first(),
                             Step.ISSUE_TRAVEL_DOCUMENT)
    if data.valid_until is not None and data.valid_until < timezone.localdate(at):
        raise _invalid("valid_until", _("The document has already expired."))
    document.issued_at, document.valid_until = at, data.valid_until
    document.save(update_fields=["issued_at", "valid_until"])
    return {"country": str(document.country), "valid_until": str(data.valid_until or "")}


def _request_readmission(case: ReturnCase, data: StepInput, at: datetime) -> dict[str, Any]:
    if data.agreement not in rules.READMISSION_AGREEMENTS:
        raise _invalid("agreement", _("Choose the readmission agreement."))
    due = rules.readmission_reply_due(timezone.localdate(at), data.agreement)
    ReadmissionRequest.objects.create(case=case, agreement=data.agreement, sent_at=at, reply_due=due)
    return {"agreement": data.agreement, "reply_due": str(due)}


def _answer_readmission(case: ReturnCase, data: StepInput, at: datetime) -> dict[str, Any]:
    request = _open_request(case.readmission_requests.filter(answered_at__isnull=True).order_by("sent_at").first(),
                            Step.ANSWER_READMISSION)
    if data.accepted is None:
        raise _invalid("accepted", _("Say whether the request was accepted."))
    request.answered_at, request.accepted = at, data.accepted
    request.save(update_fields=["answered_at", "accepted"])
    return {"agreement": request.agreement, "accepted": data.accepted}


def _active_measure(case: ReturnCase) -> Detention | None:
    return case.detentions.filter(ended_on__isnull=True).order_by("-started_on").first()


def _earlier_periods(case: ReturnCase, *, exclude: Detention | None = None) -> tuple[int, date | None]:
    """Days already spent in detention under this return decision (all periods count together),
    and the day the first period started."""
    periods = case.detentions.filter(kind="detention", ended_on__isnull=False)
    if exclude is not None:
        periods = periods.exclude(pk=exclude.pk)
    served, first = 0, None
    for started_on, ended_on in periods.values_list("started_on", "ended_on"):
        served += max((ended_on - started_on).days, 0) if ended_on is not None else 0
        first = started_on if first is None else min(first, started_on)
    return served, first


def _order_detention(case: ReturnCase, _data: StepInput, at: datetime) -> dict[str, Any]:
    on = timezone.localdate(at)
    if _active_measure(case) is not None:
        raise RefusedError(Refusal(code="measure_active", message=_("End the current measure first.")), status=409)
    before, first = _earlier_periods(case)
    _refuse(rules.check_detention_order(served_days_before=before, on=on, first_started_on=first), status=409)
    limits = rules.detention_limits(started_on=on, served_days_before=before, first_started_on=first)
    Detention.objects.create(case=case, kind="detention", started_on=on, until=limits.initial_until,
                             next_review_on=rules.next_review(on))
    return {"started_on": str(on), "until": str(limits.initial_until), "absolute_until": str(limits.absolute_until),
            "served_days_before": before}


def _order_alternative(case: ReturnCase, data: StepInput, at: datetime) -> dict[str, Any]:
    if data.kind not in rules.ALTERNATIVES:
        raise _invalid("kind", _("Choose the alternative to detention."))
    if _active_measure(case) is not None:
        raise RefusedError(Refusal(code="measure_active", message=_("End the current measure first.")), status=409)
    on = timezone.localdate(at)
    Detention.objects.create(case=case, kind=data.kind, started_on=on, next_review_on=rules.next_review(on))
    return {"kind": data.kind}


def _active_for(case: ReturnCase, step: Step, *, detention_only: bool = False) -> Detention:
    measure = _active_measure(case)
    if detention_only and measure is not None and measure.kind != "detention":
        measure = None
    state = rules.DetentionState.ACTIVE if measure is not None else rules.DetentionState.ENDED
    _refuse(rules.check_detention_step(step, state), status=409)
    return cast("Detention", measure)


def _review_detention(case: ReturnCase, _data: StepInput, at: datetime) -> dict[str, Any]:
    measure = _active_for(case, Step.REVIEW_DETENTION)
    on = timezone.localdate(at)
    _refuse(rules.check_detention_continues(on=on, until=measure.until), status=409)
    measure.next_review_on = rules.next_review(on)
    measure.save(update_fields=["next_review_on"])
    return {"kind": measure.kind, "next_review_on": str(measure.next_review_on)}


def _extend_detention(case: ReturnCase, data: StepInput, at: datetime) -> dict[str, Any]:
    measure = _active_for(case, Step.EXTEND_DETENTION, detention_only=True)
    on = timezone.localdate(at)
    # A detention is ordered with its end; only an alternative has none.
    until = measure.until or on
    before, first = _earlier_periods(case, exclude=measure)
    limits = rules.detention_limits(started_on=measure.started_on, served_days_before=before,
                                    first_started_on=first)
    _refuse(rules.check_detention_extension(until=until, months=data.months or 0, reason=data.reason,
                                            absolute_until=limits.absolute_until))
    _refuse(rules.check_detention_continues(on=on, until=until), status=409)
    months = data.months or 0
    measure.until = add_months(until, months)[0]
    measure.save(update_fields=["until"])
    DetentionExtension.objects.create(detention=measure, months=months, reason=data.reason, until=measure.until,
                                      recorded_at=at)
    return {"reason": data.reason, "months": months, "until": str(measure.until)}


def _end_detention(case: ReturnCase, _data: StepInput, at: datetime) -> dict[str, Any]:
    measure = _active_for(case, Step.END_DETENTION)
    measure.ended_on = timezone.localdate(at)
    measure.save(update_fields=["ended_on"])
    return {"kind": measure.kind}


def _enrol_avr(case: ReturnCase, _data: StepInput, at: datetime) -> dict[str, Any]:
    case.avr_enrolled_at = at
    return {}


def _schedule_removal(case: ReturnCase, data: StepInput, at: datetime) -> dict[str, Any]:
    if data.on is None or data.on < timezone.localdate(at):
        raise _invalid("on", _("Give the removal date, today or later."))
    case.removal_on = data.on
    return {"on": str(data.on)}


def _close(case: ReturnCase, _data: StepInput, _at: datetime) -> dict[str, Any]:
    return {}


def _declare_not_removable(case: ReturnCase, data: StepInput, _at: datetime) -> dict[str, Any]:
    if data.reason not in rules.NOT_REMOVABLE_REASONS:
        raise _invalid("reason", _("Say why the person cannot be removed."))
    case.not_removable_reason = data.reason
    return {"reason": data.reason}


_STEPS: dict[Step, _Apply] = {
    Step.EXTEND_VOLUNTARY_DEPARTURE: _extend_voluntary_departure, Step.RECORD_RISK: _record_risk,
    Step.IMPOSE_ENTRY_BAN: _impose_entry_ban, Step.REQUEST_IDENTIFICATION: _request_identification,
    Step.REMIND_IDENTIFICATION: _remind_identification, Step.ANSWER_IDENTIFICATION: _answer_identification,
    Step.REQUEST_TRAVEL_DOCUMENT: _request_travel_document, Step.ISSUE_TRAVEL_DOCUMENT: _issue_travel_document,
    Step.REQUEST_READMISSION: _request_readmission, Step.ANSWER_READMISSION: _answer_readmission,
    Step.ORDER_DETENTION: _order_detention, Step.ORDER_ALTERNATIVE: _order_alternative,
    Step.REVIEW_DETENTION: _review_detention, Step.EXTEND_DETENTION: _extend_detention,
    Step.END_DETENTION: _end_detention, Step.ENROL_AVR: _enrol_avr, Step.SCHEDULE_REMOVAL: _schedule_removal,
    Step.RECORD_DEPARTURE: _close, Step.RECORD_REMOVAL: _close, Step.RECORD_ABSCONDING: _close,
    Step.DECLARE_NOT_REMOVABLE: _declare_not_removable,
}
