"""Tables of `programme`: fields, constraints, indexes; no business logic."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from korak.core.models import BaseModel


class Programme(BaseModel):
    """A capacity-building programme: the frame its activities and donors' indicators hang on."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    donors = models.TextField(_("donors"), blank=True)
    implementing_partners = models.TextField(_("implementing partners"), blank=True)
    target_countries = models.JSONField(_("target countries"), default=list, blank=True)

    class Meta:
        ordering = ["-period_start", "code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.title


class ActivityKind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    WORKSHOP = "workshop", _("Workshop")
    TRAINING = "training", _("Training")
    OPERATIONAL_MEETING = "operational_meeting", _("Operational meeting")
    BILATERAL_MEETING = "bilateral_meeting", _("Bilateral meeting")
    STUDY_VISIT = "study_visit", _("Study visit")
    REVIEW_MEETING = "review_meeting", _("Review meeting")
    CAMPAIGN = "campaign", _("Campaign")


class Activity(BaseModel):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="activities",
                                  verbose_name=_("programme"))
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=300)
    place = models.CharField(_("place"), max_length=200, blank=True)
    # Any country: study visits go abroad (AT, SI, ...), so not a foreign key to the node's countries.
    country = models.CharField(_("country"), max_length=2)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    themes = models.JSONField(_("themes"), default=list, blank=True)
    partners = models.JSONField(_("partner organisations"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    summaries = models.JSONField(_("summaries"), default=dict, blank=True)
    completion_threshold = models.DecimalField(
        _("completion threshold (% of sessions)"), max_digits=5, decimal_places=2, default=Decimal(80),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=False)
    organising_institution = models.ForeignKey(
        "organisations.Institution", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("organising institution"),
    )

    class Meta:
        ordering = ["starts_on", "title"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["programme", "starts_on"]), models.Index(fields=["kind", "country"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="activity_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title


class SessionPart(models.TextChoices):
    DAY = "day", _("Full day")
    AM = "am", _("Morning")
    PM = "pm", _("Afternoon")


class Session(BaseModel):
    """A day or half-day of an activity; attendance is recorded per session."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sessions")
    on = models.DateField(_("date"))
    part = models.CharField(_("part of day"), max_length=3, choices=SessionPart.choices, default=SessionPart.DAY)
    title = models.CharField(_("title"), max_length=300, blank=True)

    class Meta:
        ordering = ["on", "part"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [models.UniqueConstraint(fields=["activity", "on", "part"], name="one_session_per_part")]

    def __str__(self) -> str:
        return f"{self.on} {self.part}"


class OfficialSex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    NOT_RECORDED = "not_recorded", _("Not recorded")


class Official(BaseModel):
    """An official or expert taking part in the programme (not a third-country national of
    `people`). Names as written, in any script, plus their Latin forms and a folded key."""

    given_name = models.CharField(_("given name"), max_length=200)
    family_name = models.CharField(_("family name"), max_length=200)
    latin_given = models.CharField(_("given name (Latin)"), max_length=200)
    latin_family = models.CharField(_("family name (Latin)"), max_length=200)
    name_key = models.CharField(max_length=200, db_index=True)
    sex = models.CharField(_("sex"), max_length=15, choices=OfficialSex.choices, default=OfficialSex.NOT_RECORDED)
    institution = models.ForeignKey("organisations.Institution", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("institution"))
    country = models.CharField(_("country"), max_length=2, db_index=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    consent_to_publish = models.BooleanField(_("consents to be named in publications"), default=False)
    # A merged record stays, pointing to the survivor, so that undo can bring it back.
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="merged_records")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")

    class Meta:
        ordering = ["latin_family", "latin_given"]
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        indexes = [models.Index(fields=["institution", "latin_family"])]

    def __str__(self) -> str:
        return f"{self.latin_given} {self.latin_family}"


class NameSource(models.TextChoices):
    REGISTRATION = "registration", _("Registration")
    SHEET = "sheet", _("Sign-in sheet")
    MERGE = "merge", _("Merge")


class OfficialName(models.Model):
    """Every spelling an official was seen under: kept, never overwritten."""

    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="names")
    given_name = models.CharField(max_length=200)
    family_name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200, db_index=True)
    source = models.CharField(max_length=15, choices=NameSource.choices)
    # Which official first carried this spelling: a merge moves it, undo moves it back.
    origin = models.ForeignKey(Official, on_delete=models.CASCADE, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["official", "given_name", "family_name"],
                                               name="one_row_per_spelling")]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"


class ParticipationStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Attended")


class ParticipationRole(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    EXPERT = "expert", _("Expert")
    TRAINER = "trainer", _("Trainer")


class Participation(BaseModel):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participations")
    official = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="participations")
    status = models.CharField(_("status"), max_length=15, choices=ParticipationStatus.choices,
                              default=ParticipationStatus.INVITED)
    role = models.CharField(_("role"), max_length=15, choices=ParticipationRole.choices,
                            default=ParticipationRole.PARTICIPANT)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["activity", "official"], name="one_participation_per_activity")]

    def __str__(self) -> str:
        return f"{self.official} @ {self.activity}"


class AttendanceSource(models.TextChoices):
    CHECK_IN = "check_in", _("Check-in")
    SHEET = "sheet", _("Sign-in sheet")


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    official = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="attendances")
    source = models.CharField(max_length=10, choices=AttendanceSource.choices)
    sheet_import = models.ForeignKey("SheetImport", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="attendances")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["session", "recorded_at"]
        # A session attended twice (checked in and on the sheet) counts once.
        constraints = [models.UniqueConstraint(fields=["session", "official"], name="one_attendance_per_session")]
        indexes = [models.Index(fields=["official", "session"])]

    def __str__(self) -> str:
        return f"{self.official_id} @ {self.session_id}"


class SheetImport(BaseModel):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sheet_imports")
    sha256 = models.CharField(max_length=64)
    filename = models.CharField(max_length=255)
    rows = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    queued = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        # Re-importing the same file changes nothing: the digest is remembered per activity.
        constraints = [models.UniqueConstraint(fields=["activity", "sha256"], name="one_import_per_sheet")]

    def __str__(self) -> str:
        return self.filename


class CandidateStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    MERGED = "merged", _("Merged")
    REJECTED = "rejected", _("Not the same person")


class MatchCandidate(models.Model):
    """A pair of officials that may be one person, waiting for a coordinator's decision."""

    official_a = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="+")
    official_b = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField(max_digits=5, decimal_places=3)
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "created_at"]
        constraints = [models.UniqueConstraint(fields=["official_a", "official_b"], name="one_candidate_per_pair")]

    def __str__(self) -> str:
        return f"{self.official_a_id} ~ {self.official_b_id}"


class Merge(models.Model):
    """One merge of `merged` into `survivor`; the snapshot says what moved so undo can restore it."""

    survivor = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="merges_survived")
    merged = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="merges_absorbed")
    candidate = models.ForeignKey(MatchCandidate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    automatic = models.BooleanField(default=False)
    performed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    performed_at = models.DateTimeField()
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["-performed_at"]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.survivor_id}"


