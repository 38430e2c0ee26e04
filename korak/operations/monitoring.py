"""The writers of the monitor's workspace (reports, corrections, publication, the
authority's responses) and of complaints: the same shape as korak.operations.services,
kept apart by topic."""

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from korak import policy
from korak.core.refusal import Refusal, RefusedError, StaleVersionError
from korak.operations import rules
from korak.operations.models import (
    Complaint,
    MonitoringReport,
    Operation,
    PublishedReport,
    Recommendation,
    RecommendationResponse,
    ReportState,
)
from korak.operations.services import _locked, _log, _refuse, _returnee_of, assigned_operations, settings_for
from korak.organisations.models import Institution, User


def _own_report(actor: User, report_id: UUID, *, lock: bool = False) -> MonitoringReport:
    policy.require(actor, "operations.monitor")
    reports = MonitoringReport.objects.select_related("operation__organising_institution")
    if lock:
        reports = reports.select_for_update()
    try:
        report = reports.get(pk=report_id, monitor=actor)
    except (MonitoringReport.DoesNotExist, ValueError):
        raise policy.NotFoundError from None
    return report


def start_report(*, actor: User, operation_id: UUID) -> MonitoringReport:
    """A draft for the monitor; when the monitor's last report is submitted, the new one is a
    correction that names it."""
    now = timezone.now()
    with transaction.atomic():
        try:
            operation = assigned_operations(actor).select_related("organising_institution").get(pk=operation_id)
        except (Operation.DoesNotExist, ValueError):
            raise policy.NotFoundError from None
        assignment = operation.monitor_assignments.get(monitor=actor)
        previous = operation.reports.filter(monitor=actor).order_by("-number").first()
        if previous is not None and previous.state == ReportState.DRAFT:
            return previous
        report = MonitoringReport.objects.create(
            operation=operation, monitor=actor, institution=assignment.institution,
            number=(previous.number + 1) if previous else 1, corrects=previous,
            **({name: getattr(previous, name) for name in REPORT_SECTIONS} if previous else {}),
        )
        if previous is not None:
            Recommendation.objects.bulk_create([Recommendation(report=report, number=r.number, text=r.text)
                                                for r in previous.recommendations.all()])
        _log(actor=actor, operation=operation, type="monitoring_report_started", now=now,
             object_type="operations.report", object_id=report.pk,
             payload={"report": str(report.pk), "number": report.number,
                      "corrects": str(previous.pk) if previous else None})
    return report


REPORT_SECTIONS = ("pre_return", "pre_departure", "in_transit", "handover", "incidents")


def save_report(*, actor: User, report_id: UUID, expected_version: int, sections: dict[str, str],
                recommendations: Sequence[str]) -> MonitoringReport:
    now = timezone.now()
    unknown = set(sections) - set(REPORT_SECTIONS)
    if unknown:
        raise _refuse(_("Some fields need attention."), **dict.fromkeys(sorted(unknown), _("Unknown section.")))
    with transaction.atomic():
        report = _own_report(actor, report_id, lock=True)
        if refusal := rules.check_report_editable(report.state):
            raise RefusedError(refusal, status=409)
        if report.version != expected_version:
            raise StaleVersionError(current_version=report.version)
        for name, text in sections.items():
            setattr(report, name, text.strip())
        report.version += 1
        report.save()
        report.recommendations.all().delete()
        Recommendation.objects.bulk_create([
            Recommendation(report=report, number=index, text=text.strip())
            for index, text in enumerate((t for t in recommendations if t.strip()), start=1)
        ])
        _log(actor=actor, operation=report.operation, type="monitoring_report_saved", now=now,
             object_type="operations.report", object_id=report.pk,
             payload={"report": str(report.pk), "version": report.version})
    return report


def submit_report(*, actor: User, report_id: UUID, expected_version: int) -> MonitoringReport:
    now = timezone.now()
    with transaction.atomic():
        report = _own_report(actor, report_id, lock=True)
        if refusal := rules.check_report_editable(report.state):
            raise RefusedError(refusal, status=409)
        if report.version != expected_version:
            raise StaleVersionError(current_version=report.version)
        if refusal := rules.check_report_complete(sections={n: getattr(report, n) for n in REPORT_SECTIONS}):
            raise RefusedError(refusal)
        report.state, report.submitted_at = ReportState.SUBMITTED, now
        report.version += 1
        report.save()
        _log(actor=actor, operation=report.operation, type="monitoring_report_submitted", now=now,
             object_type="operations.report", object_id=report.pk,
             payload={"report": str(report.pk), "number": report.number,
                      "recommendations": report.recommendations.count()})
    return report


