"""Idempotency-Key on API writes: the same key replays the first answer and writes one row
only; the same key with another body is refused. The key row is written in the same
transaction as the change, so a crash leaves both or neither."""

import hashlib
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from korak.core.errors import error_response
from korak.core.models import IdempotencyRecord

HEADER = "Idempotency-Key"
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
_REPLAYED_HEADERS = ("Content-Type", "ETag", "Location")
_IN_FLIGHT = 0


def _principal(request: HttpRequest) -> str | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    authorization = request.headers.get("Authorization", "")
    if authorization:
        return "token:" + hashlib.sha256(authorization.encode()).hexdigest()[:48]
    return None


def _replay(record: IdempotencyRecord, request_hash: str) -> HttpResponse:
    if record.request_hash != request_hash:
        return error_response(
            422, "idempotency_key_reused",
            _("This Idempotency-Key was already used for a different request."),
            {"Idempotency-Key": [_("Use a new key for a new request.")]},
        )
    if record.status_code == _IN_FLIGHT:
        return error_response(409, "idempotency_in_flight", _("The first request with this key is still running."))
    response = HttpResponse(bytes(record.response_body), status=record.status_code)
    for name, value in record.response_headers.items():
        response[name] = value
    response["Idempotent-Replayed"] = "true"
    return response


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER)
        if key is None or request.method not in _UNSAFE or not request.path.startswith("/api/"):
            return self.get_response(request)
        if not key or len(key) > 255 or not key.isprintable():
            return error_response(
                422, "invalid", _("The Idempotency-Key header is not valid."),
                {HEADER: [_("Give 1 to 255 printable characters.")]},
            )
        principal = _principal(request)
        if principal is None:
            return self.get_response(request)
        request_hash = hashlib.sha256(
            b"\n".join([(request.method or "").encode(), request.path.encode(), request.body])
        ).hexdigest()
        with transaction.atomic():
            existing = IdempotencyRecord.objects.select_for_update().filter(principal=principal, key=key).first()
            if existing is not None:
                return _replay(existing, request_hash)
            try:
                with transaction.atomic():
                    record = IdempotencyRecord.objects.create(
                        principal=principal, key=key, method=request.method, path=request.path[:500],
                        request_hash=request_hash, status_code=_IN_FLIGHT, response_body=b"",
                    )
            except IntegrityError:
                # A concurrent request with the same key committed first: answer as it did.
                winner = IdempotencyRecord.objects.filter(principal=principal, key=key).first()
                if winner is None:
                    return error_response(
                        409, "idempotency_in_flight", _("The first request with this key is still running.")
                    )
                return _replay(winner, request_hash)
            response = self.get_response(request)
            if response.status_code >= 500:
                # Nothing is acknowledged on a server error: roll back, so a retry can run again.
                transaction.set_rollback(True)
                return response
            record.status_code = response.status_code
            record.response_body = response.content
            record.response_headers = {h: response[h] for h in _REPLAYED_HEADERS if response.has_header(h)}
            record.save(update_fields=["status_code", "response_body", "response_headers"])
        return response
