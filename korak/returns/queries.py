"""Readers of return cases: pages and the API read through the policy. "Ready to return" is
computed from the records, never typed in (IRMA's Dataset 3)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from korak import policy
from korak.asylum import queries as asylum
from korak.core.refusal import Refusal, RefusedError
from korak.events.models import CaseEvent
from korak.organisations import queries as organisations
from korak.organisations.models import Institution, User
from korak.people.models import DocumentType, IdentityDocument
from korak.returns import rules
from korak.returns.models import Detention, IdentificationRequest, ReturnCase, TravelDocument


def visible_cases(*, actor: User) -> QuerySet[ReturnCase]:
    return policy.visible(actor, ReturnCase.objects.all(), "returns.view")


def list_cases(*, actor: User, state: str = "", limit: int = 50) -> list[ReturnCase]:
    found = visible_cases(actor=actor).select_related("person", "assigned_officer")
    if state:
        found = found.filter(state=state)
    return list(found.order_by("-decided_at")[:limit])


def get_case(*, actor: User, case_id: UUID) -> ReturnCase:
    return policy.get_for(actor, ReturnCase.objects.select_related("person", "institution", "assigned_officer"),
                          case_id, "returns.view")


def _identified() -> Exists:
    return Exists(IdentificationRequest.objects.filter(case=OuterRef("pk"), identified=True))


def _documented(on: date) -> Exists:
    return Exists(TravelDocument.objects.filter(case=OuterRef("pk"), issued_at__isnull=False)
                  .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on)))


# A national passport (or a travel document the country issued) recorded in the people registry
# serves as a travel document issued within the case does: it documents the person and, issued
# by the country of return, identifies them as its national.
_RETURN_DOCUMENTS = (DocumentType.PASSPORT, DocumentType.TRAVEL_DOCUMENT)


def _registry_documents(on: date) -> Q:
    return (Q(type__in=_RETURN_DOCUMENTS, valid_until__gte=on)
            & (Q(valid_from__isnull=True) | Q(valid_from__lte=on)))


def _passport(on: date) -> Exists:
    return Exists(IdentityDocument.objects.filter(_registry_documents(on), person_id=OuterRef("person_id"),
                                                  issuing_country=OuterRef("country_of_return")))


def _suspensive_pending() -> Exists:
    return Exists(asylum.pending_applications().filter(person_id=OuterRef("person_id")))


def ready_to_return(*, actor: User | None, on: date) -> QuerySet[ReturnCase]:
    """Cases whose person is identified, holds a valid travel document (issued in the case, or a
    passport of the country of return in the people registry), is available (the case
    is open: not absconded, departed or closed) and has no suspensive procedure pending: the
    same facts as rules.is_ready_to_return, as one query. With an actor, only the cases that
    actor may see; without (for the operations app's own checks), every case of the node."""
    cases = ReturnCase.objects.all() if actor is None else visible_cases(actor=actor)
    # A travel document is issued only after identity is confirmed, so it also proves identification.
    documented = _documented(on) | _passport(on)
    return (cases.filter(state__in=rules.OPEN)  # available
            .filter(_identified() | documented)  # identified
            .filter(documented)  # documented
            .exclude(_suspensive_pending()))  # nothing suspensive pending


@dataclass(frozen=True)
class Readiness:
    identified: bool
    documented: bool
    available: bool
    suspensive_pending: bool

    @property
    def ready(self) -> bool:
        return rules.is_ready_to_return(identified=self.identified, documented=self.documented,
                                        available=self.available, suspensive_pending=self.suspensive_pending)


def readiness(case: ReturnCase, *, on: date) -> Readiness:
    documented = case.travel_documents.filter(issued_at__isnull=False).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)).exists() or IdentityDocument.objects.filter(
        _registry_documents(on), person_id=case.person_id, issuing_country=case.country_of_return).exists()
    identified = documented or case.identification_requests.filter(identified=True).exists()
    return Readiness(identified=identified, documented=documented, available=case.state in rules.OPEN,
                     suspensive_pending=asylum.pending_for_person(case.person_id))


@dataclass(frozen=True)
class DetentionStatus:
    measure: Detention
    limits: rules.DetentionLimits
    alert: bool
    served_days: int


def active_measure(case: ReturnCase) -> Detention | None:
    return case.detentions.filter(ended_on__isnull=True).order_by("-started_on").first()


def detention_status(case: ReturnCase, *, on: date) -> DetentionStatus | None:
    measure = active_measure(case)
    if measure is None or measure.kind != "detention":
        return None
    earlier = list(case.detentions.filter(kind="detention", ended_on__isnull=False).exclude(pk=measure.pk)
                   .values_list("started_on", "ended_on"))
    before = sum(max((ended - started).days, 0) for started, ended in earlier if ended is not None)
    first = min((started for started, _ended in earlier), default=None)
    limits = rules.detention_limits(started_on=measure.started_on, served_days_before=before,
                                    first_started_on=first)
    return DetentionStatus(measure=measure, limits=limits, served_days=before + (on - measure.started_on).days,
                           alert=rules.detention_alert(on=on, alert_on=limits.alert_on, until=measure.until))


