from typing import Any

from django.conf import settings
from django.http import HttpRequest

from korak import policy


def membership(request: HttpRequest) -> dict[str, Any]:
    """What every page needs to draw the navigation: only the links the user may follow."""
    user = getattr(request, "user", None)
    languages = [(code, name) for code, name in settings.LANGUAGES if code in settings.KORAK_UI_LANGUAGES]
    if user is None or not user.is_authenticated:
        return {"ui_languages": languages}
    # Nested by area: the template language reads `may.people.search` as two lookups, so a flat
    # key "people.search" would never match and the navigation would stay empty.
    may: dict[str, dict[str, bool]] = {}
    for action in ("people.search", "people.register", "organisations.view", "organisations.manage",
                   "audit.verify", "operations.read", "protection.partner"):
        area, verb = action.split(".")
        may.setdefault(area, {})[verb] = policy.can(user, action)
    return {"ui_languages": languages, "may": may}
