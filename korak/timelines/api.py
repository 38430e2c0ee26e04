"""The deadline board and a case's deadlines, read-only, through the policy."""

from typing import Any
from uuid import UUID

from django.utils import timezone
from ninja import Query, Router

from korak import policy
from korak.core.schemas import errors
from korak.organisations.http import AuthedRequest
from korak.timelines import queries
from korak.timelines.models import Deadline
from korak.timelines.schemas import BoardOut, BoardQuery, DeadlineDetailOut, DeadlineOut

router = Router(tags=["deadlines"])


def _out(deadline: Deadline) -> dict[str, Any]:
    return {field: getattr(deadline, field) for field in DeadlineOut.model_fields}


@router.get("/board", response={200: BoardOut, **errors(400, 401, 403, 422)},
            summary="Overdue deadlines and those due within the next days, per officer and institution")
@policy.requires(queries.BOARD_ACTION)
def board(request: AuthedRequest, criteria: Query[BoardQuery]) -> dict[str, Any]:
    result = queries.board(actor=request.user, now=timezone.now(), limit=criteria.limit, criteria=queries.BoardFilter(
        institution=criteria.institution, officer=criteria.officer, rule=criteria.rule,
        case_kind=criteria.case_kind, status=criteria.status, days=criteria.days))
    return {
        "now": result.now, "until": result.until, "overdue_total": result.overdue_total,
        "due_soon_total": result.due_soon_total, "overdue": [_out(d) for d in result.overdue],
        "due_soon": [_out(d) for d in result.due_soon],
        "per_officer": [vars(entry) for entry in result.per_officer],
    }


@router.get("/cases/{case_id}", response={200: list[DeadlineOut], **errors(400, 401, 403, 422)},
            summary="The deadlines of one case that you may see")
@policy.requires(queries.BOARD_ACTION)
def case_deadlines(request: AuthedRequest, case_id: UUID) -> list[dict[str, Any]]:
    return [_out(d) for d in queries.visible_for_case(actor=request.user, case_id=case_id)]


@router.get("/{deadline_id}", response={200: DeadlineDetailOut, **errors(400, 401, 403, 404, 422)},
            summary="One deadline with its explanation")
@policy.requires(queries.BOARD_ACTION)
def deadline_detail(request: AuthedRequest, deadline_id: UUID) -> dict[str, Any]:
    deadline = policy.get_for(request.user, Deadline, deadline_id, queries.BOARD_ACTION)
    return _out(deadline) | {"explanation": queries.explanation(deadline)}