def detention_alerts(*, actor: User, on: date) -> list[DetentionStatus]:
    """Detentions at or past their six-month mark without an extension (Art 15(5)-(6))."""
    cases = visible_cases(actor=actor).filter(detentions__kind="detention", detentions__ended_on__isnull=True,
                                              detentions__until__lte=on).distinct()
    found = []
    for case in cases:
        status = detention_status(case, on=on)
        if status is not None and status.alert:
            found.append(status)
    return found


@dataclass(frozen=True)
class CountryResponse:
    country: str
    answered: int
    pending: int
    average_days: float | None
    reminders_due: int


def identification_response_times(*, actor: User, on: date | None = None) -> list[CountryResponse]:
    """Per country of origin: how fast identification requests were answered, how many wait,
    and how many are due a reminder (none sent, or the last one, REMINDER_AFTER_DAYS ago)."""
    now = timezone.now() if on is None else timezone.make_aware(datetime.combine(on, time(12)))
    reminder_before = now - timedelta(days=rules.REMINDER_AFTER_DAYS)
    requests = IdentificationRequest.objects.filter(case__in=visible_cases(actor=actor).values("pk"))
    totals: dict[str, list[float]] = defaultdict(list)
    pending: dict[str, int] = defaultdict(int)
    due: dict[str, int] = defaultdict(int)
    for country, sent_at, answered_at, last_reminder_at in requests.values_list(
            "country", "sent_at", "answered_at", "last_reminder_at"):
        if answered_at is not None:
            totals[country].append((answered_at - sent_at).total_seconds() / 86400)
            continue
        pending[country] += 1
        if (last_reminder_at or sent_at) <= reminder_before:
            due[country] += 1
    countries = sorted(set(totals) | set(pending))
    return [CountryResponse(country=c, answered=len(totals[c]), pending=pending[c],
                            average_days=round(sum(totals[c]) / len(totals[c]), 1) if totals[c] else None,
                            reminders_due=due[c]) for c in countries]


@dataclass(frozen=True)
class NextStep:
    step: rules.Step
    label: str
    allowed: bool


def open_items(case: ReturnCase, *, on: date) -> rules.OpenItems:
    measure = active_measure(case)
    until = case.voluntary_departure_until
    return rules.OpenItems(
        identification_pending=case.identification_requests.filter(answered_at__isnull=True).exists(),
        travel_document_pending=case.travel_documents.filter(issued_at__isnull=True).exists(),
        readmission_pending=case.readmission_requests.filter(answered_at__isnull=True).exists(),
        measure=None if measure is None else measure.kind,
        period_running=until is not None and on <= until,
    )


def next_steps(*, actor: User, case: ReturnCase) -> list[NextStep]:
    """The steps that can follow now, each marked with whether `actor` may take it."""
    items = open_items(case, on=timezone.localdate())
    return [NextStep(step=step, label=str(rules.STEP_LABELS[step]),
                     allowed=policy.can(actor, rules.STEP_ACTIONS[step], case))
            for step in rules.available_steps(case.state, items)]


def history(*, case: ReturnCase) -> list[CaseEvent]:
    return list(CaseEvent.objects.filter(case_type="returns.case", case_id=case.pk)
                .select_related("actor").order_by("occurred_at", "recorded_at"))


def opening_institution(user: User, institution_id: UUID | None) -> Institution:
    allowed = [m.institution for m in organisations.memberships_of(user)
               if policy.can(user, "returns.open", ReturnCase(institution=m.institution))]
    if institution_id is not None:
        chosen = next((i for i in allowed if i.pk == institution_id), None)
        if chosen is None:
            raise RefusedError(Refusal("invalid", _("Some fields need attention."), fields={
                "institution_id": [_("You do not decide returns for this institution.")]}))
        return chosen
    if len({i.pk for i in allowed}) != 1:
        raise RefusedError(Refusal("invalid", _("Some fields need attention."), fields={
            "institution_id": [_("Say which institution decides the return.")]}))
    return allowed[0]


def requests_of(case: ReturnCase) -> list[dict[str, Any]]:
    """Identification, travel-document and readmission requests of a case, oldest first."""
    rows: list[dict[str, Any]] = [
        {"kind": "identification", "label": _("Identification"), "country_or_agreement": str(r.country),
         "sent_at": r.sent_at, "due": None, "reminders": r.reminders, "answered_at": r.answered_at,
         "positive": r.identified}
        for r in case.identification_requests.all()]
    rows += [
        {"kind": "travel_document", "label": _("Travel document"), "country_or_agreement": str(d.country),
         "sent_at": d.requested_at, "due": d.valid_until, "reminders": 0, "answered_at": d.issued_at,
         "positive": None if d.issued_at is None else True}
        for d in case.travel_documents.all()]
    rows += [
        {"kind": "readmission", "label": _("Readmission"), "country_or_agreement": r.agreement,
         "sent_at": r.sent_at, "due": r.reply_due, "reminders": 0, "answered_at": r.answered_at,
         "positive": r.accepted}
        for r in case.readmission_requests.all()]
    return sorted(rows, key=lambda row: row["sent_at"])
