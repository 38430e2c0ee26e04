"""Pure rules of return operations: states, the confirmation gate, the staffing rule, the
execution log's guards, monitoring reports, recommendations and complaints. No ORM, no I/O;
time is passed in.

Legal references are given where a text requires the condition; conditions that come from
monitoring practice (FRA's findings on forced-return monitoring) or are Korak's own
configurable defaults say so."""

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils.translation import gettext_lazy as _

from korak.core.refusal import Refusal

# The string values of models' choices; tests keep them equal.
PLANNED, CONFIRMED, IN_PROGRESS, COMPLETED, CANCELLED = "planned", "confirmed", "in_progress", "completed", "cancelled"
TRANSITIONS: dict[str, frozenset[str]] = {
    PLANNED: frozenset({CONFIRMED, CANCELLED}),
    # Reopened to planned when the team or the returnees must change: the gate is then asked again.
    CONFIRMED: frozenset({PLANNED, IN_PROGRESS, CANCELLED}),
    IN_PROGRESS: frozenset({COMPLETED, CANCELLED}),
    COMPLETED: frozenset(),
    CANCELLED: frozenset(),
}
# The team and the returnees change only while the operation is planned.
EDITABLE_STATES = frozenset({PLANNED})
# The execution log is written from the pre-return phase (confirmed) to the hand-over.
LOGGABLE_STATES = frozenset({CONFIRMED, IN_PROGRESS})

type AddCondition = Callable[[str, object, str], None]

ESCORT_ROLES = frozenset({"escort_leader", "escort_officer"})
# Bodies that do not carry out removals: only they can monitor one (Dir 2008/115/EC Art 8(6)).
INDEPENDENT_KINDS = frozenset({"ombudsman", "ngo", "international"})
FORCE_KINDS = frozenset({"force", "restraint"})
MIN_JUSTIFICATION = 20
MIN_RESPONSE = 5

REF_CERTIFICATE = "Korak rule OPS-1: every escort certified (issue 6; FReM III escort-officer course)"
REF_MONITOR = "Dir 2008/115/EC Art 8(6); Reg (EU) 2019/1896 Art 50(5)"
REF_NOTICE = "FRA forced-return monitoring findings (late notice); configurable notice period"
REF_INTERPRETER = "FRA forced-return monitoring findings (no interpreter)"
REF_RISK = "Dir 2008/115/EC Art 8(4) (coercive measures only on individual risk)"
REF_FIT = "Dir 2008/115/EC Art 9(2)(a) (physical state and mental capacity)"
REF_COMPLAINTS = "Reg (EU) 2019/1896 Art 111; FRA findings (returnees not told how to complain)"
REF_ASYLUM = "Dir 2013/32/EU Art 9(1) (right to remain pending the examination)"
REF_APPEAL = "Dir 2013/32/EU Art 46(5)-(6) (suspensive effect of the appeal)"
REF_CHILD = "Dir 2008/115/EC Art 5(a), Art 10 (unaccompanied minors)"
REF_READY = "IRMA Dataset 3 readiness: identified, documented, available, nothing suspensive (returns app)"
REF_STAFFING = "Korak configurable default (escorts per risk level), not a legal source"
REF_LEADER = "Korak configurable default (one escort leader per operation)"


def check_transition(current: str, target: str) -> Refusal | None:
    if target in TRANSITIONS.get(current, frozenset()):
        return None
    return Refusal(code="invalid_transition",
                   message=_("A return operation cannot go from %(current)s to %(target)s.") % {
                       "current": current, "target": target})


def check_editable(state: str) -> Refusal | None:
    if state in EDITABLE_STATES:
        return None
    return Refusal(code="not_editable", message=_(
        "The returnees and the team change only while the operation is planned. Reopen it first."))


def check_loggable(state: str) -> Refusal | None:
    if state in LOGGABLE_STATES:
        return None
    return Refusal(code="not_loggable", message=_(
        "The execution log is written only once the operation is confirmed and until it ends."))


def check_dates(first_day: date, last_day: date) -> Refusal | None:
    if last_day < first_day:
        return Refusal(code="invalid", message=_("Some fields need attention."),
                       fields={"last_day": [str(_("The last day cannot come before the first day."))]})
    return None


# ------------------------------------------------------------------ settings and staffing


