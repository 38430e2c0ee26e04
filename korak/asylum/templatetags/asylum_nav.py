"""`{% may_view_asylum as flag %}`: whether the navigation shows the asylum applications."""

from typing import Any

from django import template

from korak import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def may_view_asylum(context: dict[str, Any]) -> bool:
    user = getattr(context.get("request"), "user", None)
    return user is not None and policy.can(user, "asylum.view")
