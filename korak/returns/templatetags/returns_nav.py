"""`{% may_view_returns as flag %}`: whether the navigation shows the return cases."""

from typing import Any

from django import template

from korak import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def may_view_returns(context: dict[str, Any]) -> bool:
    user = getattr(context.get("request"), "user", None)
    return user is not None and policy.can(user, "returns.view")
