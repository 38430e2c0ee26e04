"""Pages of the results: indicators (table with breakdowns, CSV/XLSX), the highlights report
(in-app page, PDF; the public copy once published), and an activity's tests and surveys."""

from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from korak import policy
from korak.core.refusal import Refusal, RefusedError
from korak.organisations.http import AuthedRequest
from korak.programme import assessments, exports, indicators
from korak.programme import indicator_rules as rules
from korak.programme.models import Activity, OfficialSex, Programme, ReportPublication, SurveyKind, TestKind
from korak.programme.report import data, html, pdf

REPORT_LANGUAGES = ("en", "bs", "hr", "sr", "sr-latn", "cnr", "mk", "sq")


def _programme(request: HttpRequest) -> Programme:
    try:
        return indicators.resolve_programme(request.GET.get("programme") or None)
    except LookupError:
        raise policy.NotFoundError from None


def _language(request: HttpRequest) -> str:
    asked = request.GET.get("lang", "")
    return asked if asked in REPORT_LANGUAGES else (request.LANGUAGE_CODE if request.LANGUAGE_CODE
                                                    in REPORT_LANGUAGES else "en")


def _table(result: indicators.Indicators) -> list[dict[str, Any]]:
    """Each indicator with its total and one small table per dimension, labels readable."""
    sexes = dict(OfficialSex.choices)

    def label(dimension: str, bucket: str) -> str:
        if dimension == "sex":
            return str(sexes.get(bucket, bucket))
        if dimension == "institution":
            return result.institution_labels.get(bucket, _("Not recorded") if bucket == rules.NOT_RECORDED else bucket)
        return _("Not recorded") if bucket == rules.NOT_RECORDED else bucket

    names = {"sex": _("By sex"), "country": _("By country"), "institution": _("By institution")}
    sections: list[dict[str, Any]] = []
    for code, figure in result.figures.items():
        sections.append({
            "definition": indicators.DEFINITION[code], "total": figure.total, "survey": None,
            "breakdowns": [{"name": names[d], "rows": [(label(d, b), v, None) for b, v in sorted(figure.by[d].items())]}
                           for d in rules.DIMENSIONS],
        })
    for code, survey in result.surveys.items():
        breakdowns = []
        for d in rules.DIMENSIONS:
            buckets = sorted(set(survey.attendees.by[d]) | set(survey.respondents.by[d]))
            breakdowns.append({"name": names[d], "rows": [(label(d, b), survey.positive.by[d].get(b, 0),
                                                           survey.bucket(d, b)) for b in buckets]})
        sections.append({"definition": indicators.DEFINITION[code], "total": survey.value, "survey": survey,
                         "breakdowns": breakdowns})
    return sections


@policy.requires("programme.indicators")
def indicator_table(request: AuthedRequest) -> HttpResponse:
    programme = _programme(request)
    result = indicators.compute(programme=programme)
    activities = result.activities
    return render(request, "programme/results/indicators.html", {
        "programme": programme, "result": result, "sections": _table(result),
        "activity_rows": [(_("By kind"), sorted(activities.by_kind.items())),
                          (_("By country"), sorted(activities.by_country.items())),
                          (_("By quarter"), sorted(activities.by_quarter.items()))],
        "activities_definition": indicators.DEFINITION["activities"],
        "query": f"?programme={programme.pk}",
    })