class Curriculum(BaseModel):
    """A certified course of study (escort officer, forced-return monitor): modules, attendance
    and pass mark required, and how long its certificate stays valid."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (0-100)"), default=70,
                                                 validators=[MaxValueValidator(100)])
    required_attendance = models.DecimalField(
        _("required attendance (%)"), max_digits=5, decimal_places=2, default=Decimal(80),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    validity_months = models.PositiveSmallIntegerField(_("validity (months)"), default=36)
    refresher_months = models.PositiveSmallIntegerField(_("refresher renews for (months)"), default=24)

    class Meta:
        ordering = ["code"]
        verbose_name = _("curriculum")
        verbose_name_plural = _("curricula")

    def __str__(self) -> str:
        return self.title


class CurriculumModule(models.Model):
    curriculum = models.ForeignKey(Curriculum, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(_("title"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    activities = models.ManyToManyField(Activity, blank=True, related_name="curriculum_modules",
                                        verbose_name=_("activities that deliver it"))

    class Meta:
        ordering = ["curriculum", "order"]

    def __str__(self) -> str:
        return self.title


class Certificate(BaseModel):
    official = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="certificates")
    curriculum = models.ForeignKey(Curriculum, on_delete=models.PROTECT, related_name="certificates")
    # Random, not derived from anything: the public page can be asked for any code safely.
    code = models.CharField(_("verification code"), max_length=32, unique=True)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)
    renews = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="renewals")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-issued_on"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        indexes = [models.Index(fields=["curriculum", "official", "valid_until"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(valid_until__gte=models.F("issued_on")),
                                   name="certificate_valid_after_issue"),
        ]

    def __str__(self) -> str:
        return self.code


# --- Assessments and surveys (owned by the results engineer) ---


class QuestionBank(BaseModel):
    """Questions a pre- or post-test draws on, e.g. one bank per curriculum module."""

    title = models.CharField(_("title"), max_length=300)
    curriculum = models.ForeignKey(Curriculum, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="question_banks", verbose_name=_("curriculum"))
    language = models.CharField(_("language"), max_length=10, default="bs")

    class Meta:
        ordering = ["title"]
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("question"))
    choices = models.JSONField(_("choices"), default=list)
    correct = models.PositiveSmallIntegerField(_("correct choice (from 0)"))
    points = models.PositiveSmallIntegerField(_("points"), default=1)

    class Meta:
        ordering = ["bank", "order"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text[:60]


class TestKind(models.TextChoices):
    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")


class Test(BaseModel):
    """The pre- or post-test of an activity; matched pairs are one person's pre and post."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="tests")
    kind = models.CharField(_("kind"), max_length=4, choices=TestKind.choices)
    bank = models.ForeignKey(QuestionBank, on_delete=models.SET_NULL, null=True, blank=True, related_name="tests")

    class Meta:
        ordering = ["activity", "kind"]
        verbose_name = _("test")
        verbose_name_plural = _("tests")
        constraints = [models.UniqueConstraint(fields=["activity", "kind"], name="one_test_per_kind")]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.kind}"


