from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from korak.core.views import forbidden
from korak.policy.core import PermissionRefusedError


class PolicyRefusalMiddleware:
    """A refused page: sign in first if anonymous, otherwise a plain 403."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, PermissionRefusedError):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return forbidden(request)
