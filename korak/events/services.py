from datetime import datetime
from typing import Any
from uuid import UUID

from korak.events.models import CaseEvent
from korak.organisations.models import Institution, User


def record_event(
    *, type: str, case_type: str, case_id: UUID, actor: User, institution: Institution,
    occurred_at: datetime, recorded_at: datetime, payload: dict[str, Any] | None = None,
    corrects: CaseEvent | None = None,
) -> CaseEvent:
    """Append a case event; call it inside the service's transaction."""
    return CaseEvent.objects.create(
        type=type, case_type=case_type, case_id=case_id, actor=actor, institution=institution,
        occurred_at=occurred_at, recorded_at=recorded_at, payload=payload or {}, corrects=corrects,
    )