class TestResult(BaseModel):
    test = models.ForeignKey(Test, on_delete=models.CASCADE, related_name="results")
    official = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="test_results")
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2,
                                validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))])
    answers = models.JSONField(default=list, blank=True)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["test", "official"]
        verbose_name = _("test result")
        verbose_name_plural = _("test results")
        constraints = [
            models.UniqueConstraint(fields=["test", "official"], name="one_result_per_test"),
            models.CheckConstraint(condition=models.Q(score__gte=0, score__lte=100), name="score_is_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.official_id}: {self.score}"


class SurveyKind(models.TextChoices):
    SATISFACTION = "satisfaction", _("End-of-activity satisfaction survey")
    FOLLOW_UP = "follow_up", _("Follow-up survey (three months later)")


class Survey(BaseModel):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="surveys")
    kind = models.CharField(_("kind"), max_length=15, choices=SurveyKind.choices)
    # Anonymous: answers carry no official, so they count in the "not recorded" buckets.
    anonymous = models.BooleanField(_("anonymous"), default=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminder_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["activity", "kind"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [models.UniqueConstraint(fields=["activity", "kind"], name="one_survey_per_kind")]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.kind}"


class SurveyResponse(BaseModel):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    official = models.ForeignKey(Official, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="survey_responses")
    useful = models.PositiveSmallIntegerField(_("usefulness (1-5)"), null=True, blank=True,
                                              validators=[MinValueValidator(1), MaxValueValidator(5)])
    uses_skills = models.BooleanField(_("uses the skills"), null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    answered_on = models.DateField(_("answered on"))
    # A follow-up answer outside the window around day 90 is kept, flagged, and not counted.
    counted = models.BooleanField(default=True)

    class Meta:
        ordering = ["survey", "answered_on"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(fields=["survey", "official"], condition=models.Q(official__isnull=False),
                                    name="one_response_per_official"),
            models.CheckConstraint(condition=models.Q(useful__isnull=True) | models.Q(useful__gte=1, useful__lte=5),
                                   name="useful_is_likert"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.useful}"


class ReportPublication(BaseModel):
    """A programme whose highlights report the public may read (figures stay live)."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="publication")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField()

    class Meta:
        verbose_name = _("published report")
        verbose_name_plural = _("published reports")

    def __str__(self) -> str:
        return str(self.programme_id)
