"""The one JSON error shape of the API (DESIGN.md §5): {"error": {"code", "message", "fields"}}."""

import json
from typing import Any

from django.http import HttpResponse
from django.utils.functional import Promise


def error_body(code: str, message: str | Promise, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}


def error_response(
    status: int, code: str, message: str | Promise, fields: dict[str, list[str]] | None = None
) -> HttpResponse:
    return HttpResponse(
        json.dumps(error_body(code, message, fields)), status=status, content_type="application/json"
    )