@dataclass(frozen=True)
class OpsSettings:
    monitor_notice_days: int = 5
    serious_incident_report_hours: int = 24
    complaint_days: int = 30
    # Korak's defaults, not a legal source: two escorts for each high-risk returnee, one for
    # each medium-risk returnee, one for every two low-risk returnees. Configurable per institution.
    escorts_per_high_risk: int = 2
    escorts_per_medium_risk: int = 1
    low_risk_per_escort: int = 2


DEFAULT_SETTINGS = OpsSettings()


def required_escorts(risk_levels: Iterable[str], settings: OpsSettings) -> int:
    levels = list(risk_levels)
    high, medium = levels.count("high"), levels.count("medium")
    low = sum(1 for level in levels if level not in {"high", "medium"})
    per_escort = max(settings.low_risk_per_escort, 1)
    return (high * settings.escorts_per_high_risk + medium * settings.escorts_per_medium_risk
            + math.ceil(low / per_escort))


# ------------------------------------------------------------------ the confirmation gate


@dataclass(frozen=True)
class EscortFact:
    name: str
    role: str
    certified_through_last_day: bool


@dataclass(frozen=True)
class MonitorFact:
    name: str
    institution_name: str
    institution_kind: str
    notified_on: date


@dataclass(frozen=True)
class ReturneeFact:
    name: str
    languages: tuple[str, ...] = ()
    risk_level: str = ""
    fit_to_travel: str = ""
    informed_of_complaints: bool = False
    asylum_pending: bool = False
    suspensive_appeal_pending: bool = False
    unaccompanied_child: bool = False
    best_interests_assessed: bool = False
    representative_assigned: bool = False
    # "ready" (the return case is ready to return through the last day), "not_ready", or "none"
    # (the returnee was added without a return case).
    return_case: str = "ready"


@dataclass(frozen=True)
class ConfirmationFacts:
    first_day: date
    last_day: date
    escorts: tuple[EscortFact, ...] = ()
    interpreter_languages: frozenset[str] = frozenset()
    monitors: tuple[MonitorFact, ...] = ()
    returnees: tuple[ReturneeFact, ...] = ()
    settings: OpsSettings = field(default_factory=OpsSettings)
    # The day the gate is asked; an operation whose first day has passed cannot be confirmed.
    today: date | None = None


@dataclass(frozen=True)
class UnmetCondition:
    code: str
    message: str
    reference: str

    def __str__(self) -> str:
        return f"{self.message} ({self.reference})"


def unmet_conditions(facts: ConfirmationFacts) -> list[UnmetCondition]:
    """Every condition of confirmation that is not met, each with its reference; empty when
    the operation may be confirmed."""
    unmet: list[UnmetCondition] = []

    def add(code: str, message: object, reference: str) -> None:
        unmet.append(UnmetCondition(code=code, message=str(message), reference=reference))

    if facts.today is not None and facts.first_day < facts.today:
        add("first_day_past", _("The first day (%(day)s) has passed: set the operation's dates again before "
                                "confirming it.") % {"day": facts.first_day.isoformat()}, "")
    _check_escorts(facts, add)
    _check_monitors(facts, add)
    if not facts.returnees:
        add("returnees", _("No returnee is on the operation."), "")
    needed_languages: dict[str, list[str]] = {}
    for returnee in facts.returnees:
        for language in returnee.languages:
            needed_languages.setdefault(language, []).append(returnee.name)
        _check_returnee(returnee, add)
    for language, names in sorted(needed_languages.items()):
        if language not in facts.interpreter_languages:
            add("interpreter", _("No interpreter for %(language)s, spoken by %(names)s.") % {
                "language": language, "names": ", ".join(names)}, REF_INTERPRETER)
    return unmet


def _check_escorts(facts: ConfirmationFacts, add: AddCondition) -> None:
    last_day = facts.last_day.isoformat()
    for escort in facts.escorts:
        if not escort.certified_through_last_day:
            add("escort_certificate", _("%(name)s holds no escort certificate valid through %(day)s.") % {
                "name": escort.name, "day": last_day}, REF_CERTIFICATE)
    if not any(escort.role == "escort_leader" for escort in facts.escorts):
        add("escort_leader", _("No escort leader is named."), REF_LEADER)
    needed = required_escorts((r.risk_level for r in facts.returnees), facts.settings)
    if len(facts.escorts) < needed:
        add("staffing", _("%(needed)s escorts are needed for these returnees' risk levels; %(have)s are named.") % {
            "needed": needed, "have": len(facts.escorts)}, REF_STAFFING)


