"""The return procedure as tables a lawyer can read in one screen, and the safeguards that
refuse unlawful steps. Pure: no ORM, no I/O; dates come in as arguments."""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from korak.core.refusal import Refusal
from korak.timelines.engine import add_months


class State(StrEnum):
    DECIDED = "decided"
    REMOVAL_SCHEDULED = "removal_scheduled"
    DEPARTED = "departed"
    REMOVED = "removed"
    ABSCONDED = "absconded"
    NOT_REMOVABLE = "not_removable"


class Step(StrEnum):
    EXTEND_VOLUNTARY_DEPARTURE = "extend_voluntary_departure"
    RECORD_RISK = "record_risk"
    IMPOSE_ENTRY_BAN = "impose_entry_ban"
    REQUEST_IDENTIFICATION = "request_identification"
    REMIND_IDENTIFICATION = "remind_identification"
    ANSWER_IDENTIFICATION = "answer_identification"
    REQUEST_TRAVEL_DOCUMENT = "request_travel_document"
    ISSUE_TRAVEL_DOCUMENT = "issue_travel_document"
    REQUEST_READMISSION = "request_readmission"
    ANSWER_READMISSION = "answer_readmission"
    ORDER_DETENTION = "order_detention"
    ORDER_ALTERNATIVE = "order_alternative"
    REVIEW_DETENTION = "review_detention"
    EXTEND_DETENTION = "extend_detention"
    END_DETENTION = "end_detention"
    ENROL_AVR = "enrol_avr"
    SCHEDULE_REMOVAL = "schedule_removal"
    RECORD_DEPARTURE = "record_departure"
    RECORD_REMOVAL = "record_removal"
    RECORD_ABSCONDING = "record_absconding"
    DECLARE_NOT_REMOVABLE = "declare_not_removable"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[State]
    target: State | None  # None: the case stays in its state
    event: str


S = State
OPEN = frozenset({S.DECIDED, S.REMOVAL_SCHEDULED})
ANY = frozenset(State)
_DECIDED = frozenset({S.DECIDED})
_SCHEDULED = frozenset({S.REMOVAL_SCHEDULED})

# step                              may follow  leads to             writes the event
TRANSITIONS: dict[Step, Transition] = {
    Step.EXTEND_VOLUNTARY_DEPARTURE: Transition(_DECIDED, None,        "return.voluntary_departure_extended"),
    Step.RECORD_RISK:                Transition(OPEN, None,            "return.risk_recorded"),
    Step.IMPOSE_ENTRY_BAN:           Transition(OPEN, None,            "return.entry_ban_imposed"),
    Step.REQUEST_IDENTIFICATION:     Transition(OPEN, None,            "return.identification_requested"),
    Step.REMIND_IDENTIFICATION:      Transition(OPEN, None,            "return.identification_reminded"),
    Step.ANSWER_IDENTIFICATION:      Transition(OPEN, None,            "return.identification_answered"),
    Step.REQUEST_TRAVEL_DOCUMENT:    Transition(OPEN, None,            "return.travel_document_requested"),
    Step.ISSUE_TRAVEL_DOCUMENT:      Transition(OPEN, None,            "return.travel_document_issued"),
    Step.REQUEST_READMISSION:        Transition(OPEN, None,            "return.readmission_requested"),
    Step.ANSWER_READMISSION:         Transition(OPEN, None,            "return.readmission_answered"),
    Step.ORDER_DETENTION:            Transition(OPEN, None,            "return.detention_ordered"),
    Step.ORDER_ALTERNATIVE:          Transition(OPEN, None,            "return.alternative_ordered"),
    Step.REVIEW_DETENTION:           Transition(OPEN, None,            "return.detention_reviewed"),
    Step.EXTEND_DETENTION:           Transition(OPEN, None,            "return.detention_extended"),
    # Release is always possible, whatever became of the case.
    Step.END_DETENTION:              Transition(ANY, None,             "return.detention_ended"),
    Step.ENROL_AVR:                  Transition(_DECIDED, None,        "return.avr_enrolled"),
    Step.SCHEDULE_REMOVAL:           Transition(OPEN, S.REMOVAL_SCHEDULED, "return.removal_scheduled"),
    Step.RECORD_DEPARTURE:           Transition(OPEN, S.DEPARTED,      "return.departed"),
    Step.RECORD_REMOVAL:             Transition(_SCHEDULED, S.REMOVED, "return.removed"),
    Step.RECORD_ABSCONDING:          Transition(OPEN, S.ABSCONDED,     "return.absconded"),
    Step.DECLARE_NOT_REMOVABLE:      Transition(OPEN, S.NOT_REMOVABLE, "return.not_removable"),
}

