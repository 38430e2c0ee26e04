"""The hash chain, pure: h_i = SHA-256(h_{i-1} || canonical(row_i)).

It catches a row changed, deleted or inserted out of order; it cannot catch the last rows
cut off together (Crosby & Wallach 2009), which needs a checkpoint kept outside the database."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

GENESIS = "0" * 64


@dataclass(frozen=True)
class ChainRow:
    seq: int
    occurred_at: datetime
    actor: str
    institution: str
    action: str
    object_type: str
    object_id: str
    details: dict[str, Any]
    prev_hash: str
    hash: str


def canonical(
    *, seq: int, occurred_at: datetime, actor: str, institution: str, action: str,
    object_type: str, object_id: str, details: dict[str, Any],
) -> bytes:
    payload = [seq, occurred_at.isoformat(timespec="microseconds"), actor, institution, action,
               object_type, object_id, details]
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def link(prev_hash: str, body: bytes) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + body).hexdigest()


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    bad_seq: int | None = None
    reason: str = ""


def verify(rows: Iterable[ChainRow]) -> Verdict:
    """Walk the rows in seq order; name the first row that breaks the chain."""
    expected_prev = GENESIS
    expected_seq = 1
    checked = 0
    for row in rows:
        if row.seq != expected_seq:
            reason = (_("row %(seq)s is missing (deleted?)") % {"seq": expected_seq} if row.seq > expected_seq
                      else _("row %(seq)s is out of order") % {"seq": row.seq})
            return Verdict(False, checked, bad_seq=expected_seq if row.seq > expected_seq else row.seq, reason=reason)
        if row.prev_hash != expected_prev:
            return Verdict(False, checked, bad_seq=row.seq,
                           reason=_("row %(seq)s does not follow row %(previous)s (inserted or reordered?)") % {
                               "seq": row.seq, "previous": row.seq - 1})
        body = canonical(seq=row.seq, occurred_at=row.occurred_at, actor=row.actor, institution=row.institution,
                         action=row.action, object_type=row.object_type, object_id=row.object_id,
                         details=row.details)
        if link(row.prev_hash, body) != row.hash:
            return Verdict(False, checked, bad_seq=row.seq,
                           reason=_("row %(seq)s was changed after it was written") % {"seq": row.seq})
        expected_prev = row.hash
        expected_seq += 1
        checked += 1
    return Verdict(True, checked)
