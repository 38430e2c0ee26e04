"""The asylum procedure as a table a lawyer can read in one screen, and its guards.
Pure: no ORM, no I/O; time comes in as an argument."""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from korak.core.refusal import Refusal


class State(StrEnum):
    INTENTION_EXPRESSED = "intention_expressed"
    REGISTERED = "registered"
    LODGED = "lodged"
    IN_EXAMINATION = "in_examination"
    DECIDED = "decided"
    NOTIFIED = "notified"
    APPEALED = "appealed"
    APPEAL_DECIDED = "appeal_decided"
    FINAL = "final"
    WITHDRAWN = "withdrawn"


class Step(StrEnum):
    REGISTER = "register"
    LODGE = "lodge"
    ADMIT = "admit"
    DECLARE_INADMISSIBLE = "declare_inadmissible"
    ASSIGN_PROCEDURE = "assign_procedure"
    EXTEND_EXAMINATION = "extend_examination"
    SCHEDULE_INTERVIEW = "schedule_interview"
    HOLD_INTERVIEW = "hold_interview"
    DECIDE = "decide"
    NOTIFY = "notify"
    APPEAL = "appeal"
    UPHOLD_APPEAL = "uphold_appeal"
    DISMISS_APPEAL = "dismiss_appeal"
    MAKE_FINAL = "make_final"
    WITHDRAW = "withdraw"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[State]
    target: State | None  # None: the case stays in its state
    event: str


def _from(*states: State) -> frozenset[State]:
    return frozenset(states)


S = State
OPEN_BEFORE_DECISION = _from(S.INTENTION_EXPRESSED, S.REGISTERED, S.LODGED, S.IN_EXAMINATION)

# step                      may follow                               leads to            writes the event
TRANSITIONS: dict[Step, Transition] = {
    Step.REGISTER:           Transition(_from(S.INTENTION_EXPRESSED), S.REGISTERED,     "asylum.registered"),
    Step.LODGE:              Transition(_from(S.REGISTERED),          S.LODGED,         "asylum.lodged"),
    Step.ADMIT:              Transition(_from(S.LODGED),              S.IN_EXAMINATION, "asylum.admissibility_decided"),
    Step.DECLARE_INADMISSIBLE: Transition(_from(S.LODGED),            S.DECIDED,        "asylum.admissibility_decided"),
    Step.ASSIGN_PROCEDURE:   Transition(_from(S.LODGED, S.IN_EXAMINATION), None,        "asylum.procedure_assigned"),
    Step.EXTEND_EXAMINATION: Transition(_from(S.IN_EXAMINATION),      None,             "asylum.examination_extended"),
    Step.SCHEDULE_INTERVIEW: Transition(_from(S.LODGED, S.IN_EXAMINATION), None,        "asylum.interview_scheduled"),
    Step.HOLD_INTERVIEW:     Transition(_from(S.LODGED, S.IN_EXAMINATION), None,        "asylum.interview_held"),
    Step.DECIDE:             Transition(_from(S.IN_EXAMINATION),      S.DECIDED,        "asylum.decided"),
    Step.NOTIFY:             Transition(_from(S.DECIDED),             S.NOTIFIED,       "asylum.notified"),
    Step.APPEAL:             Transition(_from(S.NOTIFIED),            S.APPEALED,       "asylum.appeal_lodged"),
    Step.UPHOLD_APPEAL:      Transition(_from(S.APPEALED),            S.IN_EXAMINATION, "asylum.appeal_decided"),
    Step.DISMISS_APPEAL:     Transition(_from(S.APPEALED),            S.APPEAL_DECIDED, "asylum.appeal_decided"),
    Step.MAKE_FINAL:         Transition(_from(S.NOTIFIED, S.APPEAL_DECIDED), S.FINAL,   "asylum.final"),
    Step.WITHDRAW:           Transition(OPEN_BEFORE_DECISION | {S.APPEALED}, S.WITHDRAWN, "asylum.withdrawn"),
}

