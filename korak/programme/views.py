"""HTML pages of the programme registry: thin, each a query or one service call. Coordinators
work on activities, officials, the review queue and certificates; an institution's staff see
their own staff's records; the verification page is public."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from korak import policy
from korak.core.forms import add_refusal_errors
from korak.core.htmx import wants_fragment
from korak.core.refusal import RefusedError
from korak.organisations.http import AuthedRequest
from korak.programme import api, dedupe, names, queries, services, sheets
from korak.programme.forms import (
    ActivityForm,
    CertificateForm,
    OfficialForm,
    RegisterForm,
    RenewForm,
    RevokeForm,
    SessionForm,
    SheetForm,
    VerifyForm,
)
from korak.programme.models import Activity, Attendance, Participation, Session


def _refused(request: AuthedRequest, error: RefusedError) -> None:
    messages.error(request, str(error.refusal.message))
    for field, problems in error.refusal.fields.items():
        for problem in problems:
            messages.error(request, f"{field}: {problem}")


@policy.requires("programme.staff")
def home(request: AuthedRequest) -> HttpResponse:
    coordinator = policy.can(request.user, "programme.view")
    context: dict[str, object] = {"coordinator": coordinator,
                                  "may_indicators": policy.can(request.user, "programme.indicators"),
                                  "may_report": policy.can(request.user, "programme.report.view"),
                                  "may_certify": policy.can(request.user, "programme.certify")}
    if coordinator:
        context["activities"] = queries.activities(request.user).annotate(
            people=Count("participations", filter=~Q(participations__status="cancelled"))).order_by("-starts_on")
        context["pending"] = queries.review_queue(request.user).count()
    else:
        context["certificates"] = queries.certificates(request.user).order_by("official__latin_family")
    return render(request, "programme/home.html", context)


@policy.requires("programme.view")
def activity_detail(request: AuthedRequest, activity_id: UUID) -> HttpResponse:
    activity = queries.activity(request.user, activity_id)
    sessions = list(activity.sessions.all())
    participations = list(activity.participations.select_related("official__institution").order_by(
        "official__latin_family", "official__latin_given"))
    attended = set(Attendance.objects.filter(session__activity=activity).values_list("session_id", "official_id"))
    rows = [{"participation": p, "cells": [(s, (s.id, p.official_id) in attended) for s in sessions]}
            for p in participations]
    return render(request, "programme/activity.html", {
        "activity": activity, "sessions": sessions, "rows": rows, "sheet_form": SheetForm(),
        "may_manage": policy.can(request.user, "programme.manage", activity),
        "may_assess": policy.can(request.user, "programme.assess", activity),
        "imports": activity.sheet_imports.all()[:10], "session_form": SessionForm(),
    })


def _form_refusal(form: Any, error: RefusedError) -> None:
    add_refusal_errors(form, error.refusal)
    if not error.refusal.fields:
        form.add_error(None, str(error.refusal.message))


@policy.requires("programme.manage")
@require_http_methods(["GET", "POST"])
def activity_new(request: AuthedRequest) -> HttpResponse:
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            institution = api.organising_institution(request.user, None)
            activity = services.create_activity(actor=request.user, programme_id=form.cleaned_data["programme"].pk,
                                                institution=institution,
                                                data=form.data_object(get_language() or "en"))
        except RefusedError as error:
            _form_refusal(form, error)
        else:
            return redirect("programme:activity", activity_id=activity.id)
    return render(request, "programme/activity_form.html", {"form": form})


@policy.requires("programme.manage")
@require_POST
def session_add(request: AuthedRequest, activity_id: UUID) -> HttpResponse:
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            services.add_session(actor=request.user, activity_id=activity_id, on=form.cleaned_data["on"],
                                 part=form.cleaned_data["part"])
        except RefusedError as error:
            _refused(request, error)
    else:
        messages.error(request, _("Give the date and the part of the day."))
    return redirect("programme:activity", activity_id=activity_id)


@policy.requires("programme.manage")
@require_POST
def check_in(request: AuthedRequest, session_id: UUID, official_id: UUID) -> HttpResponse:
    """One cell of the attendance grid; htmx swaps it in place, and the participant's status
    (and cancel button) out of band; a plain form post reloads the page."""
    session = policy.get_for(request.user, Session, session_id, "programme.manage")
    services.check_in(actor=request.user, session_id=session.id, official_id=official_id)
    if wants_fragment(request):
        participation = Participation.objects.filter(
            activity_id=session.activity_id, official_id=services.live_official(official_id).id).first()
        return render(request, "programme/_check_in_done.html", {"present": True, "p": participation})
    return redirect("programme:activity", activity_id=session.activity_id)


@policy.requires("programme.manage")
@require_POST
def sheet_upload(request: AuthedRequest, activity_id: UUID) -> HttpResponse:
    activity = policy.get_for(request.user, Activity, activity_id, "programme.manage")
    form = SheetForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = sheets.import_sheet(actor=request.user, activity_id=activity.id, content=upload.read(),
                                         filename=upload.name)
        except RefusedError as error:
            _refused(request, error)
        else:
            if result.duplicate:
                messages.info(request, _("This sheet was imported before: nothing changed."))
            else:
                sheet = result.sheet
                messages.success(request, _("%(rows)s rows imported: %(matched)s matched, %(created)s new, "
                                            "%(queued)s for review.") % {"rows": sheet.rows, "matched": sheet.matched,
                                                                         "created": sheet.created,
                                                                         "queued": sheet.queued})
    else:
        messages.error(request, _("Choose a CSV or XLSX file."))
    return redirect("programme:activity", activity_id=activity.id)


@policy.requires("programme.staff")
@require_http_methods(["GET", "POST"])
def official_list(request: AuthedRequest) -> HttpResponse:
    """The registry (coordinators) or one's own staff. The name searched for travels in a POST
    body, never in the URL."""
    found = queries.officials(request.user)
    query = request.POST.get("q", "")[:200]
    for token in names.tokens(query)[:4]:
        found = found.filter(Q(name_key__contains=names.loose(token)) | Q(names__name_key__contains=names.loose(token)))
    context = {"officials": found.distinct()[:100], "q": query,
               "may_create": policy.can(request.user, "programme.officials")}
    template = "programme/_officials.html" if wants_fragment(request) else "programme/officials.html"
    return render(request, template, context)


@policy.requires("programme.officials")
@require_http_methods(["GET", "POST"])
def official_new(request: AuthedRequest) -> HttpResponse:
    form = OfficialForm(request.POST or None)
    lookalikes: list[tuple[object, object]] = []
    if request.method == "POST" and form.is_valid():
        data = form.data_object()
        lookalikes = list(dedupe.lookalikes(
            given_name=data.given_name, family_name=data.family_name, institution=data.institution_id,
            country=form.cleaned_data["institution"].country_id, birth_year=data.birth_year, email=data.email))
        if lookalikes and not form.cleaned_data["confirm_new"]:
            form.add_error(None, _("This official may already be registered. Open the records below, or confirm "
                                   "that this is a different person."))
            return render(request, "programme/official_form.html", {"form": form, "lookalikes": lookalikes})
        try:
            official = services.create_official(actor=request.user, data=data)
        except RefusedError as error:
            _form_refusal(form, error)
        else:
            return redirect("programme:official", official_id=official.id)
    return render(request, "programme/official_form.html", {"form": form, "lookalikes": lookalikes})


@policy.requires("programme.staff")
def official_detail(request: AuthedRequest, official_id: UUID) -> HttpResponse:
    official = queries.official(request.user, official_id)
    today = timezone.localdate()
    certificates = [(c, queries.status_of(c, on=today))
                    for c in queries.certificates(request.user).filter(official=official)]
    coordinator = policy.can(request.user, "programme.officials")
    context = {
        "official": official, "spellings": official.names.all(), "certificates": certificates,
        "participations": queries.participations_of(request.user, official.id),
        "coordinator": coordinator,
    }
    if coordinator:
        context["register_form"] = RegisterForm(activities=queries.activities(request.user).order_by("-starts_on"))
        context["certificate_form"] = CertificateForm(curricula=queries.curricula(request.user))
        context["revoke_form"] = RevokeForm()
        context["renew_form"] = RenewForm(activities=queries.activities(request.user).order_by("-starts_on"))
    return render(request, "programme/official.html", context)


@policy.requires("programme.manage")
@require_POST
def official_register(request: AuthedRequest, official_id: UUID) -> HttpResponse:
    form = RegisterForm(request.POST, activities=queries.activities(request.user))
    if form.is_valid():
        try:
            # Two buttons share the form: an invitation asks, a registration takes a place (or waits).
            act = services.invite if request.POST.get("action") == "invite" else services.register
            participation = act(actor=request.user, activity_id=form.cleaned_data["activity"].id,
                                official_id=official_id)
            messages.success(request, _("Status: %(status)s.") % {"status": participation.get_status_display()})
        except RefusedError as error:
            _refused(request, error)
    return redirect("programme:official", official_id=official_id)


@policy.requires("programme.manage")
@require_POST
def participation_cancel(request: AuthedRequest, participation_id: UUID) -> HttpResponse:
    try:
        participation = services.cancel(actor=request.user, participation_id=participation_id)
    except RefusedError as error:
        _refused(request, error)
        return redirect("programme:home")
    return redirect("programme:activity", activity_id=participation.activity_id)


@policy.requires("programme.certify")
@require_POST
def certificate_issue(request: AuthedRequest, official_id: UUID) -> HttpResponse:
    form = CertificateForm(request.POST, curricula=queries.curricula(request.user))
    if form.is_valid():
        try:
            services.issue_certificate(actor=request.user, official_id=official_id,
                                       curriculum=form.cleaned_data["curriculum"])
            messages.success(request, _("The certificate was issued."))
        except RefusedError as error:
            _refused(request, error)
    return redirect("programme:official", official_id=official_id)


@policy.requires("programme.certify")
@require_POST
def certificate_revoke(request: AuthedRequest, certificate_id: UUID) -> HttpResponse:
    certificate = queries.certificate(request.user, certificate_id)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.revoke_certificate(actor=request.user, certificate_id=certificate.id,
                                        reason=form.cleaned_data["reason"])
            messages.success(request, _("The certificate was revoked."))
        except RefusedError as error:
            _refused(request, error)
    else:
        messages.error(request, _("Give the reason for the revocation."))
    return redirect("programme:official", official_id=certificate.official_id)


@policy.requires("programme.certify")
@require_POST
def certificate_renew(request: AuthedRequest, certificate_id: UUID) -> HttpResponse:
    certificate = queries.certificate(request.user, certificate_id)
    form = RenewForm(request.POST, activities=queries.activities(request.user))
    if form.is_valid():
        try:
            services.renew_certificate(actor=request.user, certificate_id=certificate.id,
                                       refresher_activity_id=form.cleaned_data["refresher"].id)
            messages.success(request, _("The certificate was renewed."))
        except RefusedError as error:
            _refused(request, error)
    return redirect("programme:official", official_id=certificate.official_id)


@policy.requires("programme.staff")
def certificate_pdf(request: AuthedRequest, certificate_id: UUID) -> HttpResponse:
    return api.pdf_response(request, queries.certificate(request.user, certificate_id))


@policy.requires("programme.view")
def review(request: AuthedRequest) -> HttpResponse:
    return render(request, "programme/review.html", {
        "candidates": queries.review_queue(request.user)[:100],
        "merges": queries.merges(request.user)[:50],
        "may_decide": policy.can(request.user, "programme.officials"),
    })


@policy.requires("programme.officials")
@require_POST
def review_decide(request: AuthedRequest, candidate_id: int) -> HttpResponse:
    try:
        dedupe.decide_candidate(actor=request.user, candidate_id=candidate_id,
                                same_person=request.POST.get("decision") == "merge")
    except RefusedError as error:
        _refused(request, error)
    return redirect("programme:review")


@policy.requires("programme.officials")
@require_POST
def review_scan(request: AuthedRequest) -> HttpResponse:
    result = dedupe.scan(actor=request.user)
    messages.success(request, _("%(merged)s merged, %(queued)s waiting for review.")
                     % {"merged": result.merged, "queued": result.queued})
    return redirect("programme:review")


@policy.requires("programme.officials")
@require_POST
def merge_undo(request: AuthedRequest, merge_id: int) -> HttpResponse:
    try:
        dedupe.undo(actor=request.user, merge_id=merge_id)
        messages.success(request, _("The merge was undone."))
    except RefusedError as error:
        _refused(request, error)
    return redirect("programme:review")


@policy.public
def verify(request: AuthedRequest, code: str = "") -> HttpResponse:
    """Public: anyone holding a certificate's code sees the name, the curriculum and whether it
    is valid, expired or revoked, and nothing else. The code is 80 random bits, so the page
    cannot be walked to find certificates."""
    form = VerifyForm(request.GET or None)
    if not code and form.is_valid():
        return redirect("programme:verify-code", code=queries.normalise_code(form.cleaned_data["code"]))
    result = queries.verify(code, on=timezone.localdate()) if code else None
    status = 404 if code and result is None else 200
    return render(request, "programme/verify.html", {"form": form, "code": code, "result": result}, status=status)

