"""The only writer of the audit log. Called inside the caller's transaction, so the entry
commits with the change it records or not at all."""

from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from korak.audit import chain
from korak.audit.models import AuditEntry

# Any fixed number: every node's writers agree on it to serialise appends on PostgreSQL.
_ADVISORY_LOCK_KEY = 0x4B6F72616B


def _lock_chain() -> None:
    # Two writers appending at once would fork the chain; PostgreSQL serialises them with a
    # transaction-scoped advisory lock. SQLite's IMMEDIATE transactions already serialise writers.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])


def record(
    *, actor: str, institution: str, action: str, object_type: str, object_id: str,
    details: dict[str, Any] | None = None, occurred_at: datetime | None = None,
) -> AuditEntry:
    """Append one entry. `details` must hold no personal data: field names, versions, counts."""
    with transaction.atomic():
        _lock_chain()
        last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, chain.GENESIS)
        when = occurred_at or timezone.now()
        payload = details or {}
        body = chain.canonical(seq=seq, occurred_at=when, actor=actor, institution=institution, action=action,
                               object_type=object_type, object_id=object_id, details=payload)
        return AuditEntry.objects.create(
            seq=seq, occurred_at=when, actor=actor, institution=institution, action=action,
            object_type=object_type, object_id=object_id, details=payload,
            prev_hash=prev_hash, hash=chain.link(prev_hash, body),
        )