STEP_LABELS: dict[Step, object] = {
    Step.REGISTER: _("Register the application"), Step.LODGE: _("Record the lodging"),
    Step.ADMIT: _("Declare admissible"), Step.DECLARE_INADMISSIBLE: _("Declare inadmissible"),
    Step.ASSIGN_PROCEDURE: _("Assign a procedure"), Step.EXTEND_EXAMINATION: _("Extend the examination"),
    Step.SCHEDULE_INTERVIEW: _("Schedule the interview"), Step.HOLD_INTERVIEW: _("Record the interview"),
    Step.DECIDE: _("Decide"), Step.NOTIFY: _("Record the notification"), Step.APPEAL: _("Record an appeal"),
    Step.UPHOLD_APPEAL: _("Appeal upheld"), Step.DISMISS_APPEAL: _("Appeal dismissed"),
    Step.MAKE_FINAL: _("Decision is final"), Step.WITHDRAW: _("Record a withdrawal"),
}

# Which permission each step needs: decisions are kept apart from procedural steps.
STEP_ACTIONS: dict[Step, str] = {step: "asylum.act" for step in Step} | {
    Step.ADMIT: "asylum.decide", Step.DECLARE_INADMISSIBLE: "asylum.decide", Step.DECIDE: "asylum.decide",
    Step.UPHOLD_APPEAL: "asylum.decide", Step.DISMISS_APPEAL: "asylum.decide", Step.MAKE_FINAL: "asylum.decide",
}

OUTCOMES = frozenset({"refugee_status", "subsidiary_protection", "inadmissible", "rejected",
                      "manifestly_unfounded", "discontinued"})
PROTECTION_GRANTED = frozenset({"refugee_status", "subsidiary_protection"})
# The outcomes `decide` may give; inadmissibility has its own step.
MERITS_OUTCOMES = OUTCOMES - {"inadmissible"}
PROCEDURES = frozenset({"regular", "accelerated", "border"})
EXTENSION_REASONS = frozenset({"complex_case", "large_number_of_applications", "applicant_delay"})


def allowed_steps(state: str) -> list[Step]:
    """The steps that may follow `state`, in the order of the table."""
    return [step for step, transition in TRANSITIONS.items() if state in transition.sources]


def check_transition(state: str, step: Step) -> Refusal | None:
    if state in TRANSITIONS[step].sources:
        return None
    return Refusal(code="step_not_allowed",
                   message=_("This step does not follow the application's current state."))


def next_state(state: str, step: Step) -> str:
    target = TRANSITIONS[step].target
    return state if target is None else target.value


def is_pending(state: str, *, suspensive_appeal: bool) -> bool:
    """Whether the applicant has the right to remain: from the intention until the decision is
    final, except while only a non-suspensive appeal is pending (Dir 2013/32/EU Art 9(1), 46(5)-(6))."""
    if state in {State.FINAL, State.WITHDRAWN}:
        return False
    if state == State.APPEALED:
        return suspensive_appeal
    return True


def check_appeal(outcome: str) -> Refusal | None:
    if outcome in PROTECTION_GRANTED:
        return Refusal(code="nothing_to_appeal", message=_("A grant of protection is not appealed here."),
                       fields={"outcome": [str(_("The decision granted protection."))]})
    return None


def check_interview(*, requested_sex: str, interviewer_sex: str, interpreter_language: str,
                    applicant_languages: tuple[str, ...]) -> Refusal | None:
    """The interview safeguards: an interviewer of the sex the applicant asked for, and an
    interpreter in a language the applicant understands (Dir 2013/32/EU Art 15(3)(b)-(c))."""
    fields: dict[str, list[str]] = {}
    if requested_sex and interviewer_sex != requested_sex:
        fields["interviewer_sex"] = [str(_("The applicant asked for an interviewer of another sex."))]
    if interpreter_language and applicant_languages and interpreter_language not in applicant_languages:
        fields["interpreter_language"] = [str(_("The applicant does not speak this language."))]
    if fields:
        reference = "Dir 2013/32/EU Art 15(3)(b)-(c)"
        return Refusal(code="interview_safeguard", reference=reference, fields=fields, message=format_lazy(
            "{name} ({reference}): {reason}", name=_("Interview safeguards"), reference=reference,
            reason=_("the interview must respect the applicant's requests.")))
    return None
