"""Who has need-to-know of a person's protection data (categories, narratives, reasoning,
consents and referrals):

- a protection officer of the institution that registered the person; and
- the person's assigned case officer in that institution. Until asylum and returns assign
  officers to cases, "assigned" means the case officer who registered the person. (Not
  "who screened them": a case officer could then make themselves assigned with one empty
  screening and read every earlier narrative. Screening needs need-to-know in the first place.)

Everyone else who may see the person sees only whether special procedural guarantees apply,
and which (korak.protection.queries.panel_for)."""

from korak import policy
from korak.organisations.models import User
from korak.people.models import Person


def is_assigned(user: User, person: Person) -> bool:
    return bool(person.registered_by_id == user.pk)


def has_need_to_know(user: User, person: Person) -> bool:
    if policy.can(user, "protection.sensitive", person):
        return True
    return policy.can(user, "protection.sensitive_assigned", person) and is_assigned(user, person)
