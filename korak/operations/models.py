"""Tables of `operations`: fields, constraints, indexes; no business logic.

Escorts point at programme officials and returnees at return cases by UUID: the trained
official and the return case live in other apps, asked through their queries."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from korak.core.models import BaseModel


class OperationKind(models.TextChoices):
    SCHEDULED_FLIGHT = "scheduled_flight", _("Scheduled flight")
    CHARTER = "charter", _("Charter flight")
    LAND_HANDOVER = "land_handover", _("Hand-over at a land border")


class Cooperation(models.TextChoices):
    NATIONAL = "national", _("National")
    JOINT = "joint", _("Joint, with other countries")


class OperationState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Phase(models.TextChoices):
    PRE_RETURN = "pre_return", _("Pre-return")
    PRE_DEPARTURE = "pre_departure", _("Pre-departure")
    IN_TRANSIT = "in_transit", _("In transit (with stopovers)")
    HANDOVER = "handover", _("Hand-over")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class FitToTravel(models.TextChoices):
    FIT = "fit", _("Fit to travel")
    FIT_WITH_CONDITIONS = "fit_with_conditions", _("Fit to travel with conditions")
    UNFIT = "unfit", _("Not fit to travel")


class TeamRole(models.TextChoices):
    ESCORT_LEADER = "escort_leader", _("Escort leader")
    ESCORT_OFFICER = "escort_officer", _("Escort officer")
    MEDICAL = "medical", _("Medical staff")
    INTERPRETER = "interpreter", _("Interpreter")


class Operation(BaseModel):
    reference = models.CharField(_("reference"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=OperationKind.choices)
    cooperation = models.CharField(_("national or joint"), max_length=10, choices=Cooperation.choices,
                                   default=Cooperation.NATIONAL)
    organising_institution = models.ForeignKey("organisations.Institution", on_delete=models.PROTECT,
                                               related_name="+", verbose_name=_("organising institution"))
    destination_country = CountryField(_("destination country"))
    partner_countries = models.JSONField(_("partner countries"), default=list, blank=True)
    stopovers = models.JSONField(_("stopovers"), default=list, blank=True)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    state = models.CharField(_("state"), max_length=20, choices=OperationState.choices,
                             default=OperationState.PLANNED)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        ordering = ["-first_day", "reference"]
        verbose_name = _("return operation")
        verbose_name_plural = _("return operations")
        indexes = [models.Index(fields=["organising_institution", "state"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(last_day__gte=models.F("first_day")),
                                   name="operation_ends_after_it_starts"),
            models.UniqueConstraint(fields=["organising_institution", "reference"],
                                    name="operation_reference_per_institution"),
        ]

    def __str__(self) -> str:
        return self.reference


class Returnee(BaseModel):
    """A person on an operation, with the individual risk assessment and fit-to-travel result."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="returnees")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("person"))
    # The return case (returns app) this returnee was drawn from; a reference, not a join.
    return_case_id = models.UUIDField(_("return case"), null=True, blank=True)
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices, blank=True)
    risk_reasons = models.TextField(_("reasons for the risk level"), blank=True)
    risk_assessed_at = models.DateTimeField(_("risk assessed at"), null=True, blank=True)
    fit_to_travel = models.CharField(_("fit to travel"), max_length=25, choices=FitToTravel.choices, blank=True)
    fit_to_travel_notes = models.TextField(_("fit-to-travel conditions"), blank=True)
    fit_checked_at = models.DateTimeField(_("fit to travel checked at"), null=True, blank=True)
    informed_of_complaints_at = models.DateTimeField(_("informed of the complaints mechanism"), null=True,
                                                     blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("returnee")
        constraints = [models.UniqueConstraint(fields=["operation", "person"], name="returnee_once_per_operation")]

    def __str__(self) -> str:
        return str(self.person)


class TeamMember(BaseModel):
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="team")
    role = models.CharField(_("role"), max_length=20, choices=TeamRole.choices)
    full_name = models.CharField(_("name"), max_length=200)
    # The trained official of the programme registry whose certificate is checked.
    official_id = models.UUIDField(_("programme official"), null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    languages = models.JSONField(_("languages"), default=list, blank=True)

    class Meta:
        ordering = ["role", "full_name"]
        verbose_name = _("team member")

    def __str__(self) -> str:
        return self.full_name


class MonitorAssignment(BaseModel):
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="monitor_assignments")
    monitor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey("organisations.Institution", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("monitoring body"))
    notified_at = models.DateTimeField(_("notified at"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["notified_at"]
        constraints = [models.UniqueConstraint(fields=["operation", "monitor"], name="monitor_once_per_operation")]

    def __str__(self) -> str:
        return str(self.monitor)


class OperationSettings(BaseModel):
    """Per organising institution; without a row the defaults of rules.DEFAULT_SETTINGS apply."""

    institution = models.OneToOneField("organisations.Institution", on_delete=models.CASCADE, related_name="+")
    monitor_notice_days = models.PositiveSmallIntegerField(_("days of notice to the monitor"), default=5)
    serious_incident_report_hours = models.PositiveSmallIntegerField(_("hours to report a serious incident"),
                                                                     default=24)
    complaint_days = models.PositiveSmallIntegerField(_("days to decide a complaint"), default=30)
    escorts_per_high_risk = models.PositiveSmallIntegerField(_("escorts per high-risk returnee"), default=2)
    escorts_per_medium_risk = models.PositiveSmallIntegerField(_("escorts per medium-risk returnee"), default=1)
    low_risk_per_escort = models.PositiveSmallIntegerField(_("low-risk returnees per escort"), default=2)

    def __str__(self) -> str:
        return str(self.institution_id)


class LogKind(models.TextChoices):
    EVENT = "event", _("Event")
    FORCE = "force", _("Use of force")
    RESTRAINT = "restraint", _("Restraint")
    BELONGINGS = "belongings", _("Belongings")
    HANDOVER = "handover", _("Hand-over record")


class LogEntry(BaseModel):
    """The execution log: appended, never edited."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="log")
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=LogKind.choices)
    returnee = models.ForeignKey(Returnee, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    occurred_at = models.DateTimeField(_("when"))
    description = models.TextField(_("what happened"))
    justification = models.TextField(_("individual-risk justification"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["occurred_at", "created_at"]

    def __str__(self) -> str:
        return f"{self.phase} {self.kind}"


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MODERATE = "moderate", _("Moderate")
    SERIOUS = "serious", _("Serious")


class Incident(BaseModel):
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="incidents")
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    returnee = models.ForeignKey(Returnee, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    occurred_at = models.DateTimeField(_("when"))
    description = models.TextField(_("what happened"))
    report_due_at = models.DateTimeField(_("serious incident report due"), null=True, blank=True)
    report = models.TextField(_("serious incident report"), blank=True)
    report_filed_at = models.DateTimeField(_("report filed at"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["occurred_at"]

    def __str__(self) -> str:
        return f"{self.severity} {self.phase}"


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class MonitoringReport(BaseModel):
    """The monitor's report. Once submitted the database itself refuses to change it (a
    trigger, migration 0002); a correction is a new report that names the one it corrects."""

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="reports")
    monitor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey("organisations.Institution", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT)
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    corrects = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="corrections", verbose_name=_("corrects"))
    pre_return = models.TextField(_("pre-return phase"), blank=True)
    pre_departure = models.TextField(_("pre-departure phase"), blank=True)
    in_transit = models.TextField(_("in transit, with stopovers"), blank=True)
    handover = models.TextField(_("hand-over"), blank=True)
    incidents = models.TextField(_("incidents observed"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["operation", "number"]
        constraints = [models.UniqueConstraint(fields=["operation", "monitor", "number"],
                                               name="report_version_per_monitor")]

    def __str__(self) -> str:
        return f"{self.operation_id} v{self.number}"


class Recommendation(models.Model):
    report = models.ForeignKey(MonitoringReport, on_delete=models.PROTECT, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField(_("recommendation"))

    class Meta:
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="recommendation_number")]

    def __str__(self) -> str:
        return f"{self.number}"


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Open: no response yet")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("Being implemented")
    NOT_ACCEPTED = "not_accepted", _("Not accepted, with reasons")
    CLOSED = "closed", _("Closed")


class RecommendationResponse(models.Model):
    """The authority's responses, one row each: the latest is the status, the rest its history."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="responses")
    status = models.CharField(_("status"), max_length=20, choices=RecommendationStatus.choices)
    text = models.TextField(_("response"))
    responded_at = models.DateTimeField()
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["recommendation", "responded_at", "id"]

    def __str__(self) -> str:
        return self.status


class PublishedReport(BaseModel):
    """The redacted version for publication: names and the redacted terms replaced."""

    report = models.OneToOneField(MonitoringReport, on_delete=models.PROTECT, related_name="publication")
    sections = models.JSONField(default=dict)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return str(self.report_id)


class ComplainantKind(models.TextChoices):
    RETURNEE = "returnee", _("The returnee")
    REPRESENTATIVE = "representative", _("A representative")


class ComplaintOutcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    PARTLY_UPHELD = "partly_upheld", _("Partly upheld")
    REJECTED = "rejected", _("Rejected")
    INADMISSIBLE = "inadmissible", _("Inadmissible")


class Complaint(BaseModel):
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="complaints")
    returnee = models.ForeignKey(Returnee, on_delete=models.PROTECT, related_name="complaints")
    lodged_by = models.CharField(_("lodged by"), max_length=20, choices=ComplainantKind.choices)
    representative_name = models.CharField(_("representative"), max_length=200, blank=True)
    lodged_at = models.DateTimeField(_("lodged at"))
    summary = models.TextField(_("complaint"))
    handling_institution = models.ForeignKey("organisations.Institution", on_delete=models.PROTECT,
                                             related_name="+", verbose_name=_("independent body"))
    due_on = models.DateField(_("decision due"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=ComplaintOutcome.choices, blank=True)
    outcome_reasons = models.TextField(_("reasons"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["lodged_at"]

    def __str__(self) -> str:
        return str(self.lodged_at)
