"""Services and readers of tests and surveys: the only writers of the assessment tables.
Each write is one transaction: policy, validation (the pure rules of indicator_rules), write,
CaseEvent and audit entry. The follow-up job `send_due_follow_ups(now=...)` is idempotent."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from korak import policy
from korak.audit import services as audit
from korak.core.refusal import Refusal, RefusedError
from korak.events.services import record_event
from korak.organisations.models import User
from korak.programme import indicator_rules as rules
from korak.programme.models import (
    Activity,
    ActivityKind,
    Official,
    Participation,
    ParticipationStatus,
    Programme,
    Question,
    QuestionBank,
    ReportPublication,
    Survey,
    SurveyKind,
    SurveyResponse,
    Test,
    TestKind,
    TestResult,
)

CASE_TYPE = "programme.activity"
SYSTEM = "system:follow-ups"


def _refuse(code: str, message: Any, field: str | None = None) -> RefusedError:
    return RefusedError(Refusal(code=code, message=message, fields={field: [str(message)]} if field else {}))


def _log(*, actor: User, activity: Activity, action: str, now: datetime, details: dict[str, Any]) -> None:
    record_event(type=action.rsplit(".", 1)[-1], case_type=CASE_TYPE, case_id=activity.id, actor=actor,
                 institution=activity.organising_institution, occurred_at=now, recorded_at=now, payload=details)
    audit.record(actor=str(actor.pk), institution=str(activity.organising_institution_id), action=action,
                 object_type=CASE_TYPE, object_id=str(activity.id), occurred_at=now, details=details)


def _activity(actor: User, activity_id: UUID, *, lock: bool = False) -> Activity:
    queryset = Activity.objects.select_related("organising_institution")
    return policy.get_for(actor, queryset.select_for_update() if lock else queryset, activity_id,
                          "programme.assess")


def _attendee(activity: Activity, official_id: UUID | None) -> Official:
    """The survivor official who attended the activity; anyone else is refused by field."""
    official = Official.objects.filter(pk=official_id).first() if official_id else None
    while official is not None and official.merged_into_id is not None:
        official = official.merged_into
    if official is None or not Participation.objects.filter(
            activity=activity, official=official, status=ParticipationStatus.ATTENDED).exists():
        raise _refuse("not_an_attendee", _("This official did not attend the activity."), "official_id")
    return official


# --- question banks and tests ---------------------------------------------------------------

@dataclass(frozen=True)
class QuestionData:
    text: str
    choices: list[str]
    correct: int
    points: int = 1


def create_question_bank(*, actor: User, title: str, questions: list[QuestionData], language: str = "bs",
                         curriculum_id: UUID | None = None) -> QuestionBank:
    policy.require(actor, "programme.certify")
    if not title.strip():
        raise _refuse("invalid_bank", _("A question bank needs a title."), "title")
    for index, question in enumerate(questions):
        if not question.text.strip() or len(question.choices) < 2 or not 0 <= question.correct < len(question.choices):
            raise _refuse("invalid_question", _("Question %(n)d needs a text, two or more choices and the correct "
                                                "one.") % {"n": index + 1}, f"questions.{index}")
    with transaction.atomic():
        bank = QuestionBank.objects.create(title=title.strip(), language=language, curriculum_id=curriculum_id)
        Question.objects.bulk_create([Question(bank=bank, order=i, text=q.text.strip(), choices=q.choices,
                                               correct=q.correct, points=max(q.points, 1))
                                      for i, q in enumerate(questions)])
        audit.record(actor=str(actor.pk), institution="", action="programme.question_bank.create",
                     object_type="programme.question_bank", object_id=str(bank.pk),
                     details={"questions": len(questions)})
    return bank


def create_test(*, actor: User, activity_id: UUID, kind: str, bank_id: UUID | None = None) -> Test:
    now = timezone.now()
    if kind not in TestKind.values:
        raise _refuse("invalid_kind", _("A test is a pre-test or a post-test."), "kind")
    with transaction.atomic():
        activity = _activity(actor, activity_id, lock=True)
        test, created = Test.objects.get_or_create(activity=activity, kind=kind, defaults={"bank_id": bank_id})
        if created:
            _log(actor=actor, activity=activity, action="programme.test.create", now=now,
                 details={"test": str(test.pk), "kind": kind})
    return test


def score_answers(bank: QuestionBank, answers: list[int]) -> Decimal:
    """Percent of the bank's points earned; an unanswered question earns nothing."""
    questions = list(bank.questions.all())
    total = sum(q.points for q in questions)
    if not total:
        return Decimal(0)
    earned = sum(q.points for q, given in zip(questions, answers, strict=False) if given == q.correct)
    return (Decimal(earned) * 100 / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def record_test_result(*, actor: User, test_id: UUID, official_id: UUID, score: Decimal | None = None,
                       answers: list[int] | None = None) -> TestResult:
    """A score in percent, or the answers to the test's bank (scored here). Recording again
    for the same person corrects the score; the audit entry keeps both versions' numbers."""
    now = timezone.now()
    with transaction.atomic():
        test = Test.objects.select_related("activity", "bank").filter(pk=test_id).first()
        if test is None:
            raise policy.NotFoundError
        activity = _activity(actor, test.activity_id)
        official = _attendee(activity, official_id)
        if answers is not None and test.bank is not None:
            score = score_answers(test.bank, answers)
        if score is None or not Decimal(0) <= Decimal(score) <= Decimal(100):
            raise _refuse("invalid_score", _("A score is a percentage from 0 to 100."), "score")
        result, created = TestResult.objects.update_or_create(
            test=test, official=official,
            defaults={"score": Decimal(score), "answers": answers or [], "recorded_at": now})
        _log(actor=actor, activity=activity, action="programme.test.result", now=now,
             details={"test": str(test.pk), "official": str(official.pk), "score": str(result.score),
                      "corrected": not created})
    return result


def cohort_gain(*, actor: User, activity_id: UUID) -> rules.CohortGain[UUID]:
    """Normalised gain of the activity's participants on matched pairs, the excluded listed."""
    activity = policy.get_for(actor, Activity, activity_id, "programme.assess")
    scores: dict[str, dict[UUID, Decimal]] = {TestKind.PRE: {}, TestKind.POST: {}}
    merged_into = dict(Official.objects.filter(merged_into__isnull=False).values_list("id", "merged_into_id"))
    for kind, official_id, score in TestResult.objects.filter(test__activity=activity).values_list(
            "test__kind", "official_id", "score"):
        scores[kind][rules.survivor_of(official_id, merged_into)] = score
    return rules.cohort_gain(pre=scores[TestKind.PRE], post=scores[TestKind.POST])


# --- surveys ------------------------------------------------------------------------------------

def create_survey(*, actor: User, activity_id: UUID, kind: str, anonymous: bool = False) -> Survey:
    now = timezone.now()
    if kind not in SurveyKind.values:
        raise _refuse("invalid_kind", _("A survey is a satisfaction or a follow-up survey."), "kind")
    with transaction.atomic():
        activity = _activity(actor, activity_id, lock=True)
        survey, created = Survey.objects.get_or_create(activity=activity, kind=kind,
                                                       defaults={"anonymous": anonymous})
        if created:
            _log(actor=actor, activity=activity, action="programme.survey.create", now=now,
                 details={"survey": str(survey.pk), "kind": kind, "anonymous": anonymous})
    return survey


def record_response(*, actor: User, survey_id: UUID, official_id: UUID | None = None, useful: int | None = None,
                    uses_skills: bool | None = None, answered_on: date | None = None,
                    answers: dict[str, Any] | None = None) -> SurveyResponse:
    """One answer sheet, as filled in on paper or online. A linked survey names the attendee
    (one sheet each); an anonymous survey must not. A follow-up answer outside the window
    around day 90 is kept and flagged as not counted."""
    now = timezone.now()
    answered = answered_on or timezone.localdate(now)
    with transaction.atomic():
        survey = Survey.objects.select_related("activity").filter(pk=survey_id).first()
        if survey is None:
            raise policy.NotFoundError
        activity = _activity(actor, survey.activity_id)
        if useful is not None and not rules.LIKERT_MIN <= useful <= rules.LIKERT_MAX:
            raise _refuse("invalid_answer", _("Usefulness is answered on a scale from 1 to 5."), "useful")
        if survey.anonymous and official_id is not None:
            raise _refuse("anonymous_survey", _("This survey is anonymous: do not name the respondent."),
                          "official_id")
        official = None if survey.anonymous else _attendee(activity, official_id)
        if official is not None and SurveyResponse.objects.filter(survey=survey, official=official).exists():
            raise _refuse("already_answered", _("This official has already answered this survey."), "official_id")
        if answered < activity.ends_on - timedelta(days=1):
            raise _refuse("too_early", _("An answer cannot predate the end of the activity."), "answered_on")
        counted = (survey.kind != SurveyKind.FOLLOW_UP
                   or rules.answer_counts(ends_on=activity.ends_on, answered_on=answered))
        response = SurveyResponse.objects.create(survey=survey, official=official, useful=useful,
                                                 uses_skills=uses_skills, answered_on=answered,
                                                 answers=answers or {}, counted=counted)
        _log(actor=actor, activity=activity, action="programme.survey.response", now=now,
             details={"survey": str(survey.pk), "response": str(response.pk), "counted": counted})
    return response


@dataclass(frozen=True)
class FollowUpRun:
    sent: int  # surveys sent
    reminded: int  # surveys reminded
    messages: int  # e-mails handed to the mail server
    undelivered: int  # e-mails the mail server refused or could not be reached for


def _recipients(survey: Survey, *, only_without_answer: bool) -> list[str]:
    officials = Official.objects.filter(participations__activity=survey.activity_id,
                                        participations__status=ParticipationStatus.ATTENDED,
                                        merged_into__isnull=True).exclude(email="")
    if only_without_answer:
        officials = officials.exclude(survey_responses__survey=survey)
    return sorted(set(officials.values_list("email", flat=True)))


def _deliver(survey: Survey, emails: list[str], *, reminder: bool) -> tuple[int, int]:
    if not emails:
        return 0, 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Reminder: three months after the training") if reminder else gettext(
            "Three months after the training: do you use what you learnt?")
        body = gettext("Three months ago you took part in “%(title)s”. Please tell the programme "
                       "coordinator whether you use the skills you acquired there.") % {"title": survey.activity.title}
    # One message per address: recipients never see each other's addresses.
    messages = [(subject, body, None, [email]) for email in emails]
    try:
        return send_mass_mail(messages, fail_silently=False), 0
    except (OSError, smtplib.SMTPException):
        return 0, len(messages)


