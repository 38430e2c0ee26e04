"""The readers of return operations. Every one goes through the policy; reading a monitoring
report is audited."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from korak import policy
from korak.audit import services as audit
from korak.operations import rules, services
from korak.operations.models import (
    Complaint,
    MonitoringReport,
    Operation,
    PublishedReport,
    Recommendation,
)
from korak.organisations.models import User

READ_ACTIONS = ("operations.view", "operations.oversee")


def operations_for(actor: User) -> QuerySet[Operation]:
    """The operations the actor may open: the organising institution's staff, the DPO of the
    country, and a monitor those assigned."""
    visible = Operation.objects.none()
    for action in READ_ACTIONS:
        visible = visible | policy.visible(actor, Operation.objects.all(), action)
    ids = visible.values("id")
    monitored = services.assigned_operations(actor).values("id")
    return (Operation.objects.filter(Q(id__in=ids) | Q(id__in=monitored))
            .select_related("organising_institution").order_by("-first_day", "reference"))


def get_operation(*, actor: User, operation_id: UUID | str) -> Operation:
    try:
        return operations_for(actor).get(pk=operation_id)
    except (Operation.DoesNotExist, ValueError, TypeError, ValidationError):
        # A malformed key is "not found" too.
        raise policy.NotFoundError from None


def is_monitor_of(actor: User, operation: Operation) -> bool:
    return services.assigned_operations(actor).filter(pk=operation.pk).exists()


def confirmation_checklist(operation: Operation, *, on: datetime) -> list[rules.UnmetCondition]:
    return rules.unmet_conditions(services.gather_confirmation_facts(operation, on.date()))


@dataclass(frozen=True)
class RecommendationView:
    id: int
    number: int
    text: str
    status: str
    responses: list[tuple[str, str, datetime]]


def recommendations(report: MonitoringReport) -> list[RecommendationView]:
    """Each recommendation with its status: "open" until the authority responds."""
    found = []
    for recommendation in Recommendation.objects.filter(report=report).prefetch_related("responses"):
        responses = sorted(recommendation.responses.all(), key=lambda r: (r.responded_at, r.pk))
        found.append(RecommendationView(
            id=recommendation.pk, number=recommendation.number, text=recommendation.text,
            status=responses[-1].status if responses else "open",
            responses=[(r.status, r.text, r.responded_at) for r in responses],
        ))
    return found


def reports_for(actor: User, operation: Operation) -> QuerySet[MonitoringReport]:
    """Submitted reports to the authority and the DPO; the monitor's own drafts to the monitor."""
    reports = MonitoringReport.objects.filter(operation=operation).select_related("monitor", "corrects")
    if is_monitor_of(actor, operation):
        return reports.filter(Q(state="submitted") | Q(monitor=actor))
    return reports.filter(state="submitted")


def get_report(*, actor: User, report_id: UUID | str) -> MonitoringReport:
    """One report, for someone who may read it; the read is in the audit log."""
    try:
        report = MonitoringReport.objects.select_related("operation", "monitor", "institution").get(pk=report_id)
    except (MonitoringReport.DoesNotExist, ValueError, TypeError, ValidationError):
        raise policy.NotFoundError from None
    operation = get_operation(actor=actor, operation_id=report.operation_id)
    if not reports_for(actor, operation).filter(pk=report.pk).exists():
        raise policy.NotFoundError
    audit.record(actor=str(actor.pk), institution=str(operation.organising_institution_id),
                 action="operations.monitoring_report.read", object_type="operations.report",
                 object_id=str(report.pk))
    return report


def published_report(report_id: UUID) -> PublishedReport:
    try:
        return PublishedReport.objects.select_related("report__operation").get(report_id=report_id)
    except (PublishedReport.DoesNotExist, ValueError, TypeError, ValidationError):
        raise policy.NotFoundError from None


def complaints_for(actor: User, operation: Operation) -> QuerySet[Complaint]:
    return operation.complaints.select_related("returnee__person", "handling_institution")


def complaints_handled_by(actor: User) -> QuerySet[Complaint]:
    return policy.visible(actor, Complaint.objects.all(), "operations.complaint.handle").select_related(
        "operation", "handling_institution")
