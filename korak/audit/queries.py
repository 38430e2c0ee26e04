from collections.abc import Iterator

from korak.audit import chain
from korak.audit.models import AuditEntry


def _rows() -> Iterator[chain.ChainRow]:
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=5000):
        yield chain.ChainRow(
            seq=entry.seq, occurred_at=entry.occurred_at, actor=entry.actor, institution=entry.institution,
            action=entry.action, object_type=entry.object_type, object_id=entry.object_id,
            details=entry.details, prev_hash=entry.prev_hash, hash=entry.hash,
        )


def verify_chain() -> chain.Verdict:
    return chain.verify(_rows())


def entries_for(*, object_type: str, object_id: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type=object_type, object_id=object_id).order_by("seq"))
