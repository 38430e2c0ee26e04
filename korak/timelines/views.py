from dataclasses import dataclass
from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from korak import policy
from korak.organisations import queries as organisations
from korak.organisations.http import AuthedRequest
from korak.organisations.models import Institution
from korak.timelines import chart, queries
from korak.timelines.forms import BoardFilterForm
from korak.timelines.models import Deadline
from korak.timelines.queries import BOARD_ACTION, BoardFilter


@dataclass(frozen=True)
class Row:
    deadline: Deadline
    officer_name: str
    institution_name: str


def _board_institutions(request: AuthedRequest) -> list[Institution]:
    seen: dict[UUID, Institution] = {}
    for membership in organisations.memberships_of(request.user):
        if policy.can(request.user, BOARD_ACTION, Deadline(institution=membership.institution)):
            seen.setdefault(membership.institution.pk, membership.institution)
    return list(seen.values())


@policy.requires(BOARD_ACTION)
def deadline_board(request: AuthedRequest) -> HttpResponse:
    """Filters travel in the query string: ids and rule names only, never personal data."""
    institutions = _board_institutions(request)
    form = BoardFilterForm(request.GET or None, institutions=institutions)
    criteria = form.criteria(user_id=request.user.pk) if form.is_bound and form.is_valid() else BoardFilter()
    result = queries.board(actor=request.user, criteria=criteria, now=timezone.now())
    officers = {entry.officer_id: entry.officer_name for entry in result.per_officer}
    names = {i.pk: i.short_name or i.name for i in institutions}

    def rows(deadlines: list[Deadline]) -> list[Row]:
        return [Row(d, officers.get(d.officer_id, ""), names.get(d.institution_id, "")) for d in deadlines]

    per_officer = [(entry, names.get(entry.institution_id, "")) for entry in result.per_officer]
    return render(request, "timelines/board.html", {
        "form": form, "board": result, "criteria": criteria, "overdue": rows(result.overdue),
        "due_soon": rows(result.due_soon), "per_officer": per_officer,
        "chart": chart.bars(overdue=result.overdue_total, per_day=result.per_day, overdue_label=_("Overdue")),
    })


@policy.requires(BOARD_ACTION)
def deadline_detail(request: AuthedRequest, deadline_id: UUID) -> HttpResponse:
    deadline = policy.get_for(request.user, Deadline.objects.select_related("institution", "officer",
                                                                            "start_event"),
                              deadline_id, BOARD_ACTION)
    return render(request, "timelines/detail.html", {
        "deadline": deadline, "explanation": queries.explanation(deadline), "now": timezone.now(),
    })
