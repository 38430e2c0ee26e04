"""The results API (mounted at /api/programme/results/): indicators and their export, the
highlights report, tests, results and surveys. Thin handlers: parse, one service or query call."""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from django.http import HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from korak import policy
from korak.core.schemas import errors, text
from korak.organisations.http import AuthedRequest
from korak.programme import assessments, exports, indicators
from korak.programme import indicator_rules as rules
from korak.programme.report import data, html, pdf

router = Router(tags=["programme results"])

Language = Literal["en", "bs", "hr", "sr", "sr-latn", "cnr", "mk", "sq"]


class ProgrammeQuery(Schema):
    programme: UUID | None = None


class ReportQuery(ProgrammeQuery):
    lang: Language = "en"
    format: Literal["pdf", "html"] = "pdf"


class FigureOut(Schema):
    total: Decimal
    by: dict[str, dict[str, Decimal]]


class RatioOut(Schema):
    numerator: Decimal
    denominator: Decimal
    percent: int | None


class SurveyFigureOut(Schema):
    value: Decimal
    attendees: FigureOut
    respondents: FigureOut
    positive: FigureOut
    of_respondents: RatioOut
    of_attendees: RatioOut
    response_rate: RatioOut


class ActivityCountsOut(Schema):
    total: int
    by_kind: dict[str, int]
    by_country: dict[str, int]
    by_quarter: dict[str, int]


class DefinitionOut(Schema):
    code: str
    name: str
    rule: str


class IndicatorsOut(Schema):
    programme: UUID
    activities: ActivityCountsOut
    figures: dict[str, FigureOut]
    surveys: dict[str, SurveyFigureOut]
    institutions: dict[str, str]
    reconciles: bool
    rules: list[DefinitionOut]


class QuestionIn(Schema):
    text: text(2000, min_length=1)  # type: ignore[valid-type]
    choices: Annotated[list[text(500, min_length=1)], Field(min_length=2, max_length=10)]  # type: ignore[valid-type]
    correct: Annotated[int, Field(ge=0, le=9)]
    points: Annotated[int, Field(ge=1, le=10)] = 1


class QuestionBankIn(Schema):
    title: text(300, min_length=1)  # type: ignore[valid-type]
    language: Language = "bs"
    curriculum_id: UUID | None = None
    questions: Annotated[list[QuestionIn], Field(max_length=200)] = []


class QuestionBankOut(Schema):
    id: UUID
    title: str
    questions: int


class TestIn(Schema):
    kind: Literal["pre", "post"]
    bank_id: UUID | None = None


class TestOut(Schema):
    id: UUID
    activity_id: UUID
    kind: str
    bank_id: UUID | None


class ResultIn(Schema):
    official_id: UUID
    score: Annotated[Decimal, Field(ge=0, le=100)] | None = None
    answers: Annotated[list[Annotated[int, Field(ge=0, le=50)]], Field(max_length=500)] | None = None


class ResultOut(Schema):
    id: UUID
    official_id: UUID
    score: Decimal


class PairOut(Schema):
    official_id: UUID
    pre: Decimal
    post: Decimal
    gain: Decimal


class ExcludedOut(Schema):
    official_id: UUID
    reason: str


class GainOut(Schema):
    pairs: list[PairOut]
    excluded: list[ExcludedOut]
    mean_gain: Decimal | None
    gain_of_means: Decimal | None
    band: str | None


class SurveyIn(Schema):
    kind: Literal["satisfaction", "follow_up"]
    anonymous: bool = False


class SurveyOut(Schema):
    id: UUID
    activity_id: UUID
    kind: str
    anonymous: bool
    sent_at: Any = None
    reminder_at: Any = None


class FollowUpResponseIn(Schema):
    official_id: UUID | None = None
    useful: Annotated[int, Field(ge=1, le=5)] | None = None
    uses_skills: bool | None = None
    answered_on: date | None = None
    comment: text(2000) = ""  # type: ignore[valid-type]


