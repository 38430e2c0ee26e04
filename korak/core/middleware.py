"""Session lifetime and cache rules that every page inherits."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

_STARTED = "korak_session_started"


class SessionLifetimeMiddleware:
    """Ends a session after its absolute lifetime, however active it is (ASVS V7.3.2).
    The idle timeout is SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        started = session.get(_STARTED)
        now = int(time.time())
        if started is None:
            if session.session_key is not None or session.modified:
                session[_STARTED] = now
        elif now - int(started) > settings.KORAK_SESSION_ABSOLUTE_SECONDS:
            logout(request)
        return self.get_response(request)


def mark_session_start(request: HttpRequest) -> None:
    request.session[_STARTED] = int(time.time())


class NoStoreForAuthenticatedMiddleware:
    """Pages shown to a signed-in user carry personal data: no cache may keep them
    (ASVS V14.3.2), so Back after logout shows nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith("/api/"):
            response["Cache-Control"] = "no-store"
        return response
