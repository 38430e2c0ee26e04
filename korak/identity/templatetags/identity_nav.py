"""`{% may_identity "identity.review" as flag %}`: whether the navigation shows an identity page."""

from typing import Any

from django import template

from korak import policy
from korak.identity import review

register = template.Library()

# Only the identity pages the navigation links to: anything else is refused here too.
_NAVIGABLE = frozenset({"identity.candidates", "identity.review"})


@register.simple_tag(takes_context=True)
def may_identity(context: dict[str, Any], action: str) -> bool:
    user = getattr(context.get("request"), "user", None)
    return action in _NAVIGABLE and user is not None and policy.can(user, action)


@register.inclusion_tag("identity/_person_merges.html", takes_context=True)
def person_merges(context: dict[str, Any], person: Any) -> dict[str, Any]:
    """On a person's page, for a reviewer: the record kept if this one was merged into it, how
    many records were merged into this one, and a link to the merge history."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not policy.can(user, "identity.review"):
        return {"shown": False}
    in_force = list(review.merges(user, person_id=person.pk, open_only=True))
    merged_into = next((merge for merge in in_force if merge.merged_id == person.pk), None)
    kept = sum(merge.survivor_id == person.pk for merge in in_force)
    any_merge = bool(in_force) or review.merges(user, person_id=person.pk).exists()
    return {"shown": any_merge, "person": person, "merged_into": merged_into, "kept": kept}