class ResponseOut(Schema):
    id: UUID
    survey_id: UUID
    counted: bool


class PublicationIn(Schema):
    publish: bool = True


class PublicationOut(Schema):
    programme: UUID
    published: bool


def _figure(figure: rules.Figure) -> dict[str, Any]:
    return {"total": figure.total, "by": {d: dict(b) for d, b in figure.by.items()}}


def _ratio(ratio: rules.Ratio) -> dict[str, Any]:
    return {"numerator": ratio.numerator, "denominator": ratio.denominator, "percent": ratio.percent}


def _programme_or_404(programme_id: UUID | None) -> Any:
    try:
        return indicators.resolve_programme(programme_id)
    except LookupError:
        raise policy.NotFoundError from None


@router.get("/indicators", response={200: IndicatorsOut, **errors(401, 403, 404, 422)},
            summary="The programme's indicators with their breakdowns and rules")
@policy.requires("programme.indicators")
def read_indicators(request: AuthedRequest, filters: Query[ProgrammeQuery]) -> dict[str, Any]:
    result = indicators.compute(programme=_programme_or_404(filters.programme))
    activities = result.activities
    return {
        "programme": result.programme.pk,
        "activities": {"total": activities.total, "by_kind": dict(activities.by_kind),
                       "by_country": dict(activities.by_country), "by_quarter": dict(activities.by_quarter)},
        "figures": {code: _figure(figure) for code, figure in result.figures.items()},
        "surveys": {code: {"value": s.value, "attendees": _figure(s.attendees), "respondents": _figure(s.respondents),
                           "positive": _figure(s.positive), "of_respondents": _ratio(s.of_respondents),
                           "of_attendees": _ratio(s.of_attendees), "response_rate": _ratio(s.response_rate)}
                    for code, s in result.surveys.items()},
        "institutions": dict(result.institution_labels),
        "reconciles": result.reconciles(),
        "rules": [{"code": d.code, "name": str(d.name), "rule": str(d.rule)} for d in indicators.DEFINITIONS],
    }


