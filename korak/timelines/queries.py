"""Readers of computed deadlines: a case's deadlines, and the deadline board — what is overdue
and what falls due in the next days, per institution and per officer, through the policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from django.db.models import Count, Q, QuerySet

from korak import policy
from korak.organisations.models import User
from korak.timelines import explain, replay
from korak.timelines.models import Deadline, DeadlineStatus

BOARD_ACTION = "deadlines.view"
DUE_SOON_DAYS = 7
BOARD_LIMIT = 200


def deadlines_for_case(case_id: UUID) -> list[Deadline]:
    """Every deadline of a case, soonest first. The caller has already checked that the user
    may see the case (the asylum and returns pages fetch the case through the policy)."""
    return list(Deadline.objects.filter(case_id=case_id).order_by("due_at", "rule_id"))


def explanation(deadline: Deadline) -> list[str]:
    """The deadline's reasons as sentences in the active language."""
    return [explain.render_step(step) for step in replay.steps_from_json(deadline.explanation)]


@dataclass(frozen=True)
class BoardFilter:
    institution: UUID | None = None
    officer: UUID | None = None
    rule: str = ""
    case_kind: str = ""
    status: str = DeadlineStatus.OPEN
    days: int = DUE_SOON_DAYS


@dataclass(frozen=True)
class OfficerCount:
    officer_id: UUID | None
    officer_name: str
    institution_id: UUID
    overdue: int
    due_soon: int


@dataclass
class Board:
    now: datetime
    until: datetime
    overdue: list[Deadline] = field(default_factory=list)
    due_soon: list[Deadline] = field(default_factory=list)
    overdue_total: int = 0
    due_soon_total: int = 0
    per_officer: list[OfficerCount] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)


def board_queryset(*, actor: User, criteria: BoardFilter) -> QuerySet[Deadline]:
    queryset = policy.visible(actor, Deadline.objects.all(), BOARD_ACTION)
    if criteria.institution:
        queryset = queryset.filter(institution_id=criteria.institution)
    if criteria.officer:
        queryset = queryset.filter(officer_id=criteria.officer)
    if criteria.rule:
        queryset = queryset.filter(rule_id=criteria.rule)
    if criteria.case_kind:
        queryset = queryset.filter(case_kind=criteria.case_kind)
    if criteria.status:
        queryset = queryset.filter(status=criteria.status)
    return queryset


def board(*, actor: User, criteria: BoardFilter, now: datetime, limit: int = BOARD_LIMIT) -> Board:
    """Overdue deadlines (due before `now`) and those due within `criteria.days` days, each list
    capped at `limit` rows (most urgent first), with totals and counts per officer. Five queries
    whatever the size of the institution; each walks the (institution, status, due_at) index."""
    until = now + timedelta(days=criteria.days)
    base = board_queryset(actor=actor, criteria=criteria)
    rows = base.select_related("officer").only(
        "id", "case_id", "case_kind", "institution_id", "officer__id", "officer__username", "officer__first_name",
        "officer__last_name", "rule_id", "title", "reference", "consequence", "verified", "jurisdiction",
        "law_version", "country", "due_at", "due_date", "status", "extensions", "started_at",
    )
    result = Board(now=now, until=until)
    result.overdue = list(rows.filter(due_at__lt=now).order_by("due_at", "id")[:limit])
    result.due_soon = list(rows.filter(due_at__gte=now, due_at__lt=until).order_by("due_at", "id")[:limit])
    counts = (base.filter(due_at__lt=until)
              .values("officer_id", "officer__username", "officer__first_name", "officer__last_name",
                      "institution_id")
              .annotate(overdue=Count("id", filter=Q(due_at__lt=now)), due_soon=Count("id", filter=Q(due_at__gte=now)))
              .order_by("-overdue", "-due_soon", "officer__username"))
    for entry in counts:
        name = " ".join(part for part in (entry["officer__first_name"], entry["officer__last_name"]) if part)
        result.per_officer.append(OfficerCount(
            officer_id=entry["officer_id"], officer_name=name or entry["officer__username"] or "",
            institution_id=entry["institution_id"], overdue=entry["overdue"], due_soon=entry["due_soon"]))
    result.overdue_total = sum(entry.overdue for entry in result.per_officer)
    result.due_soon_total = sum(entry.due_soon for entry in result.per_officer)
    result.rules = sorted({row.rule_id for row in (*result.overdue, *result.due_soon)})
    return result
