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
    return {
        "ui_languages": languages,
        "may": {
            action: policy.can(user, action)
            for action in ("people.search", "people.register", "organisations.view", "organisations.manage",
                           "audit.verify")
        },
    }
