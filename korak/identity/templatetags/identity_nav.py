"""`{% may_identity "identity.review" as flag %}`: whether the navigation shows an identity page."""

from typing import Any

from django import template

from korak import policy

register = template.Library()

# Only the identity pages the navigation links to: anything else is refused here too.
_NAVIGABLE = frozenset({"identity.candidates", "identity.review"})


@register.simple_tag(takes_context=True)
def may_identity(context: dict[str, Any], action: str) -> bool:
    user = getattr(context.get("request"), "user", None)
    return action in _NAVIGABLE and user is not None and policy.can(user, action)
