from dataclasses import dataclass
from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from korak import policy
from korak.organisations import queries as organisations
from korak.organisations.http import AuthedRequest
from korak.organisations.models import Institution
from korak.timelines import chart, queries
from korak.timelines.forms import BoardFilterForm
from korak.timelines.models import Deadline
from korak.timelines.queries import BOARD_ACTION, BoardFilter

PAGE_ROWS = 50


@dataclass(frozen=True)
class Row:
    deadline: Deadline
    officer_name: str
    institution_name: str
    case_ref: str


def _board_institutions(request: AuthedRequest) -> list[Institution]:
    seen: dict[UUID, Institution] = {}
    for membership in organisations.memberships_of(request.user):
        if policy.can(request.user, BOARD_ACTION, Deadline(institution=membership.institution)):
            seen.setdefault(membership.institution.pk, membership.institution)
    return list(seen.values())


def _more(total: int, shown: int) -> str:
    if total <= shown:
        return ""
    return ngettext("The %(shown)s most urgent of %(total)s are shown; narrow the filters to see the others.",
                    "The %(shown)s most urgent of %(total)s are shown; narrow the filters to see the others.",
                    total) % {"shown": shown, "total": total}


@policy.requires(BOARD_ACTION)
def deadline_board(request: AuthedRequest) -> HttpResponse:
    """Filters travel in the query string: ids and rule names only, never personal data."""
    institutions = _board_institutions(request)
    form = BoardFilterForm(request.GET or None, institutions=institutions)
    criteria = form.criteria(user_id=request.user.pk) if form.is_bound and form.is_valid() else BoardFilter()
    result = queries.board(actor=request.user, criteria=criteria, now=timezone.now(), limit=PAGE_ROWS)
    officers = {entry.officer_id: entry.officer_name for entry in result.per_officer}
    names = {i.pk: i.short_name or i.name for i in institutions}

    def rows(deadlines: list[Deadline]) -> list[Row]:
        return [Row(d, officers.get(d.officer_id, ""), names.get(d.institution_id, ""), str(d.case_id)[:8])
                for d in deadlines]

    per_officer = [(entry, names.get(entry.institution_id, "")) for entry in result.per_officer]
    return render(request, "timelines/board.html", {
        "form": form, "board": result, "criteria": criteria, "overdue": rows(result.overdue),
        "due_soon": rows(result.due_soon), "per_officer": per_officer,
        "more_overdue": _more(result.overdue_total, len(result.overdue)),
        "more_due_soon": _more(result.due_soon_total, len(result.due_soon)),
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