def _check_monitors(facts: ConfirmationFacts, add: AddCondition) -> None:
    independent = [m for m in facts.monitors if m.institution_kind in INDEPENDENT_KINDS]
    for monitor in facts.monitors:
        if monitor.institution_kind not in INDEPENDENT_KINDS:
            add("monitor_independent", _("%(name)s belongs to %(institution)s, a body that carries out returns: "
                                         "the monitor must come from an independent body.") % {
                "name": monitor.name, "institution": monitor.institution_name}, REF_MONITOR)
    if not facts.monitors:
        add("monitor", _("No independent monitor is assigned."), REF_MONITOR)
        return
    deadline = facts.first_day - timedelta(days=facts.settings.monitor_notice_days)
    if independent and not any(m.notified_on <= deadline for m in independent):
        add("monitor_notice", _("The monitor was not notified at least %(days)s days before the first day "
                                "(by %(deadline)s).") % {"days": facts.settings.monitor_notice_days,
                                                          "deadline": deadline.isoformat()}, REF_NOTICE)


def _check_returnee(returnee: ReturneeFact, add: AddCondition) -> None:
    name = {"name": returnee.name}
    if returnee.return_case == "none":
        add("return_case", _("%(name)s is not drawn from a return case.") % name, REF_READY)
    elif returnee.return_case == "not_ready":
        add("return_case_not_ready", _("%(name)s's return case is not ready to return through the last day "
                                       "(identified, documented, available, nothing suspensive).") % name, REF_READY)
    if not returnee.risk_level:
        add("risk_assessment", _("%(name)s has no individual risk assessment.") % name, REF_RISK)
    if not returnee.fit_to_travel:
        add("fit_to_travel", _("%(name)s has no fit-to-travel result.") % name, REF_FIT)
    elif returnee.fit_to_travel == "unfit":
        add("fit_to_travel", _("%(name)s is not fit to travel.") % name, REF_FIT)
    if not returnee.informed_of_complaints:
        add("complaints_informed", _("%(name)s is not recorded as told how to complain.") % name, REF_COMPLAINTS)
    if returnee.asylum_pending:
        add("asylum_pending", _("%(name)s has an asylum application pending.") % name, REF_ASYLUM)
    if returnee.suspensive_appeal_pending:
        add("suspensive_appeal", _("%(name)s has an appeal with suspensive effect pending.") % name, REF_APPEAL)
    if returnee.unaccompanied_child:
        if not returnee.best_interests_assessed:
            add("child_best_interests", _("%(name)s is an unaccompanied child without a best-interests "
                                          "assessment.") % name, REF_CHILD)
        if not returnee.representative_assigned:
            add("child_representative", _("%(name)s is an unaccompanied child without a representative.") % name,
                REF_CHILD)


def check_confirmation(facts: ConfirmationFacts) -> Refusal | None:
    """The gate: a refusal listing every unmet condition under its code."""
    unmet = unmet_conditions(facts)
    if not unmet:
        return None
    listed: dict[str, list[str]] = {}
    for condition in unmet:
        listed.setdefault(condition.code, []).append(str(condition))
    return Refusal(code="confirmation_refused", fields=listed,
                   message=_("The operation cannot be confirmed: %(count)s conditions are not met.") % {
                       "count": len(unmet)})


# ------------------------------------------------------------------ execution log


def check_log_entry(*, kind: str, description: str, justification: str, returnee_named: bool,
                    returnee_risk_level: str) -> Refusal | None:
    """Force and restraint only on an individual risk assessment, with its justification."""
    errors: dict[str, list[str]] = {}
    if not description.strip():
        errors["description"] = [str(_("Say what happened."))]
    if kind in FORCE_KINDS:
        if not returnee_named:
            errors["returnee"] = [str(_("Name the returnee on whom force or restraint was used."))]
        elif not returnee_risk_level:
            errors["returnee"] = [str(_("This returnee has no individual risk assessment: force or restraint "
                                        "cannot be justified by it."))]
        if len(justification.strip()) < MIN_JUSTIFICATION:
            errors["justification"] = [str(_("Give the individual-risk justification (at least %(count)s "
                                             "characters).") % {"count": MIN_JUSTIFICATION})]
    if errors:
        return Refusal(code="invalid", message=_("Some fields need attention."), reference=REF_RISK, fields=errors)
    return None