CLOSED = frozenset({S.DEPARTED, S.REMOVED, S.ABSCONDED, S.NOT_REMOVABLE})

# Which permission each step needs: deprivation of liberty and enforcement are kept apart.
STEP_ACTIONS: dict[Step, str] = {step: "returns.act" for step in Step} | {
    step: "returns.detain" for step in (Step.ORDER_DETENTION, Step.ORDER_ALTERNATIVE, Step.REVIEW_DETENTION,
                                        Step.EXTEND_DETENTION, Step.END_DETENTION)
} | {
    step: "returns.enforce" for step in (Step.SCHEDULE_REMOVAL, Step.RECORD_DEPARTURE, Step.RECORD_REMOVAL,
                                         Step.RECORD_ABSCONDING, Step.DECLARE_NOT_REMOVABLE)
}


# A request to another state, once answered, is closed: a reminder or a second answer is refused.
class RequestState(StrEnum):
    PENDING = "pending"
    ANSWERED = "answered"


REQUEST_TRANSITIONS: dict[Step, tuple[frozenset[RequestState], RequestState | None]] = {
    Step.REMIND_IDENTIFICATION: (frozenset({RequestState.PENDING}), None),
    Step.ANSWER_IDENTIFICATION: (frozenset({RequestState.PENDING}), RequestState.ANSWERED),
    Step.ISSUE_TRAVEL_DOCUMENT: (frozenset({RequestState.PENDING}), RequestState.ANSWERED),
    Step.ANSWER_READMISSION:    (frozenset({RequestState.PENDING}), RequestState.ANSWERED),
}