def send_due_follow_ups(*, now: datetime) -> FollowUpRun:
    """The follow-up job: for every training that ended 90 days ago or more, send its follow-up
    survey to the attendees once, and one reminder 7 days later to those who have not answered.
    Idempotent: each survey row is locked and its dates decide (indicator_rules.follow_up_step),
    so running the job twice, or twice at once, sends nothing twice."""
    today = timezone.localdate(now)
    # Stored and hashed in UTC: the audit chain recomputes the hash from what the database returns.
    now = now.astimezone(UTC)
    due = today - rules.FOLLOW_UP_AFTER
    sent = reminded = delivered = undelivered = 0
    candidates = Activity.objects.filter(kind=ActivityKind.TRAINING, ends_on__lte=due).exclude(
        surveys__kind=SurveyKind.FOLLOW_UP, surveys__reminder_at__isnull=False).values_list("pk", flat=True)
    for activity_id in list(candidates):
        with transaction.atomic():
            activity = Activity.objects.select_for_update().get(pk=activity_id)
            survey, _created = Survey.objects.get_or_create(activity=activity, kind=SurveyKind.FOLLOW_UP)
            survey = Survey.objects.select_for_update().select_related("activity").get(pk=survey.pk)
            step = rules.follow_up_step(
                ends_on=activity.ends_on, today=today,
                sent_on=timezone.localdate(survey.sent_at) if survey.sent_at else None,
                reminded_on=timezone.localdate(survey.reminder_at) if survey.reminder_at else None)
            if step is None:
                continue
            reminder = step == rules.FollowUpStep.REMIND
            emails = _recipients(survey, only_without_answer=reminder)
            ok, failed = _deliver(survey, emails, reminder=reminder)
            delivered, undelivered = delivered + ok, undelivered + failed
            if reminder:
                survey.reminder_at, reminded = now, reminded + 1
            else:
                survey.sent_at, sent = now, sent + 1
                survey.recipients = Participation.objects.filter(
                    activity=activity, status=ParticipationStatus.ATTENDED).count()
            survey.version += 1
            survey.save()
            audit.record(actor=SYSTEM, institution=str(activity.organising_institution_id),
                         action=f"programme.survey.follow_up.{step.value}", object_type=CASE_TYPE,
                         object_id=str(activity.pk), occurred_at=now,
                         details={"survey": str(survey.pk), "messages": ok, "undelivered": failed})
    return FollowUpRun(sent=sent, reminded=reminded, messages=delivered, undelivered=undelivered)


# --- publication of the highlights report -----------------------------------------------------

def publish_report(*, actor: User, programme_id: UUID, publish: bool = True) -> Programme:
    """Make the programme's highlights report public, or take it back."""
    now = timezone.now()
    policy.require(actor, "programme.report.publish")
    with transaction.atomic():
        programme = Programme.objects.select_for_update().filter(pk=programme_id).first()
        if programme is None:
            raise policy.NotFoundError
        if publish:
            ReportPublication.objects.get_or_create(programme=programme,
                                                    defaults={"published_by": actor, "published_at": now})
        else:
            ReportPublication.objects.filter(programme=programme).delete()
        audit.record(actor=str(actor.pk), institution="", action="programme.report." +
                     ("publish" if publish else "withdraw"), object_type="programme.programme",
                     object_id=str(programme.pk), occurred_at=now, details={})
    return programme