def incident_report_due(*, severity: str, occurred_at: datetime, hours: int) -> datetime | None:
    """A serious incident needs its report within the configured hours (the Serious Incident
    Report of the escort-leader curriculum)."""
    return occurred_at + timedelta(hours=hours) if severity == "serious" else None


def is_overdue(*, due: datetime | date | None, done: bool, now: datetime) -> bool:
    if due is None or done:
        return False
    if isinstance(due, datetime):
        return now > due
    return now.date() > due


# ------------------------------------------------------------------ monitoring reports


def check_report_editable(state: str) -> Refusal | None:
    if state == "draft":
        return None
    return Refusal(code="report_submitted", message=_(
        "A submitted monitoring report cannot be changed. Write a correction: a new version that names this one."))


def check_report_complete(*, sections: dict[str, str]) -> Refusal | None:
    if any(text.strip() for text in sections.values()):
        return None
    return Refusal(code="invalid", message=_("Some fields need attention."),
                   fields={"pre_return": [str(_("Write at least one phase's observations before submitting."))]})


RESPONSE_TRANSITIONS: dict[str, frozenset[str]] = {
    "open": frozenset({"accepted", "in_progress", "not_accepted"}),
    "accepted": frozenset({"in_progress", "closed"}),
    "in_progress": frozenset({"closed"}),
    "not_accepted": frozenset({"accepted", "closed"}),
    "closed": frozenset(),
}


def check_response(*, current: str, new: str, text: str) -> Refusal | None:
    if new not in RESPONSE_TRANSITIONS.get(current, frozenset()):
        return Refusal(code="invalid_transition", message=_("A recommendation cannot go from %(current)s to "
                                                            "%(new)s.") % {"current": current, "new": new},
                       fields={"status": [str(_("Choose another status."))]})
    if len(text.strip()) < MIN_RESPONSE:
        return Refusal(code="invalid", message=_("Some fields need attention."),
                       fields={"text": [str(_("Write the authority's response."))]})
    return None


REDACTED = "[…]"


def redact(text: str, terms: Iterable[str]) -> str:
    """Each term (a name, a place) replaced wherever it occurs, ignoring case; longer terms first
    so that a full name goes before its parts."""
    cleaned = sorted({t.strip() for t in terms if len(t.strip()) >= 2}, key=len, reverse=True)
    for term in cleaned:
        text = re.sub(re.escape(term), REDACTED, text, flags=re.IGNORECASE)
    return text


# ------------------------------------------------------------------ complaints


def complaint_due(*, lodged_on: date, days: int) -> date:
    return lodged_on + timedelta(days=days)


def check_complaint(*, lodged_by: str, representative_name: str, summary: str,
                    handling_kind: str) -> Refusal | None:
    errors: dict[str, list[str]] = {}
    if lodged_by == "representative" and not representative_name.strip():
        errors["representative_name"] = [str(_("Name the representative."))]
    if not summary.strip():
        errors["summary"] = [str(_("Write what the complaint is about."))]
    if handling_kind not in INDEPENDENT_KINDS:
        errors["handling_institution"] = [str(_("A complaint is handled by an independent body (ombudsman, NGO "
                                                "or international organisation)."))]
    if errors:
        return Refusal(code="invalid", message=_("Some fields need attention."), fields=errors)
    return None


def check_decision(*, decided: bool, outcome: str, reasons: str) -> Refusal | None:
    if decided:
        return Refusal(code="already_decided", message=_("This complaint is already decided."))
    if outcome not in {"upheld", "partly_upheld", "rejected", "inadmissible"}:
        return Refusal(code="invalid", message=_("Some fields need attention."),
                       fields={"outcome": [str(_("Choose an outcome."))]})
    if len(reasons.strip()) < MIN_RESPONSE:
        return Refusal(code="invalid", message=_("Some fields need attention."),
                       fields={"outcome_reasons": [str(_("Give the reasons of the decision."))]})
    return None
