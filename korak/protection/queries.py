"""The readers of protection records.

Two kinds, kept apart on purpose:
- Guards for other apps (asylum, returns, operations): `guarantees_for`, `return_safeguards`
  and their bulk forms. They answer with what a procedure must do (guarantees, the child
  safeguards a return needs) and never with a category or a narrative, so they take no actor:
  the calling service has already checked its own policy and audits its own action.
- Readers for people: `panel_for` (what a user may see about a person) and the referral
  readers. Categories, narratives and reasoning reach only those with need-to-know
  (korak.protection.access), and every such read writes an audit entry."""

from collections.abc import Iterable
from datetime import date
from uuid import UUID

from django.utils import timezone

from korak.protection import rules
from korak.protection.models import BestInterestsAssessment, Representative, Screening
from korak.protection.rules import ChildSafeguards, Guarantees

__all__ = ["ChildSafeguards", "Guarantees", "guarantees_for", "guarantees_for_many", "return_safeguards",
           "return_safeguards_for"]


def _latest_categories(person_ids: Iterable[UUID]) -> dict[UUID, frozenset[rules.Category]]:
    """The categories of each person's latest screening (none screened: no entry)."""
    found: dict[UUID, frozenset[rules.Category]] = {}
    rows = (Screening.objects.filter(person_id__in=set(person_ids))
            .order_by("person_id", "-screened_at", "-created_at")
            .values_list("person_id", "categories"))
    for person_id, stored in rows:
        if person_id not in found:
            found[person_id] = rules.parse_categories(stored or "")
    return found


def guarantees_for(person_id: UUID) -> Guarantees:
    """The special procedural guarantees that apply to the person now (from the latest screening)."""
    return guarantees_for_many([person_id])[person_id]


def guarantees_for_many(person_ids: Iterable[UUID]) -> dict[UUID, Guarantees]:
    ids = list(person_ids)
    categories = _latest_categories(ids)
    return {person_id: rules.guarantees(categories.get(person_id, frozenset())) for person_id in ids}


def return_safeguards(person_id: UUID, *, on: date | None = None) -> ChildSafeguards:
    """For a return step: is the person an unaccompanied child, and if so, are the best-interests
    assessment and a guardian or representative in place (Dir 2008/115 Art 10)?
    `ChildSafeguards.refusal_to_return()` gives the guard's refusal."""
    return return_safeguards_for([person_id], on=on)[person_id]


def return_safeguards_for(person_ids: Iterable[UUID], *, on: date | None = None) -> dict[UUID, ChildSafeguards]:
    """The same for many persons in four queries (an operation's returnees)."""
    ids = list(dict.fromkeys(person_ids))
    today = on or timezone.localdate()
    categories = _latest_categories(ids)
    assessed = set(BestInterestsAssessment.objects.filter(person_id__in=ids, assessed_on__lte=today)
                   .values_list("person_id", flat=True))
    represented = set(
        Representative.objects.filter(person_id__in=ids, appointed_on__lte=today)
        .exclude(ended_on__lt=today).values_list("person_id", flat=True)
    )
    return {
        person_id: ChildSafeguards(
            unaccompanied_child=rules.Category.UNACCOMPANIED_CHILD in categories.get(person_id, frozenset()),
            best_interests_assessed=person_id in assessed,
            representative_assigned=person_id in represented,
        )
        for person_id in ids
    }