class DetentionState(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


DETENTION_TRANSITIONS: dict[Step, tuple[frozenset[DetentionState], DetentionState | None]] = {
    Step.REVIEW_DETENTION: (frozenset({DetentionState.ACTIVE}), None),
    Step.EXTEND_DETENTION: (frozenset({DetentionState.ACTIVE}), None),
    Step.END_DETENTION:    (frozenset({DetentionState.ACTIVE}), DetentionState.ENDED),
}

# Steps that remove, or prepare a removal with the country of return: the safeguards below guard them.
REMOVAL_STEPS = frozenset({Step.SCHEDULE_REMOVAL, Step.RECORD_REMOVAL, Step.REQUEST_READMISSION})
# Steps that send the person's data to the country of origin.
DATA_TO_ORIGIN_STEPS = frozenset({Step.REQUEST_IDENTIFICATION, Step.REQUEST_TRAVEL_DOCUMENT,
                                  Step.REQUEST_READMISSION})

STEP_LABELS: dict[Step, object] = {
    Step.EXTEND_VOLUNTARY_DEPARTURE: _("Extend voluntary departure"), Step.RECORD_RISK: _("Record a risk"),
    Step.IMPOSE_ENTRY_BAN: _("Impose an entry ban"), Step.REQUEST_IDENTIFICATION: _("Request identification"),
    Step.REMIND_IDENTIFICATION: _("Send a reminder"), Step.ANSWER_IDENTIFICATION: _("Record the identification answer"),
    Step.REQUEST_TRAVEL_DOCUMENT: _("Request a travel document"),
    Step.ISSUE_TRAVEL_DOCUMENT: _("Record the travel document"), Step.REQUEST_READMISSION: _("Request readmission"),
    Step.ANSWER_READMISSION: _("Record the readmission answer"), Step.ORDER_DETENTION: _("Order detention"),
    Step.ORDER_ALTERNATIVE: _("Order an alternative to detention"), Step.REVIEW_DETENTION: _("Review detention"),
    Step.EXTEND_DETENTION: _("Extend detention"), Step.END_DETENTION: _("End detention or the measure"),
    Step.ENROL_AVR: _("Enrol in assisted voluntary return"), Step.SCHEDULE_REMOVAL: _("Schedule the removal"),
    Step.RECORD_DEPARTURE: _("Record the departure"), Step.RECORD_REMOVAL: _("Record the removal"),
    Step.RECORD_ABSCONDING: _("Record absconding"), Step.DECLARE_NOT_REMOVABLE: _("Declare not removable"),
}

# Dir 2008/115/EC Art 7(1): a period of seven to thirty days; Art 7(4): none, or shorter, on a risk.
VOLUNTARY_DEPARTURE_MIN_DAYS, VOLUNTARY_DEPARTURE_MAX_DAYS = 7, 30
RISKS = frozenset({"absconding", "manifestly_unfounded_application", "public_security"})
VD_EXTENSION_REASONS = frozenset({"children_at_school", "family_ties", "length_of_stay", "other_circumstances"})
ENTRY_BAN_MAX_YEARS = 5  # Art 11(2), "in principle"; longer only on a serious threat (not offered here)
# Art 15(5)-(6): six months, extended by at most twelve more, only for these two reasons.
DETENTION_INITIAL_MONTHS, DETENTION_ABSOLUTE_MONTHS = 6, 18
DETENTION_EXTENSION_REASONS = frozenset({"non_cooperation", "document_delay"})
# Art 15(3) asks for review "at reasonable intervals"; Korak proposes one month (a local choice).
DETENTION_REVIEW_MONTHS = 1
ALTERNATIVES = frozenset({"reporting", "residence", "deposit", "surrender_of_documents", "guarantor",
                          "electronic_monitoring", "open_accommodation"})
NOT_REMOVABLE_REASONS = frozenset({"health", "no_travel_document", "country_refuses", "non_refoulement",
                                   "stateless", "other"})
# Reply periods of readmission agreements. Not verified against each agreement's text: the
# EU agreements with Western Balkan partners are read as 12 calendar days (accelerated: 2 working days).
READMISSION_AGREEMENTS: dict[str, tuple[object, int]] = {
    "eu_standard": (_("EU readmission agreement"), 12),
    "eu_accelerated": (_("EU readmission agreement, accelerated procedure"), 2),
    "bilateral": (_("Bilateral agreement"), 30),
}
REMINDER_AFTER_DAYS = 30

NON_REFOULEMENT = "Dir 2008/115/EC Art 5 and 9(1)(a); Dir 2013/32/EU Art 9(1) and 46(5)"
VOLUNTARY_DEPARTURE = "Dir 2008/115/EC Art 7, Art 8(2)"
DETENTION_CEILING = "Dir 2008/115/EC Art 15(5)-(6)"
CHILD_RETURN = "Dir 2008/115/EC Art 10"
CONFIDENTIALITY = "Dir 2013/32/EU Art 30"


def allowed_steps(state: str) -> list[Step]:
    return [step for step, transition in TRANSITIONS.items() if state in transition.sources]


def check_transition(state: str, step: Step) -> Refusal | None:
    if state in TRANSITIONS[step].sources:
        return None
    return Refusal(code="step_not_allowed", message=_("This step does not follow the case's current state."))


def next_state(state: str, step: Step) -> str:
    target = TRANSITIONS[step].target
    return state if target is None else target.value


def check_request(step: Step, state: RequestState) -> Refusal | None:
    if state in REQUEST_TRANSITIONS[step][0]:
        return None
    return Refusal(code="request_answered", message=_("This request has already been answered."))


def check_detention_step(step: Step, state: DetentionState) -> Refusal | None:
    if state in DETENTION_TRANSITIONS[step][0]:
        return None
    return Refusal(code="detention_ended", message=_("This measure has already ended."))


# --- Safeguards -----------------------------------------------------------------------------

def _safeguard(code: str, name: object, reference: str, reason: object,
               fields: dict[str, list[str]] | None = None) -> Refusal:
    """A refusal that names its safeguard and article in the message itself, so every page and
    API answer that shows the message shows both, in the user's language."""
    return Refusal(code=code, reference=reference, fields=fields or {},
                   message=format_lazy("{name} ({reference}): {reason}", name=name, reference=reference,
                                       reason=reason))


def check_non_refoulement(*, asylum_pending: bool, protection_granted: bool) -> Refusal | None:
    """No removal, and no step preparing one with the country of return, while an asylum
    application or a suspensive appeal is pending, or once protection was granted."""
    if asylum_pending:
        return _safeguard("non_refoulement", _("Non-refoulement"), NON_REFOULEMENT,
                          _("an asylum application or a suspensive appeal of this person is pending."))
    if protection_granted:
        return _safeguard("non_refoulement", _("Non-refoulement"), NON_REFOULEMENT,
                          _("this person holds international protection."))
    return None


def check_voluntary_departure(*, on: date, until: date | None, risk_recorded: bool) -> Refusal | None:
    """No enforcement inside a granted period for voluntary departure, unless a risk of
    absconding or another Art 7(4) risk has been recorded since."""
    if until is not None and on <= until and not risk_recorded:
        return _safeguard("voluntary_departure", _("Period for voluntary departure"), VOLUNTARY_DEPARTURE, _(
            "the person may leave voluntarily until %(until)s; record a risk first to enforce earlier.") % {
            "until": until.isoformat()})
    return None


def check_child_return(*, unaccompanied_child: bool, best_interests_assessed: bool,
                       representative_assigned: bool) -> Refusal | None:
    """An unaccompanied child is returned only after a best-interests assessment and with a
    representative assigned (Art 10(1)-(2))."""
    if not unaccompanied_child:
        return None
    missing = []
    if not best_interests_assessed:
        missing.append(str(_("a best-interests assessment")))
    if not representative_assigned:
        missing.append(str(_("a representative")))
    if missing:
        return _safeguard("child_return", _("Return of an unaccompanied child"), CHILD_RETURN, _(
            "%(missing)s must be recorded first.") % {"missing": ", ".join(missing)})
    return None


def check_no_data_to_origin(*, asylum_pending: bool) -> Refusal | None:
    """Nothing about an applicant goes to the country they fled while the application is pending."""
    if asylum_pending:
        return _safeguard("confidentiality", _("Confidentiality of asylum applications"), CONFIDENTIALITY, _(
            "no data of a person whose application is pending may be sent to the country of origin."))
    return None


def check_voluntary_departure_days(days: int | None, risk: str) -> Refusal | None:
    if days is None:
        if risk not in RISKS:
            return Refusal(code="invalid", reference=VOLUNTARY_DEPARTURE,
                           message=_("Some fields need attention."),
                           fields={"risk": [str(_("Without a period for voluntary departure, name the risk."))]})
        return None
    if not VOLUNTARY_DEPARTURE_MIN_DAYS <= days <= VOLUNTARY_DEPARTURE_MAX_DAYS and risk not in RISKS:
        return Refusal(code="invalid", reference=VOLUNTARY_DEPARTURE, message=_("Some fields need attention."),
                       fields={"voluntary_departure_days": [str(_("Grant between 7 and 30 days."))]})
    if not 0 < days <= VOLUNTARY_DEPARTURE_MAX_DAYS:
        return Refusal(code="invalid", reference=VOLUNTARY_DEPARTURE, message=_("Some fields need attention."),
                       fields={"voluntary_departure_days": [str(_("Grant at most 30 days."))]})
    return None


def check_entry_ban(years: int) -> Refusal | None:
    if not 1 <= years <= ENTRY_BAN_MAX_YEARS:
        return Refusal(code="invalid", reference="Dir 2008/115/EC Art 11(2)", message=_("Some fields need attention."),
                       fields={"years": [str(_("An entry ban lasts one to five years."))]})
    return None


# --- Detention ceiling (Art 15(5)-(6)) ------------------------------------------------------

@dataclass(frozen=True)
class DetentionLimits:
    alert_on: date  # six months: continue only with a recorded extension
    initial_until: date
    absolute_until: date  # eighteen months in total, all periods for the return decision together


def detention_limits(*, started_on: date, served_days_before: int = 0,
                     first_started_on: date | None = None) -> DetentionLimits:
    """The six-month mark and the eighteen-month ceiling of a detention period starting on
    `started_on`, after `served_days_before` days already spent in detention under the same
    return decision, the first period having started on `first_started_on`. The ceiling is
    counted in days from the first period (eighteen calendar months, the month's last day when
    the date does not exist); a weekend never lengthens detention."""
    anchor = first_started_on or started_on
    ceiling_days = (add_months(anchor, DETENTION_ABSOLUTE_MONTHS)[0] - anchor).days
    initial_days = (add_months(anchor, DETENTION_INITIAL_MONTHS)[0] - anchor).days
    absolute = started_on + timedelta(days=ceiling_days - served_days_before)
    initial = started_on + timedelta(days=max(initial_days - served_days_before, 0))
    initial = min(initial, absolute)
    return DetentionLimits(alert_on=initial, initial_until=initial, absolute_until=absolute)


def check_detention_order(*, served_days_before: int, on: date, first_started_on: date | None = None) -> Refusal | None:
    limits = detention_limits(started_on=on, served_days_before=served_days_before, first_started_on=first_started_on)
    if limits.absolute_until <= on:
        return _safeguard("detention_ceiling", _("Detention ceiling"), DETENTION_CEILING, _(
            "this person has already spent eighteen months in detention for this return."))
    return None


def check_detention_extension(*, until: date, months: int, reason: str, absolute_until: date) -> Refusal | None:
    if reason not in DETENTION_EXTENSION_REASONS:
        return _safeguard("detention_ceiling", _("Detention ceiling"), DETENTION_CEILING, _(
            "an extension needs a recorded reason: lack of cooperation or delay in obtaining documents."),
            fields={"reason": [str(_("Choose the reason for the extension."))]})
    if months < 1:
        return Refusal(code="invalid", message=_("Some fields need attention."),
                       fields={"months": [str(_("Extend by at least one month."))]})
    new_until, _clamped = add_months(until, months)
    if new_until > absolute_until:
        return _safeguard("detention_ceiling", _("Detention ceiling"), DETENTION_CEILING, _(
            "detention may not exceed eighteen months in total (until %(until)s).") % {
            "until": absolute_until.isoformat()})
    return None


def check_detention_continues(*, on: date, until: date | None) -> Refusal | None:
    """Past its authorised end, detention continues only through a recorded extension."""
    if until is not None and on > until:
        return _safeguard("detention_ceiling", _("Detention ceiling"), DETENTION_CEILING, _(
            "the authorisation ran out on %(until)s; record an extension with a reason or release the person.") % {
            "until": until.isoformat()})
    return None


def detention_alert(*, on: date, alert_on: date, until: date | None) -> bool:
    """The six-month alert: due from the six-month mark while no extension has moved the end."""
    return on >= alert_on and (until is None or until <= alert_on)


def next_review(on: date) -> date:
    return add_months(on, DETENTION_REVIEW_MONTHS)[0]


def voluntary_departure_until(decided_on: date, days: int | None) -> date | None:
    return None if days is None else decided_on + timedelta(days=days)


def readmission_reply_due(sent_on: date, agreement: str) -> date:
    return sent_on + timedelta(days=READMISSION_AGREEMENTS[agreement][1])


def is_ready_to_return(*, identified: bool, documented: bool, available: bool, suspensive_pending: bool) -> bool:
    """IRMA's Dataset 3: identified, with a travel document, available, nothing suspensive pending."""
    return identified and documented and available and not suspensive_pending
