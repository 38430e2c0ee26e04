"""The only writers of asylum applications. Each step: policy, validation, the transition table,
the write, a CaseEvent, the legal clock and an audit entry, all in one transaction."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korak import policy
from korak.asylum import rules
from korak.asylum.models import Appeal, Application, Decision, Interview
from korak.audit import services as audit
from korak.core.refusal import Refusal, RefusedError, StaleVersionError
from korak.events.services import record_event
from korak.organisations.models import Institution, User
from korak.people.models import Person
from korak.timelines import services as timelines

CASE_TYPE = "asylum.application"
Step = rules.Step



@dataclass(frozen=True)
class StepInput:
    """What a step may carry; each step reads only its own fields (the same for the HTML form and the API)."""

    procedure: str = ""
    reason: str = ""
    outcome: str = ""
    suspensive: bool = False
    implicit: bool = False
    scheduled_at: datetime | None = None
    interpreter_language: str = ""
    interviewer_sex_requested: str = ""
    interviewer_sex: str = ""


def _invalid(field: str, message: object) -> RefusedError:
    return RefusedError(Refusal(code="invalid", message=_("Some fields need attention."),
                                fields={field: [str(message)]}))


def _when(occurred_at: datetime | None, now: datetime) -> datetime:
    """A step may be recorded after the fact, never ahead of it."""
    if occurred_at is None:
        return now
    if timezone.is_naive(occurred_at):
        raise _invalid("occurred_at", _("Give the time with its time zone."))
    if occurred_at > now:
        raise _invalid("occurred_at", _("A step cannot be recorded ahead of time."))
    return occurred_at


def _emit(application: Application, *, actor: User, event_type: str, at: datetime, now: datetime,
          payload: dict[str, Any], opens_case: bool = False) -> None:
    event = record_event(type=event_type, case_type=CASE_TYPE, case_id=application.id, actor=actor,
                         institution=application.institution, occurred_at=at, recorded_at=now,
                         payload={"jurisdiction": application.jurisdiction,
                                  "law_version": application.law_version or None, **payload})
    timelines.on_case_event(event, officer=application.assigned_officer, opens_case=opens_case)
    audit.record(actor=str(actor.pk), institution=str(application.institution_id), action=f"asylum.{event_type}",
                 object_type=CASE_TYPE, object_id=str(application.pk), occurred_at=now,
                 details={"version": application.version, "state": application.state})


def express_intention(*, actor: User, person: Person, institution: Institution, at_border: bool = False,
                      jurisdiction: str | None = None, law_version: str | None = None,
                      assigned_officer: User | None = None, occurred_at: datetime | None = None) -> Application:
    """Open an application: the person said they seek protection. The rule set is fixed here."""
    now = timezone.now()
    at = _when(occurred_at, now)
    policy.require(actor, "asylum.open", Application(institution=institution))
    policy.require(actor, "people.view", person)
    with transaction.atomic():
        application = Application.objects.create(
            person=person, institution=institution, assigned_officer=assigned_officer or actor,
            jurisdiction=jurisdiction or settings.KORAK_COUNTRY, law_version=law_version or "", at_border=at_border,
            intention_at=at,
        )
        _emit(application, actor=actor, event_type="asylum.intention_expressed", at=at, now=now,
              payload={"at_border": at_border}, opens_case=True)
    return application


def apply_step(*, actor: User, application_id: UUID, step: Step, data: StepInput | None = None,
               expected_version: int | None = None, occurred_at: datetime | None = None) -> Application:
    """Take one step of the procedure on the current version of the application."""
    data = data or StepInput()
    now = timezone.now()
    at = _when(occurred_at, now)
    with transaction.atomic():
        # Lock the row: two officers deciding at once must not both succeed. The institution and
        # the officer come in the same query (the event and the clock read them), locked they are not.
        application = policy.get_for(
            actor, Application.objects.select_for_update(of=("self",)).select_related("institution",
                                                                                      "assigned_officer"),
            application_id, rules.STEP_ACTIONS[step])
        if expected_version is not None and application.version != expected_version:
            raise StaleVersionError(current_version=application.version)
        refusal = rules.check_transition(application.state, step)
        if refusal is not None:
            raise RefusedError(refusal, status=409)
        payload = _STEPS[step](application, actor, data, at)
        application.state = rules.next_state(application.state, step)
        application.version += 1
        application.save()
        _emit(application, actor=actor, event_type=rules.TRANSITIONS[step].event, at=at, now=now, payload=payload)
    return application


type _Apply = Callable[[Application, User, StepInput, datetime], dict[str, Any]]


def _register(application: Application, _actor: User, _data: StepInput, at: datetime) -> dict[str, Any]:
    application.registered_at = at
    return {}


def _lodge(application: Application, _actor: User, _data: StepInput, at: datetime) -> dict[str, Any]:
    application.lodged_at = at
    return {}


def _admit(_application: Application, _actor: User, _data: StepInput, _at: datetime) -> dict[str, Any]:
    return {"admissible": True}


def _declare_inadmissible(application: Application, actor: User, _data: StepInput, at: datetime) -> dict[str, Any]:
    Decision.objects.create(application=application, outcome="inadmissible", decided_at=at, decided_by=actor)
    application.outcome = "inadmissible"
    return {"admissible": False}


def _assign_procedure(application: Application, _actor: User, data: StepInput, _at: datetime) -> dict[str, Any]:
    if data.procedure not in rules.PROCEDURES:
        raise _invalid("procedure", _("Choose the regular, accelerated or border procedure."))
    application.procedure = data.procedure
    return {"procedure": data.procedure}


def _extend_examination(_application: Application, _actor: User, data: StepInput, _at: datetime) -> dict[str, Any]:
    if data.reason not in rules.EXTENSION_REASONS:
        raise _invalid("reason", _("Name the reason for the extension."))
    return {"reason": data.reason}


def _schedule_interview(application: Application, _actor: User, data: StepInput, at: datetime) -> dict[str, Any]:
    if data.scheduled_at is None or timezone.is_naive(data.scheduled_at):
        raise _invalid("scheduled_at", _("Give the interview's date and time with its time zone."))
    if data.scheduled_at < at:
        raise _invalid("scheduled_at", _("The interview cannot be scheduled in the past."))
    if data.interviewer_sex_requested not in {"", "female", "male"}:
        raise _invalid("interviewer_sex_requested", _("Choose female or male, or leave it empty."))
    if data.interpreter_language and not (2 <= len(data.interpreter_language) <= 3
                                          and data.interpreter_language.isalpha()):
        raise _invalid("interpreter_language", _("Use ISO 639 language codes, such as ar, fa, ps or ur."))
    interview = Interview.objects.create(
        application=application, scheduled_at=data.scheduled_at,
        interpreter_language=data.interpreter_language.lower(),
        interviewer_sex_requested=data.interviewer_sex_requested,
    )
    return {"scheduled_at": interview.scheduled_at.isoformat(), "interpreter_language": interview.interpreter_language,
            "interviewer_sex_requested": interview.interviewer_sex_requested}


def _hold_interview(application: Application, _actor: User, data: StepInput, at: datetime) -> dict[str, Any]:
    interview = application.interviews.filter(held_at__isnull=True).order_by("scheduled_at").first()
    if interview is None:
        raise RefusedError(Refusal(code="no_interview", message=_("Schedule the interview first.")), status=409)
    refusal = rules.check_interview(
        requested_sex=interview.interviewer_sex_requested, interviewer_sex=data.interviewer_sex,
        interpreter_language=interview.interpreter_language,
        applicant_languages=tuple(application.person.languages or ()),
    )
    if refusal is not None:
        raise RefusedError(refusal)
    interview.interviewer_sex = data.interviewer_sex if data.interviewer_sex in {"female", "male"} else ""
    interview.held_at = at
    interview.save()
    return {"interviewer_sex": interview.interviewer_sex}


def _decide(application: Application, actor: User, data: StepInput, at: datetime) -> dict[str, Any]:
    if data.outcome not in rules.MERITS_OUTCOMES:
        raise _invalid("outcome", _("Choose the outcome of the decision."))
    Decision.objects.create(application=application, outcome=data.outcome, decided_at=at, decided_by=actor)
    application.outcome = data.outcome
    return {"outcome": data.outcome}


def _notify(application: Application, _actor: User, _data: StepInput, at: datetime) -> dict[str, Any]:
    application.decisions.filter(notified_at__isnull=True).update(notified_at=at)
    return {"outcome": application.outcome}


def _appeal(application: Application, _actor: User, data: StepInput, at: datetime) -> dict[str, Any]:
    refusal = rules.check_appeal(application.outcome)
    if refusal is not None:
        raise RefusedError(refusal, status=409)
    Appeal.objects.create(application=application, lodged_at=at, suspensive=data.suspensive)
    return {"suspensive": data.suspensive}


def _decide_appeal(upheld: bool) -> _Apply:
    def apply(application: Application, _actor: User, _data: StepInput, at: datetime) -> dict[str, Any]:
        application.appeals.filter(decided_at__isnull=True).update(decided_at=at, upheld=upheld)
        if upheld:
            # The first decision is annulled: the case is examined again.
            application.outcome = ""
        return {"upheld": upheld}

    return apply


def _make_final(application: Application, _actor: User, _data: StepInput, at: datetime) -> dict[str, Any]:
    application.final_at = at
    return {"outcome": application.outcome}


def _withdraw(application: Application, _actor: User, data: StepInput, at: datetime) -> dict[str, Any]:
    application.withdrawn_implicitly = data.implicit
    application.final_at = at
    application.appeals.filter(decided_at__isnull=True).update(decided_at=at)
    return {"implicit": data.implicit}


_STEPS: dict[Step, _Apply] = {
    Step.REGISTER: _register, Step.LODGE: _lodge, Step.ADMIT: _admit,
    Step.DECLARE_INADMISSIBLE: _declare_inadmissible, Step.ASSIGN_PROCEDURE: _assign_procedure,
    Step.EXTEND_EXAMINATION: _extend_examination, Step.SCHEDULE_INTERVIEW: _schedule_interview,
    Step.HOLD_INTERVIEW: _hold_interview, Step.DECIDE: _decide, Step.NOTIFY: _notify, Step.APPEAL: _appeal,
    Step.UPHOLD_APPEAL: _decide_appeal(True), Step.DISMISS_APPEAL: _decide_appeal(False),
    Step.MAKE_FINAL: _make_final, Step.WITHDRAW: _withdraw,
}
