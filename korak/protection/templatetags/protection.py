"""`{% protection_notice person %}`: the line on the person's page that links to the protection
panel. A template tag, so the people app never imports protection (DESIGN.md §2 arrows)."""

from typing import Any

from django import template

from korak import policy
from korak.protection.models import Screening

register = template.Library()


@register.inclusion_tag("protection/_notice.html", takes_context=True)
def protection_notice(context: dict[str, Any], person: Any) -> dict[str, Any]:
    user = context["request"].user
    if not policy.can(user, "protection.view", person):
        return {"show": False}
    # The plain flag of the latest screening: no category is decrypted to draw this line.
    latest = (Screening.objects.filter(person_id=person.pk).order_by("-screened_at", "-created_at")
              .values_list("needs_found", flat=True).first())
    return {"show": True, "person": person, "screened": latest is not None, "apply": bool(latest)}
