"""Readers of asylum applications. Pages and the API read through the policy; the two facts
other apps need (is an application pending? was protection granted?) say only yes or no."""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from korak import policy
from korak.asylum import rules
from korak.asylum.models import Appeal, Application
from korak.core.refusal import Refusal, RefusedError
from korak.events.models import CaseEvent
from korak.organisations import queries as organisations
from korak.organisations.models import Institution, User

_CLOSED = (rules.State.FINAL, rules.State.WITHDRAWN, rules.State.APPEALED)


def pending_applications() -> QuerySet[Application]:
    """Applications that give the right to remain (rules.is_pending, as a filter)."""
    suspensive = Exists(Appeal.objects.filter(application=OuterRef("pk"), suspensive=True, decided_at__isnull=True))
    return Application.objects.filter(~Q(state__in=_CLOSED) | (Q(state=rules.State.APPEALED) & suspensive))


def pending_for_person(person_id: UUID) -> bool:
    """For returns and operations: does any application or suspensive appeal of this person
    stand in the way of a removal? Not policy-filtered on purpose: the safeguard must see every
    application of the node, whoever examines it."""
    return pending_applications().filter(person_id=person_id).exists()


def protection_granted_for_person(person_id: UUID) -> bool:
    return Application.objects.filter(person_id=person_id, state=rules.State.FINAL,
                                      outcome__in=rules.PROTECTION_GRANTED).exists()


def visible_applications(*, actor: User) -> QuerySet[Application]:
    return policy.visible(actor, Application.objects.all(), "asylum.view")


def list_applications(*, actor: User, state: str = "", limit: int = 50) -> list[Application]:
    found = visible_applications(actor=actor).select_related("person", "assigned_officer")
    if state:
        found = found.filter(state=state)
    return list(found.order_by("-intention_at")[:limit])


def get_application(*, actor: User, application_id: UUID) -> Application:
    return policy.get_for(actor, Application.objects.select_related("person", "institution", "assigned_officer"),
                          application_id, "asylum.view")


@dataclass(frozen=True)
class NextStep:
    step: rules.Step
    label: str
    allowed: bool  # the user holds the permission the step needs


def next_steps(*, actor: User, application: Application) -> list[NextStep]:
    return [NextStep(step=step, label=str(rules.STEP_LABELS[step]),
                     allowed=policy.can(actor, rules.STEP_ACTIONS[step], application))
            for step in rules.allowed_steps(application.state)]


def history(*, application: Application) -> list[CaseEvent]:
    """The case's events, oldest first (the caller has fetched the application through the policy)."""
    return list(CaseEvent.objects.filter(case_type="asylum.application", case_id=application.pk)
                .select_related("actor").order_by("occurred_at", "recorded_at"))


def opening_institution(user: User, institution_id: UUID | None) -> Institution:
    """The institution the user opens the case for: the one named, or their only one."""
    allowed = [m.institution for m in organisations.memberships_of(user)
               if policy.can(user, "asylum.open", Application(institution=m.institution))]
    if institution_id is not None:
        chosen = next((i for i in allowed if i.pk == institution_id), None)
        if chosen is None:
            raise RefusedError(Refusal("invalid", _("Some fields need attention."), fields={
                "institution_id": [_("You do not open applications for this institution.")]}))
        return chosen
    if len({i.pk for i in allowed}) != 1:
        raise RefusedError(Refusal("invalid", _("Some fields need attention."), fields={
            "institution_id": [_("Say which institution examines the application.")]}))
    return allowed[0]