def publish_report(*, actor: User, report_id: UUID, redact_terms: Sequence[str] = ()) -> PublishedReport:
    """The redacted version: the returnees' and the team's names, and the terms the monitor
    lists, replaced; the report itself is untouched."""
    now = timezone.now()
    with transaction.atomic():
        report = _own_report(actor, report_id)
        if report.state != ReportState.SUBMITTED:
            raise RefusedError(Refusal("not_submitted", _("Only a submitted report can be published.")), status=409)
        if hasattr(report, "publication"):
            raise RefusedError(Refusal("already_published", _("This report is already published.")), status=409)
        operation = report.operation
        terms = list(redact_terms)
        for returnee in operation.returnees.select_related("person"):
            person = returnee.person
            terms += [person.given_name, person.family_name, person.given_name_latin, person.family_name_latin]
        terms += [member.full_name for member in operation.team.all()]
        sections = {name: rules.redact(getattr(report, name), terms) for name in REPORT_SECTIONS}
        sections["recommendations"] = [rules.redact(r.text, terms) for r in report.recommendations.all()]  # type: ignore[assignment]
        published = PublishedReport.objects.create(report=report, sections=sections, published_at=now,
                                                   published_by=actor)
        _log(actor=actor, operation=operation, type="monitoring_report_published", now=now,
             object_type="operations.report", object_id=report.pk, payload={"report": str(report.pk)})
    return published


def respond_to_recommendation(*, actor: User, recommendation_id: int, status: str, text: str) -> RecommendationResponse:
    now = timezone.now()
    with transaction.atomic():
        recommendation = Recommendation.objects.select_related(
            "report__operation__organising_institution").select_for_update().filter(pk=recommendation_id).first()
        if recommendation is None or not policy.can(actor, "operations.respond", recommendation.report.operation):
            raise policy.NotFoundError
        if recommendation.report.state != ReportState.SUBMITTED:
            raise RefusedError(Refusal("not_submitted", _("The monitor has not submitted this report yet.")),
                               status=409)
        latest = recommendation.responses.order_by("-responded_at", "-id").first()
        current = latest.status if latest else "open"
        if refusal := rules.check_response(current=current, new=status, text=text):
            raise RefusedError(refusal)
        response = RecommendationResponse.objects.create(recommendation=recommendation, status=status,
                                                         text=text.strip(), responded_at=now, responded_by=actor)
        _log(actor=actor, operation=recommendation.report.operation, type="recommendation_answered", now=now,
             object_type="operations.report", object_id=recommendation.report_id,
             payload={"recommendation": recommendation.number, "from": current, "to": status})
    return response


# ------------------------------------------------------------------ complaints


@dataclass(frozen=True)
class ComplaintData:
    returnee_id: UUID
    lodged_by: str
    summary: str
    handling_institution: Institution
    representative_name: str = ""


def lodge_complaint(*, actor: User, operation_id: UUID, data: ComplaintData) -> Complaint:
    """Recorded by staff on the complainant's behalf and sent to the independent body."""
    now = timezone.now()
    if refusal := rules.check_complaint(lodged_by=data.lodged_by, representative_name=data.representative_name,
                                        summary=data.summary, handling_kind=data.handling_institution.kind):
        raise RefusedError(refusal)
    with transaction.atomic():
        operation = _locked(actor, operation_id, "operations.complaint.lodge")
        returnee = _returnee_of(operation, data.returnee_id)
        if returnee is None:
            raise _refuse(_("Some fields need attention."), returnee_id=_("Choose the returnee."))
        days = settings_for(operation.organising_institution_id).complaint_days
        complaint = Complaint.objects.create(
            operation=operation, returnee=returnee, lodged_by=data.lodged_by,
            representative_name=data.representative_name.strip(), lodged_at=now, summary=data.summary.strip(),
            handling_institution=data.handling_institution, recorded_by=actor,
            due_on=rules.complaint_due(lodged_on=timezone.localdate(now), days=days),
        )
        _log(actor=actor, operation=operation, type="complaint_lodged", now=now, object_type="operations.complaint",
             object_id=complaint.pk, payload={"complaint": str(complaint.pk), "lodged_by": data.lodged_by})
    return complaint


def decide_complaint(*, actor: User, complaint_id: UUID, outcome: str, reasons: str) -> Complaint:
    now = timezone.now()
    with transaction.atomic():
        complaint = policy.get_for(actor, Complaint.objects.select_for_update().select_related(
            "operation__organising_institution"), complaint_id, "operations.complaint.handle")
        if refusal := rules.check_decision(decided=complaint.decided_at is not None, outcome=outcome,
                                           reasons=reasons):
            raise RefusedError(refusal, status=409 if complaint.decided_at else 422)
        complaint.outcome, complaint.outcome_reasons, complaint.decided_at = outcome, reasons.strip(), now
        complaint.version += 1
        complaint.save()
        _log(actor=actor, operation=complaint.operation, type="complaint_decided", now=now,
             object_type="operations.complaint", object_id=complaint.pk,
             payload={"complaint": str(complaint.pk), "outcome": outcome,
                      "late": now.date() > complaint.due_on})
    return complaint


