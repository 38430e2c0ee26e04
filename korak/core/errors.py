"""The one JSON error shape of the API (DESIGN.md §5): {"error": {"code", "message", "fields"}}."""

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _


def error_body(code: str, message: str | Promise, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}


def error_response(
    status: int, code: str, message: str | Promise, fields: dict[str, list[str]] | None = None
) -> HttpResponse:
    return HttpResponse(
        json.dumps(error_body(code, message, fields)), status=status, content_type="application/json"
    )


class ApiErrorShapeMiddleware:
    """Some API refusals never reach the API's exception handlers: a path no route matches
    (Django's 404 page) and a method a route does not take (django-ninja's plain-text 405).
    Under /api/ they get the one error shape too, never an HTML page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (not request.path.startswith("/api/") or not 400 <= response.status_code < 500
                or response.get("Content-Type", "").startswith("application/json")):
            return response
        if response.status_code == 404:
            shaped = error_response(404, "not_found", _("Not found."))
        elif response.status_code == 405:
            shaped = error_response(405, "method_not_allowed", _("This method is not allowed here."))
            shaped["Allow"] = response.get("Allow", "")
        else:
            shaped = error_response(response.status_code, "http_error", response.reason_phrase)
        return shaped
