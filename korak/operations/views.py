"""HTML pages of return operations: parse, call one service or query, render."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from korak import policy
from korak.core.forms import add_refusal_errors
from korak.core.refusal import RefusedError, StaleVersionError
from korak.operations import forms as f
from korak.operations import monitoring, queries, rules, services
from korak.operations.models import (
    Complaint,
    Incident,
    Operation,
    OperationSettings,
    PublishedReport,
    Returnee,
)
from korak.organisations.http import AuthedRequest
from korak.organisations.models import Institution, Membership, Role, User


def _show(form: forms.Form, error: RefusedError) -> None:
    add_refusal_errors(form, error.refusal, lambda field: field.removesuffix("_id").split(".")[0])
    if not error.refusal.fields:
        form.add_error(None, str(error.refusal.message))


def _page(request: AuthedRequest, form: forms.Form, *, title: str, back: str, **extra: Any) -> HttpResponse:
    return render(request, "operations/form.html", {"form": form, "title": title, "back": back, **extra},
                  status=422 if form.errors else 200)


def _handle(request: AuthedRequest, form: forms.Form, action: Callable[[dict[str, Any]], object], *,
            done: str, success: str, title: str, back: str, **extra: Any) -> HttpResponse:
    """The one shape of every form page: valid input goes to the service; a refusal is shown
    under the fields it names."""
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except RefusedError as error:
            _show(form, error)
        except StaleVersionError:
            form.add_error(None, _("Someone else changed this while you were editing. Reload and try again."))
        else:
            messages.success(request, success)
            return redirect(done)
    return _page(request, form, title=title, back=back, **extra)


def _detail_url(operation_id: object) -> str:
    return reverse("operations:detail", args=[operation_id])


def _returnee_choices(operation: Operation, *, blank: bool) -> list[tuple[str, str]]:
    choices = [(str(r.pk), str(r.person)) for r in operation.returnees.select_related("person")]
    return [("", "—"), *choices] if blank else choices


# ------------------------------------------------------------------ list, plan, detail


@policy.requires("operations.read")
def operation_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "operations/list.html", {
        "operations": queries.operations_for(request.user)[:200],
        "may_plan": policy.can(request.user, "operations.plan"),
        "may_handle": policy.can(request.user, "operations.complaint.handle"),
        "may_settings": policy.can(request.user, "operations.settings"),
    })


def _planning_institutions(user: User) -> list[Institution]:
    from korak.organisations import queries as organisations

    return [m.institution for m in organisations.memberships_of(user)
            if policy.can(user, "operations.plan", Operation(organising_institution=m.institution))]


@policy.requires("operations.plan")
@require_http_methods(["GET", "POST"])
def operation_plan(request: AuthedRequest) -> HttpResponse:
    form = f.OperationForm(request.POST or None)
    created: list[Operation] = []

    def plan(data: dict[str, Any]) -> None:
        institution = _planning_institutions(request.user)[0]
        created.append(services.plan_operation(actor=request.user, institution=institution, data=services.OperationData(
            reference=data["reference"], kind=data["kind"], cooperation=data["cooperation"],
            destination_country=data["destination_country"], first_day=data["first_day"],
            last_day=data["last_day"], partner_countries=data["partner_countries"], stopovers=data["stopovers"])))

    if request.method == "POST" and form.is_valid():
        try:
            plan(form.cleaned_data)
        except RefusedError as error:
            _show(form, error)
        else:
            messages.success(request, _("Operation planned."))
            return redirect("operations:detail", operation_id=created[0].pk)
    return _page(request, form, title=_("Plan a return operation"), back=reverse("operations:list"))


@policy.requires("operations.read")
def operation_detail(request: AuthedRequest, operation_id: UUID) -> HttpResponse:
    operation = queries.get_operation(actor=request.user, operation_id=operation_id)
    now = timezone.now()
    user = request.user
    incidents = [(i, rules.is_overdue(due=i.report_due_at, done=i.report_filed_at is not None, now=now))
                 for i in operation.incidents.select_related("returnee__person")]
    complaints = [(c, rules.is_overdue(due=c.due_on, done=c.decided_at is not None, now=now))
                  for c in queries.complaints_for(user, operation)]
    return render(request, "operations/detail.html", {
        "operation": operation,
        "returnees": operation.returnees.select_related("person"),
        "team": operation.team.all(),
        "monitors": operation.monitor_assignments.select_related("monitor", "institution"),
        "unmet": queries.confirmation_checklist(operation, on=now) if operation.state == rules.PLANNED else [],
        "log": operation.log.select_related("returnee__person"),
        "incidents": incidents,
        "complaints": complaints,
        "reports": queries.reports_for(user, operation),
        "is_monitor": queries.is_monitor_of(user, operation),
        "may_plan": policy.can(user, "operations.plan", operation) and operation.state == rules.PLANNED,
        "may_confirm": policy.can(user, "operations.confirm", operation),
        "may_log": policy.can(user, "operations.log", operation) and operation.state in rules.LOGGABLE_STATES,
        "may_lodge": policy.can(user, "operations.complaint.lodge", operation),
        "next_states": sorted(rules.TRANSITIONS[operation.state]),
    })


def _state_view(target: str, action: str) -> Callable[..., HttpResponse]:
    @policy.requires(action)
    @require_POST
    def change(request: AuthedRequest, operation_id: UUID) -> HttpResponse:
        try:
            services.change_state(actor=request.user, operation_id=operation_id, target=target)
        except RefusedError as error:
            messages.error(request, str(error.refusal.message))
        else:
            messages.success(request, _("The operation is now: %(state)s.") % {"state": _label(target)})
        return redirect("operations:detail", operation_id=operation_id)

    change.__name__ = f"operation_{target}"
    return change


def _label(state: str) -> str:
    from korak.operations.models import OperationState

    return str(OperationState(state).label)


confirm = _state_view(rules.CONFIRMED, "operations.confirm")
reopen = _state_view(rules.PLANNED, "operations.confirm")
cancel = _state_view(rules.CANCELLED, "operations.confirm")
start = _state_view(rules.IN_PROGRESS, "operations.log")
complete = _state_view(rules.COMPLETED, "operations.log")


# ------------------------------------------------------------------ planning pages


@policy.requires("operations.plan")
@require_http_methods(["GET", "POST"])
def returnee_add(request: AuthedRequest, operation_id: UUID) -> HttpResponse:
    from korak.returns import queries as returns

    operation = policy.get_for(request.user, Operation, operation_id, "operations.plan")
    form = f.ReturneeForm(request.POST or None)
    on_board = set(operation.returnees.values_list("person_id", flat=True))
    ready = returns.ready_to_return(actor=request.user, on=timezone.localdate()).select_related("person")[:300]
    form.fields["return_case"].choices = [  # type: ignore[attr-defined]
        (str(c.pk), f"{c.person} · {c.country_of_return}") for c in ready if c.person_id not in on_board]
    return _handle(request, form, lambda d: services.add_returnee(
        actor=request.user, operation_id=operation.pk, return_case_id=UUID(d["return_case"])),
        done=_detail_url(operation.pk), success=_("Returnee added."), title=_("Add a returnee"),
        back=_detail_url(operation.pk))


@policy.requires("operations.plan")
@require_http_methods(["GET", "POST"])
def returnee_assess(request: AuthedRequest, returnee_id: UUID) -> HttpResponse:
    returnee = policy.get_for(request.user, Returnee.objects.select_related("person"), returnee_id, "operations.plan")
    form = f.AssessmentForm(request.POST or None, initial={
        "risk_level": returnee.risk_level, "risk_reasons": returnee.risk_reasons,
        "fit_to_travel": returnee.fit_to_travel, "fit_to_travel_notes": returnee.fit_to_travel_notes,
        "informed_of_complaints": returnee.informed_of_complaints_at is not None})
    return _handle(request, form, lambda d: services.assess_returnee(
        actor=request.user, returnee_id=returnee.pk, assessment=services.Assessment(
            risk_level=d["risk_level"] or None, risk_reasons=d["risk_reasons"],
            fit_to_travel=d["fit_to_travel"] or None, fit_to_travel_notes=d["fit_to_travel_notes"],
            informed_of_complaints=d["informed_of_complaints"])),
        done=_detail_url(returnee.operation_id), success=_("Assessment saved."),
        title=_("Assessment of %(name)s") % {"name": returnee.person}, back=_detail_url(returnee.operation_id))


def _official_choices(user: User) -> list[tuple[str, str]]:
    try:
        from korak.programme import queries as programme
    except ImportError:  # the programme registry is not on this node
        return [("", "—")]
    officials = getattr(programme, "officials", None)
    if officials is None:
        return [("", "—")]
    return [("", "—"), *((str(o.pk), f"{o.family_name}, {o.given_name}") for o in officials(user)[:500])]


@policy.requires("operations.plan")
@require_http_methods(["GET", "POST"])
def member_add(request: AuthedRequest, operation_id: UUID) -> HttpResponse:
    operation = policy.get_for(request.user, Operation, operation_id, "operations.plan")
    form = f.MemberForm(request.POST or None)
    form.fields["official"].choices = _official_choices(request.user)  # type: ignore[attr-defined]
    return _handle(request, form, lambda d: services.add_team_member(
        actor=request.user, operation_id=operation.pk, data=services.MemberData(
            role=d["role"], full_name=d["full_name"], official_id=UUID(d["official"]) if d["official"] else None,
            languages=d["languages"])),
        done=_detail_url(operation.pk), success=_("Team member added."), title=_("Add a team member"),
        back=_detail_url(operation.pk))


def _monitor_memberships() -> list[Membership]:
    from django.conf import settings

    return list(Membership.objects.filter(role=Role.FORCED_RETURN_MONITOR, is_active=True,
                                          institution__country_id=settings.KORAK_COUNTRY)
                .select_related("user", "institution").order_by("institution__name", "user__last_name"))


@policy.requires("operations.plan")
@require_http_methods(["GET", "POST"])
def monitor_assign(request: AuthedRequest, operation_id: UUID) -> HttpResponse:
    operation = policy.get_for(request.user, Operation, operation_id, "operations.plan")
    memberships = {str(m.pk): m for m in _monitor_memberships()}
    form = f.MonitorForm(request.POST or None)
    form.fields["monitor"].choices = [  # type: ignore[attr-defined]
        (key, f"{m.user.get_full_name() or m.user.get_username()} · {m.institution.name} "
              f"({m.institution.get_kind_display()})") for key, m in memberships.items()]

    def assign(data: dict[str, Any]) -> None:
        membership = memberships[data["monitor"]]
        services.assign_monitor(actor=request.user, operation_id=operation.pk, monitor=membership.user,
                                institution=membership.institution, notified_at=data["notified_at"])

    return _handle(request, form, assign, done=_detail_url(operation.pk), success=_("Monitor assigned."),
                   title=_("Assign a forced-return monitor"), back=_detail_url(operation.pk))


# ------------------------------------------------------------------ execution


@policy.requires("operations.log")
@require_http_methods(["GET", "POST"])
def log_add(request: AuthedRequest, operation_id: UUID) -> HttpResponse:
    operation = policy.get_for(request.user, Operation, operation_id, "operations.log")
    form = f.LogForm(request.POST or None, initial={"occurred_at": timezone.localtime().replace(second=0,
                                                                                                microsecond=0)})
    form.fields["returnee"].choices = _returnee_choices(operation, blank=True)  # type: ignore[attr-defined]
    return _handle(request, form, lambda d: services.log_event(
        actor=request.user, operation_id=operation.pk, data=services.LogData(
            phase=d["phase"], kind=d["kind"], description=d["description"], occurred_at=d["occurred_at"],
            returnee_id=UUID(d["returnee"]) if d["returnee"] else None, justification=d["justification"])),
        done=_detail_url(operation.pk), success=_("Logged."), title=_("Execution log"),
        back=_detail_url(operation.pk))


@policy.requires("operations.log")
@require_http_methods(["GET", "POST"])
def incident_add(request: AuthedRequest, operation_id: UUID) -> HttpResponse:
    operation = policy.get_for(request.user, Operation, operation_id, "operations.log")
    form = f.IncidentForm(request.POST or None, initial={"occurred_at": timezone.localtime().replace(
        second=0, microsecond=0)})
    form.fields["returnee"].choices = _returnee_choices(operation, blank=True)  # type: ignore[attr-defined]
    return _handle(request, form, lambda d: services.record_incident(
        actor=request.user, operation_id=operation.pk, data=services.IncidentData(
            phase=d["phase"], severity=d["severity"], description=d["description"], occurred_at=d["occurred_at"],
            returnee_id=UUID(d["returnee"]) if d["returnee"] else None)),
        done=_detail_url(operation.pk), success=_("Incident recorded."), title=_("Record an incident"),
        back=_detail_url(operation.pk))


@policy.requires("operations.log")
@require_http_methods(["GET", "POST"])
def incident_report(request: AuthedRequest, incident_id: UUID) -> HttpResponse:
    incident = policy.get_for(request.user, Incident, incident_id, "operations.log")
    form = f.IncidentReportForm(request.POST or None)
    return _handle(request, form, lambda d: services.file_incident_report(
        actor=request.user, incident_id=incident.pk, report=d["report"]),
        done=_detail_url(incident.operation_id), success=_("Report filed."), title=_("Serious incident report"),
        back=_detail_url(incident.operation_id))


# ------------------------------------------------------------------ the monitor's workspace


@policy.requires("operations.monitor")
@require_POST
def report_start(request: AuthedRequest, operation_id: UUID) -> HttpResponse:
    report = monitoring.start_report(actor=request.user, operation_id=operation_id)
    return redirect("operations:report-edit", report_id=report.pk)


@policy.requires("operations.read")
def report_detail(request: AuthedRequest, report_id: UUID) -> HttpResponse:
    report = queries.get_report(actor=request.user, report_id=report_id)
    operation = report.operation
    return render(request, "operations/report.html", {
        "report": report, "operation": operation, "recommendations": queries.recommendations(report),
        "is_author": report.monitor_id == request.user.pk,
        "may_respond": policy.can(request.user, "operations.respond", operation) and report.state == "submitted",
        "response_form": f.ResponseForm(), "publish_form": f.PublishForm(),
        "published": PublishedReport.objects.filter(report=report).first(),
    })


@policy.requires("operations.monitor")
@require_http_methods(["GET", "POST"])
def report_edit(request: AuthedRequest, report_id: UUID) -> HttpResponse:
    report = queries.get_report(actor=request.user, report_id=report_id)
    if report.monitor_id != request.user.pk or report.state != "draft":
        # Nobody edits a submitted report, its author included: show it instead.
        messages.error(request, _("A submitted monitoring report cannot be changed. Write a correction: a new "
                                  "version that names this one."))
        return redirect("operations:report", report_id=report.pk)
    initial = {name: getattr(report, name) for name in monitoring.REPORT_SECTIONS}
    initial["version"] = report.version
    initial["recommendations"] = "\n".join(r.text for r in report.recommendations.all())
    form = f.ReportForm(request.POST or None, initial=initial)
    submit = "submit" in request.POST

    def save(data: dict[str, Any]) -> None:
        saved = monitoring.save_report(actor=request.user, report_id=report.pk, expected_version=data["version"],
                                     sections={n: data[n] for n in monitoring.REPORT_SECTIONS},
                                     recommendations=data["recommendations"])
        if submit:
            monitoring.submit_report(actor=request.user, report_id=report.pk, expected_version=saved.version)

    return _handle(request, form, save, done=reverse("operations:report", args=[report.pk]),
                   success=_("Report submitted: it can no longer be changed.") if submit else _("Draft saved."),
                   title=_("Monitoring report, version %(number)s") % {"number": report.number},
                   back=_detail_url(report.operation_id), submit_label=_("Submit (final)"))


@policy.requires("operations.monitor")
@require_POST
def report_publish(request: AuthedRequest, report_id: UUID) -> HttpResponse:
    form = f.PublishForm(request.POST)
    terms = [t.strip() for t in form.data.get("redact", "").split(",") if t.strip()][:50]
    try:
        monitoring.publish_report(actor=request.user, report_id=report_id, redact_terms=terms)
    except RefusedError as error:
        messages.error(request, str(error.refusal.message))
    else:
        messages.success(request, _("The redacted version is published."))
    return redirect("operations:report", report_id=report_id)


@policy.public
def report_published(request: AuthedRequest, report_id: UUID) -> HttpResponse:
    """The redacted version, for anyone: monitoring bodies publish a report per operation."""
    published = queries.published_report(report_id)
    return render(request, "operations/published.html", {"published": published})


@policy.requires("operations.respond")
@require_POST
def recommendation_respond(request: AuthedRequest, recommendation_id: int) -> HttpResponse:
    form = f.ResponseForm(request.POST)
    report_id = request.POST.get("report", "")
    if form.is_valid():
        try:
            monitoring.respond_to_recommendation(actor=request.user, recommendation_id=recommendation_id,
                                               status=form.cleaned_data["status"], text=form.cleaned_data["text"])
        except RefusedError as error:
            messages.error(request, "; ".join([str(error.refusal.message),
                                               *(p for ps in error.refusal.fields.values() for p in ps)]))
        else:
            messages.success(request, _("Response recorded."))
    else:
        messages.error(request, _("Choose a status and write the response."))
    try:
        return redirect("operations:report", report_id=UUID(report_id))
    except ValueError:
        return redirect("operations:list")


# ------------------------------------------------------------------ complaints and settings


@policy.requires("operations.complaint.lodge")
@require_http_methods(["GET", "POST"])
def complaint_add(request: AuthedRequest, operation_id: UUID) -> HttpResponse:
    operation = policy.get_for(request.user, Operation, operation_id, "operations.complaint.lodge")
    bodies = {str(i.pk): i for i in Institution.objects.filter(
        kind__in=rules.INDEPENDENT_KINDS, is_active=True, country_id=operation.organising_institution.country_id)}
    form = f.ComplaintForm(request.POST or None)
    form.fields["returnee"].choices = _returnee_choices(operation, blank=False)  # type: ignore[attr-defined]
    form.fields["handling_institution"].choices = [(k, i.name) for k, i in bodies.items()]  # type: ignore[attr-defined]
    return _handle(request, form, lambda d: monitoring.lodge_complaint(
        actor=request.user, operation_id=operation.pk, data=monitoring.ComplaintData(
            returnee_id=UUID(d["returnee"]), lodged_by=d["lodged_by"], summary=d["summary"],
            representative_name=d["representative_name"], handling_institution=bodies[d["handling_institution"]])),
        done=_detail_url(operation.pk), success=_("Complaint lodged with the independent body."),
        title=_("Lodge a complaint"), back=_detail_url(operation.pk))


@policy.requires("operations.complaint.handle")
def complaint_list(request: AuthedRequest) -> HttpResponse:
    now = timezone.now()
    complaints = [(c, rules.is_overdue(due=c.due_on, done=c.decided_at is not None, now=now))
                  for c in queries.complaints_handled_by(request.user)]
    return render(request, "operations/complaints.html", {"complaints": complaints})


@policy.requires("operations.complaint.handle")
@require_http_methods(["GET", "POST"])
def complaint_decide(request: AuthedRequest, complaint_id: UUID) -> HttpResponse:
    complaint = policy.get_for(request.user, Complaint.objects.select_related("operation"), complaint_id,
                               "operations.complaint.handle")
    form = f.DecisionForm(request.POST or None)
    return _handle(request, form, lambda d: monitoring.decide_complaint(
        actor=request.user, complaint_id=complaint.pk, outcome=d["outcome"], reasons=d["reasons"]),
        done=reverse("operations:complaints"), success=_("Decision recorded."), title=_("Decide the complaint"),
        back=reverse("operations:complaints"), context_text=complaint.summary)


@policy.requires("operations.settings")
@require_http_methods(["GET", "POST"])
def settings_edit(request: AuthedRequest) -> HttpResponse:
    from korak.organisations import queries as organisations

    institution = next(m.institution for m in organisations.memberships_of(request.user)
                       if policy.can(request.user, "operations.settings", OperationSettings(institution=m.institution)))
    current = services.settings_for(institution.pk)
    form = f.SettingsForm(request.POST or None, initial=vars(current))
    return _handle(request, form, lambda d: services.update_settings(
        actor=request.user, institution=institution, values=rules.OpsSettings(**d)),
        done=reverse("operations:list"), success=_("Settings saved."),
        title=_("Return operation settings: %(name)s") % {"name": institution.name}, back=reverse("operations:list"))
