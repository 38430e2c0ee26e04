from uuid import UUID

from korak.events.models import CaseEvent


def events_for(*, case_type: str, case_id: UUID) -> list[CaseEvent]:
    return list(CaseEvent.objects.filter(case_type=case_type, case_id=case_id).order_by("recorded_at"))
