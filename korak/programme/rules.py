"""Pure rules of the programme: registration states, completion, certificate eligibility and
status. No ORM, no I/O; dates are passed in."""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from korak.core.refusal import Refusal

# Who may move a participation where. "attended" is reached by attendance, never by hand.
TRANSITIONS: dict[str, frozenset[str]] = {
    "invited": frozenset({"registered", "waitlisted", "cancelled"}),
    "registered": frozenset({"cancelled", "attended"}),
    "waitlisted": frozenset({"registered", "cancelled"}),
    "cancelled": frozenset({"registered", "waitlisted"}),
    "attended": frozenset(),
}

SESSION_WEIGHT = {"day": Decimal(1), "am": Decimal("0.5"), "pm": Decimal("0.5")}


def check_transition(current: str, target: str) -> Refusal | None:
    if target in TRANSITIONS.get(current, frozenset()):
        return None
    return Refusal(code="participation_transition",
                   message=_("A participation that is “%(current)s” cannot become “%(target)s”.")
                   % {"current": current, "target": target})


def registration_status(*, registered: int, capacity: int | None) -> str:
    """A registration beyond the activity's places goes to the waiting list."""
    if capacity is not None and registered >= capacity:
        return "waitlisted"
    return "registered"


def check_activity(*, starts_on: date, ends_on: date, country: str, threshold: Decimal) -> Refusal | None:
    fields: dict[str, list[str]] = {}
    if ends_on < starts_on:
        fields["ends_on"] = [str(_("The activity cannot end before it starts."))]
    # "" is a regional activity (a campaign across the four countries), not a missing country.
    if country and (len(country) != 2 or not country.isalpha() or not country.isupper()):
        fields["country"] = [str(_("Give the country as a two-letter ISO code, such as BA, or none for a "
                                   "regional activity."))]
    if not Decimal(0) <= threshold <= Decimal(100):
        fields["completion_threshold"] = [str(_("The threshold is a percentage between 0 and 100."))]
    if fields:
        return Refusal(code="invalid_activity", message=_("The activity has invalid fields."), fields=fields)
    return None


def check_session(*, on: date, starts_on: date, ends_on: date) -> Refusal | None:
    if starts_on <= on <= ends_on:
        return None
    return Refusal(code="session_outside_activity", message=_("The session must fall within the activity's dates."),
                   fields={"on": [str(_("The session must fall within the activity's dates."))]})


def attendance_percent(*, attended: int, sessions: int) -> Decimal:
    """Share of the activity's sessions attended; a session attended twice is counted once upstream."""
    if sessions == 0:
        return Decimal(0)
    return (Decimal(100) * attended / sessions).quantize(Decimal("0.01"))


def completed(*, attended: int, sessions: int, threshold: Decimal) -> bool:
    """Completion = attendance at or above the activity's threshold (default 80% of sessions)."""
    return sessions > 0 and Decimal(100) * attended >= threshold * sessions


def person_days(parts: list[str]) -> Decimal:
    """A full-day session counts one person-day, a half-day session half of one."""
    return sum((SESSION_WEIGHT[part] for part in parts), Decimal(0))


def check_certificate_eligibility(*, attendance: Decimal, required_attendance: Decimal,
                                  post_test: Decimal | None, pass_mark: int) -> Refusal | None:
    """A certificate needs both: attendance at or above the curriculum's requirement and a
    post-test score at or above its pass mark."""
    fields: dict[str, list[str]] = {}
    if attendance < required_attendance:
        fields["attendance"] = [str(_("Attendance %(got)s%% is below the required %(need)s%%.")
                                    % {"got": attendance, "need": required_attendance})]
    if post_test is None:
        fields["post_test"] = [str(_("There is no post-test result."))]
    elif post_test < pass_mark:
        fields["post_test"] = [str(_("Post-test score %(got)s is below the pass mark %(need)s.")
                                   % {"got": post_test, "need": pass_mark})]
    if fields:
        return Refusal(code="certificate_not_earned",
                       message=_("The certificate cannot be issued: the curriculum's requirements are not met."),
                       fields=fields)
    return None


def add_months(day: date, months: int) -> date:
    """Same day of the month `months` later; the 31st becomes the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class CertificateFacts:
    issued_on: date
    valid_until: date
    revoked_on: date | None


def certificate_status(facts: CertificateFacts, *, on: date) -> str:
    """valid, expired, revoked or not_yet_valid on a day. Revocation wins from its date on."""
    if facts.revoked_on is not None and facts.revoked_on <= on:
        return "revoked"
    if on < facts.issued_on:
        return "not_yet_valid"
    if on > facts.valid_until:
        return "expired"
    return "valid"


def check_revocation(facts: CertificateFacts, *, reason: str) -> Refusal | None:
    if facts.revoked_on is not None:
        return Refusal(code="already_revoked", message=_("The certificate is already revoked."))
    if not reason.strip():
        return Refusal(code="reason_required", message=_("Give the reason for the revocation."),
                       fields={"reason": [str(_("This field is required."))]})
    return None


def check_renewal(facts: CertificateFacts, *, on: date) -> Refusal | None:
    """A refresher renews a certificate that is not revoked (an expired one may be renewed)."""
    if facts.revoked_on is not None:
        return Refusal(code="revoked_cannot_renew", message=_("A revoked certificate cannot be renewed."))
    if on < facts.issued_on:
        return Refusal(code="renewal_before_issue", message=_("A renewal cannot precede the certificate."))
    return None


def renewal_period(facts: CertificateFacts, *, on: date, refresher_months: int) -> tuple[date, date]:
    """A renewal made while the old certificate is valid runs on from its end, so nobody loses
    the months they renewed early; an expired one starts afresh."""
    start = on
    base = facts.valid_until if on <= facts.valid_until else on
    return start, add_months(base, refresher_months)
