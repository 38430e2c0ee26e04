"""The JSON API: token auth for machines, session auth for the browser, one error shape."""

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from korak.core.errors import error_body
from korak.core.refusal import RefusedError, StaleVersionError
from korak.organisations.services import user_for_token
from korak.policy import PermissionRefusedError


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Korak API",
    version="1",
    description="A Korak node's API. Writes accept an Idempotency-Key header; edits need If-Match.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
    docs_url=None,  # the interactive docs page loads its scripts from a CDN
    openapi_url="/openapi.json",
)


def _json(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
    return api.create_response(request, body, status=status)


def _field_name(location: tuple[Any, ...]) -> str:
    # ninja reports ("body", "data", "given_name"); a client knows the field as "given_name".
    parts = [str(p) for p in location if p not in ("body", "query", "path", "header", "data", "payload", "criteria")]
    return ".".join(parts) or "request"


def _message(error: dict[str, Any]) -> str:
    """pydantic speaks English only: say the same in the user's language."""
    kind, ctx = str(error.get("type", "")), error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "too_short":
        return _("This field cannot be empty.")
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return _("This field cannot be empty.")
        return _("Enter at least %(count)s characters.") % {"count": ctx.get("min_length")}
    if kind == "string_too_long":
        return _("Enter at most %(count)s characters.") % {"count": ctx.get("max_length")}
    if kind == "too_long":
        return _("Give at most %(count)s items.") % {"count": ctx.get("max_length")}
    if kind == "string_pattern_mismatch":
        return _("This value is not in the expected format (%(pattern)s).") % {"pattern": ctx.get("pattern", "")}
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Enter a whole number.")
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        return _("This number is out of range.")
    if kind in {"date_parsing", "date_from_datetime_parsing", "date_type", "date_from_datetime_inexact"}:
        return _("Enter a date as YYYY-MM-DD.")
    if kind in {"uuid_parsing", "uuid_type"}:
        return _("This is not a valid identifier.")
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    if kind == "value_error" and "control characters" in str(error.get("msg", "")):
        return _("Remove control characters (such as tabs or line breaks).")
    if kind in {"string_type", "list_type", "dict_type", "model_type", "model_attributes_type"}:
        return _("This value has the wrong type.")
    return _("This value is not valid.")


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        fields.setdefault(_field_name(tuple(error.get("loc", ()))), []).append(_message(error))
    return _json(request, 422, error_body("invalid", _("Some fields need attention."), fields))


@api.exception_handler(RefusedError)
def on_refused(request: HttpRequest, exc: RefusedError) -> HttpResponse:
    refusal = exc.refusal
    return _json(request, exc.status, error_body(refusal.code, refusal.message, refusal.fields))


@api.exception_handler(StaleVersionError)
def on_stale(request: HttpRequest, exc: StaleVersionError) -> HttpResponse:
    response = _json(request, 412, error_body(
        "stale_version", _("The record was changed by someone else. Reload it and apply your change again."),
        {"If-Match": [_("Current version: %(version)s") % {"version": exc.current_version}]},
    ))
    response["ETag"] = f'"{exc.current_version}"'
    return response


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _json(request, 404, error_body("not_found", _("Not found.")))


@api.exception_handler(PermissionRefusedError)
def on_permission_refused(request: HttpRequest, exc: PermissionRefusedError) -> HttpResponse:
    return _json(request, 403, error_body("forbidden", _("Your role does not allow this.")))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _json(request, 401, error_body("unauthenticated", _("Sign in or send a valid API token.")))


# The messages django-ninja raises itself, in English only; under DEBUG a detail follows them.
_NINJA_MESSAGES = {
    "Cannot parse request body": gettext_lazy("The request body is not valid JSON."),
    "CSRF check Failed": gettext_lazy("The CSRF check failed. Reload the page and try again."),
}


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc.message)
    for english, translated in _NINJA_MESSAGES.items():
        if message.startswith(english):
            message = str(translated) + message.removeprefix(english)
            break
    return _json(request, exc.status_code, error_body("http_error", message))


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    if settings.DEBUG:
        raise exc
    # The exception text may carry personal data: log its type only.
    import logging

    logging.getLogger("korak.api").error("Unhandled %s on %s %s", type(exc).__name__, request.method,
                                         request.resolver_match.route if request.resolver_match else "?")
    return _json(request, 500, error_body("internal", _("Something went wrong on our side.")))


def _register_routers() -> None:
    from korak.asylum.api import router as asylum_router
    from korak.identity.api import router as identity_router
    from korak.operations.api import router as operations_router
    from korak.organisations.api import router as organisations_router
    from korak.people.api import router as people_router
    from korak.programme.api import router as programme_router
    from korak.protection.api import router as protection_router
    from korak.returns.api import router as returns_router
    from korak.timelines.api import router as deadlines_router

    api.add_router("/organisations", organisations_router)
    api.add_router("/people", people_router)
    api.add_router("/identity", identity_router)
    api.add_router("/protection", protection_router)
    api.add_router("/asylum", asylum_router)
    api.add_router("/returns", returns_router)
    api.add_router("/programme", programme_router)
    api.add_router("/operations", operations_router)
    api.add_router("/deadlines", deadlines_router)


_register_routers()
