"""`{% may_view_deadlines as flag %}`: whether the navigation shows the deadline board."""

from typing import Any

from django import template

from korak import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def may_view_deadlines(context: dict[str, Any]) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and policy.can(user, "deadlines.view")