@policy.requires("programme.indicators")
def indicator_download(request: AuthedRequest, extension: str) -> HttpResponse:
    if extension not in {"csv", "xlsx"}:
        raise policy.NotFoundError
    result = indicators.compute(programme=_programme(request))
    language = _language(request)
    if extension == "csv":
        response = HttpResponse(exports.to_csv(result, language=language), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.to_xlsx(result, language=language),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="indicators-{result.programme.code}.{extension}"'
    return response


def _languages() -> list[tuple[str, str]]:
    names = dict(settings.LANGUAGES)
    return [(code, str(names.get(code, code))) for code in REPORT_LANGUAGES]


@policy.requires("programme.report.view")
def highlights_page(request: AuthedRequest) -> HttpResponse:
    programme = _programme(request)
    report = data.build(programme=programme, language=_language(request), today=timezone.localdate())
    return HttpResponse(html.page(report, request, {
        "languages": _languages(), "programme": programme,
        "pdf_url": reverse("programme:results:highlights-pdf") + f"?programme={programme.pk}&lang={report.language}",
        "published": ReportPublication.objects.filter(programme=programme).exists(),
        "may_publish": policy.can(request.user, "programme.report.publish"),
        "public_url": reverse("programme:results:public-highlights", args=[programme.code]),
    }))


def _pdf_response(programme: Programme, language: str) -> HttpResponse:
    report = data.build(programme=programme, language=language, today=timezone.localdate())
    response = HttpResponse(pdf.render(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="highlights-{programme.code}-{language}.pdf"'
    return response


@policy.requires("programme.report.view")
def highlights_pdf(request: AuthedRequest) -> HttpResponse:
    return _pdf_response(_programme(request), _language(request))


@policy.requires("programme.report.publish")
@require_POST
def publish(request: AuthedRequest, programme_id: UUID) -> HttpResponse:
    publish_it = request.POST.get("publish") == "1"
    assessments.publish_report(actor=request.user, programme_id=programme_id, publish=publish_it)
    messages.success(request, _("The report is public now.") if publish_it else _("The report is no longer public."))
    return redirect(reverse("programme:results:highlights") + f"?programme={programme_id}")


def _published(code: str) -> Programme:
    programme = Programme.objects.filter(code=code, publication__isnull=False).first()
    if programme is None:
        raise policy.NotFoundError
    return programme


@policy.public
def public_highlights(request: HttpRequest, code: str) -> HttpResponse:
    """A published report, for anyone: the same live figures, no person named without consent."""
    programme = _published(code)
    report = data.build(programme=programme, language=_language(request), today=timezone.localdate())
    return render(request, "programme/results/public.html", html.context(report) | {
        "languages": _languages(),
        "pdf_url": reverse("programme:results:public-highlights-pdf", args=[code]) + f"?lang={report.language}",
    })


@policy.public
def public_highlights_pdf(request: HttpRequest, code: str) -> HttpResponse:
    return _pdf_response(_published(code), _language(request))


@policy.requires("programme.assess")
@require_http_methods(["GET", "POST"])
def activity_assessments(request: AuthedRequest, activity_id: UUID) -> HttpResponse:
    """An activity's tests, gain and surveys; record a score or an answer sheet."""
    activity = policy.get_for(request.user, Activity, activity_id, "programme.assess")
    errors: list[str] = []
    if request.method == "POST":
        try:
            _handle(request, activity)
        except RefusedError as error:
            errors = [str(error.refusal.message)] + [p for ps in error.refusal.fields.values() for p in ps]
        else:
            messages.success(request, _("Saved."))
            return redirect("programme:results:activity-assessments", activity_id=activity.pk)
    tests = {test.kind: test for test in activity.tests.all()}
    surveys = {survey.kind: survey for survey in activity.surveys.all()}
    attendees = list(activity.participations.filter(status="attended").select_related("official")
                     .order_by("official__latin_family"))
    return render(request, "programme/results/assessments.html", {
        "activity": activity, "tests": tests, "surveys": surveys, "attendees": attendees, "errors": errors,
        "gain": assessments.cohort_gain(actor=request.user, activity_id=activity.pk),
        "test_kinds": TestKind.choices, "survey_kinds": SurveyKind.choices,
    }, status=422 if errors else 200)


def _handle(request: AuthedRequest, activity: Activity) -> None:
    post = request.POST
    action = post.get("action", "")
    if action == "create_test":
        assessments.create_test(actor=request.user, activity_id=activity.pk, kind=post.get("kind", ""))
    elif action == "create_survey":
        assessments.create_survey(actor=request.user, activity_id=activity.pk, kind=post.get("kind", ""),
                                  anonymous=post.get("anonymous") == "1")
    elif action == "record_result":
        try:
            score = Decimal(post.get("score", ""))
        except InvalidOperation:
            score = Decimal(-1)
        test = activity.tests.filter(kind=post.get("kind", "")).first()
        if test is None:
            raise policy.NotFoundError
        official_id = _uuid(post.get("official"))
        if official_id is None:
            raise RefusedError(Refusal(code="not_an_attendee", message=_("Choose a participant."),
                                       fields={"official": [_("Choose a participant.")]}))
        assessments.record_test_result(actor=request.user, test_id=test.pk, official_id=official_id, score=score)
    elif action == "record_response":
        survey = activity.surveys.filter(kind=post.get("kind", "")).first()
        if survey is None:
            raise policy.NotFoundError
        useful = post.get("useful", "")
        uses = post.get("uses_skills", "")
        assessments.record_response(
            actor=request.user, survey_id=survey.pk,
            official_id=None if survey.anonymous else _uuid(post.get("official")),
            useful=int(useful) if useful.isdigit() else None,
            uses_skills={"yes": True, "no": False}.get(uses))


def _uuid(value: str | None) -> UUID | None:
    try:
        return UUID(value or "")
    except ValueError:
        return None
