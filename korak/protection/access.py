"""Who has need-to-know of a person's protection data (categories, narratives, reasoning,
consents and referrals):

- a protection officer of the institution that registered the person; and
- the person's assigned case officer in that institution. Until asylum and returns assign
  officers to cases, "assigned" means the case officer who registered the person or who
  recorded a screening of them.

Everyone else who may see the person sees only whether special procedural guarantees apply,
and which (korak.protection.queries.panel_for)."""

from korak import policy
from korak.organisations.models import User
from korak.people.models import Person
from korak.protection.models import Screening


def is_assigned(user: User, person: Person) -> bool:
    if person.registered_by_id == user.pk:
        return True
    return Screening.objects.filter(person=person, screened_by=user).exists()


def has_need_to_know(user: User, person: Person) -> bool:
    if policy.can(user, "protection.sensitive", person):
        return True
    return policy.can(user, "protection.sensitive_assigned", person) and is_assigned(user, person)