@router.get("/indicators.csv", response={200: None, **errors(401, 403, 404, 422)}, summary="Indicators as CSV")
@policy.requires("programme.indicators")
def indicators_csv(request: AuthedRequest, filters: Query[ProgrammeQuery]) -> HttpResponse:
    result = indicators.compute(programme=_programme_or_404(filters.programme))
    response = HttpResponse(exports.to_csv(result), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="indicators.csv"'
    return response


@router.get("/indicators.xlsx", response={200: None, **errors(401, 403, 404, 422)}, summary="Indicators as XLSX")
@policy.requires("programme.indicators")
def indicators_xlsx(request: AuthedRequest, filters: Query[ProgrammeQuery]) -> HttpResponse:
    result = indicators.compute(programme=_programme_or_404(filters.programme))
    response = HttpResponse(exports.to_xlsx(result),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="indicators.xlsx"'
    return response


@router.get("/highlights", response={200: None, **errors(401, 403, 404, 422)},
            summary="The highlights report (PDF or HTML), figures computed now")
@policy.requires("programme.report.view")
def highlights(request: AuthedRequest, filters: Query[ReportQuery]) -> HttpResponse:
    report = data.build(programme=_programme_or_404(filters.programme), language=filters.lang,
                        today=timezone.localdate())
    if filters.format == "html":
        return HttpResponse(html.document(report), content_type="text/html; charset=utf-8")
    response = HttpResponse(pdf.render(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="highlights-{filters.lang}.pdf"'
    return response


@router.post("/question-banks", response={201: QuestionBankOut, **errors(401, 403, 422)},
             summary="Create a question bank that pre- and post-tests draw on")
@policy.requires("programme.certify")
def create_question_bank(request: AuthedRequest, payload: QuestionBankIn) -> Status[dict[str, Any]]:
    bank = assessments.create_question_bank(
        actor=request.user, title=payload.title, language=payload.language, curriculum_id=payload.curriculum_id,
        questions=[assessments.QuestionData(q.text, list(q.choices), q.correct, q.points) for q in payload.questions])
    return Status(201, {"id": bank.pk, "title": bank.title, "questions": len(payload.questions)})


@router.post("/activities/{activity_id}/tests", response={201: TestOut, **errors(401, 403, 404, 422)},
             summary="Create the pre- or post-test of an activity")
@policy.requires("programme.assess")
def create_test(request: AuthedRequest, activity_id: UUID, payload: TestIn) -> Status[dict[str, Any]]:
    test = assessments.create_test(actor=request.user, activity_id=activity_id, kind=payload.kind,
                                   bank_id=payload.bank_id)
    return Status(201, {"id": test.pk, "activity_id": test.activity_id, "kind": test.kind, "bank_id": test.bank_id})


@router.post("/tests/{test_id}/results", response={201: ResultOut, **errors(401, 403, 404, 422)},
             summary="Record one person's score (or answers) on a test")
@policy.requires("programme.assess")
def record_result(request: AuthedRequest, test_id: UUID, payload: ResultIn) -> Status[dict[str, Any]]:
    result = assessments.record_test_result(actor=request.user, test_id=test_id, official_id=payload.official_id,
                                            score=payload.score, answers=payload.answers)
    return Status(201, {"id": result.pk, "official_id": result.official_id, "score": result.score})


@router.get("/activities/{activity_id}/gain", response={200: GainOut, **errors(401, 403, 404, 422)},
            summary="Normalised gain on matched pre/post pairs, the excluded listed")
@policy.requires("programme.assess")
def read_gain(request: AuthedRequest, activity_id: UUID) -> dict[str, Any]:
    cohort = assessments.cohort_gain(actor=request.user, activity_id=activity_id)
    return {"pairs": [{"official_id": p.person, "pre": p.pre, "post": p.post, "gain": p.gain} for p in cohort.pairs],
            "excluded": [{"official_id": person, "reason": reason.value} for person, reason in cohort.excluded],
            "mean_gain": cohort.mean_gain, "gain_of_means": cohort.gain_of_means, "band": cohort.band()}


@router.post("/activities/{activity_id}/surveys", response={201: SurveyOut, **errors(401, 403, 404, 422)},
             summary="Create the satisfaction or follow-up survey of an activity")
@policy.requires("programme.assess")
def create_survey(request: AuthedRequest, activity_id: UUID, payload: SurveyIn) -> Status[dict[str, Any]]:
    survey = assessments.create_survey(actor=request.user, activity_id=activity_id, kind=payload.kind,
                                       anonymous=payload.anonymous)
    return Status(201, {"id": survey.pk, "activity_id": survey.activity_id, "kind": survey.kind,
                        "anonymous": survey.anonymous, "sent_at": survey.sent_at, "reminder_at": survey.reminder_at})


@router.post("/surveys/{survey_id}/responses", response={201: ResponseOut, **errors(401, 403, 404, 422)},
             summary="Record one answer sheet of a survey")
@policy.requires("programme.assess")
def record_response(request: AuthedRequest, survey_id: UUID, payload: FollowUpResponseIn) -> Status[dict[str, Any]]:
    response = assessments.record_response(
        actor=request.user, survey_id=survey_id, official_id=payload.official_id, useful=payload.useful,
        uses_skills=payload.uses_skills, answered_on=payload.answered_on,
        answers={"comment": payload.comment} if payload.comment else {})
    return Status(201, {"id": response.pk, "survey_id": response.survey_id, "counted": response.counted})


@router.put("/programmes/{programme_id}/publication", response={200: PublicationOut, **errors(401, 403, 404, 422)},
            summary="Publish the highlights report (or take it back)")
@policy.requires("programme.report.publish")
def publish(request: AuthedRequest, programme_id: UUID, payload: PublicationIn) -> dict[str, Any]:
    programme = assessments.publish_report(actor=request.user, programme_id=programme_id, publish=payload.publish)
    return {"programme": programme.pk, "published": payload.publish}
