"""One view serves a full page or an htmx fragment (NetBox's htmx_partial)."""

from django.http import HttpRequest


def wants_fragment(request: HttpRequest) -> bool:
    """True for an htmx swap that targets part of the page, not a boosted full navigation."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not getattr(htmx, "boosted", False)
