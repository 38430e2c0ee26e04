"""Tables of `asylum`: fields, constraints, indexes; no business logic. The states and
outcomes are the codes of korak.asylum.rules; a test keeps the two equal."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from korak.core.models import BaseModel


class State(models.TextChoices):
    INTENTION_EXPRESSED = "intention_expressed", _("Intention expressed")
    REGISTERED = "registered", _("Registered")
    LODGED = "lodged", _("Lodged")
    IN_EXAMINATION = "in_examination", _("In examination")
    DECIDED = "decided", _("Decided")
    NOTIFIED = "notified", _("Decision notified")
    APPEALED = "appealed", _("Appeal pending")
    APPEAL_DECIDED = "appeal_decided", _("Appeal decided")
    FINAL = "final", _("Final")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Procedure(models.TextChoices):
    REGULAR = "regular", _("Regular procedure")
    ACCELERATED = "accelerated", _("Accelerated procedure")
    BORDER = "border", _("Border procedure")


class Outcome(models.TextChoices):
    REFUGEE_STATUS = "refugee_status", _("Refugee status")
    SUBSIDIARY_PROTECTION = "subsidiary_protection", _("Subsidiary protection")
    INADMISSIBLE = "inadmissible", _("Inadmissible")
    REJECTED = "rejected", _("Rejected")
    MANIFESTLY_UNFOUNDED = "manifestly_unfounded", _("Manifestly unfounded")
    DISCONTINUED = "discontinued", _("Discontinued")


class InterviewerSex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Application(BaseModel):
    """One asylum application, from the recorded intention to the final decision."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("applicant"))
    institution = models.ForeignKey("organisations.Institution", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("institution"))
    assigned_officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                         null=True, blank=True, verbose_name=_("assigned officer"))
    state = models.CharField(_("state"), max_length=30, choices=State.choices, default=State.INTENTION_EXPRESSED)
    procedure = models.CharField(_("procedure"), max_length=20, choices=Procedure.choices, blank=True)
    # The rule set is fixed when the case starts: a later law does not change its clock.
    jurisdiction = models.CharField(_("jurisdiction"), max_length=5)
    # Empty: the version in force on the day the case started.
    law_version = models.CharField(_("law version"), max_length=40, blank=True)
    at_border = models.BooleanField(_("at the border"), default=False)
    intention_at = models.DateTimeField(_("intention expressed"))
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    lodged_at = models.DateTimeField(_("lodged"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    final_at = models.DateTimeField(_("final"), null=True, blank=True)
    withdrawn_implicitly = models.BooleanField(_("withdrawn implicitly"), default=False)

    class Meta:
        ordering = ["-intention_at"]
        verbose_name = _("asylum application")
        verbose_name_plural = _("asylum applications")
        indexes = [models.Index(fields=["person", "state"]), models.Index(fields=["institution", "state"])]

    def __str__(self) -> str:
        return f"{self.get_state_display()} ({self.intention_at:%Y-%m-%d})"


class Interview(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="interviews")
    scheduled_at = models.DateTimeField(_("scheduled for"))
    interpreter_language = models.CharField(_("interpreter language"), max_length=3, blank=True)
    # The applicant may ask for an interviewer (and interpreter) of the same sex.
    interviewer_sex_requested = models.CharField(_("interviewer's sex requested"), max_length=10,
                                                 choices=InterviewerSex.choices, blank=True)
    interviewer_sex = models.CharField(_("interviewer's sex"), max_length=10, choices=InterviewerSex.choices,
                                       blank=True)
    held_at = models.DateTimeField(_("held"), null=True, blank=True)

    class Meta:
        ordering = ["scheduled_at"]

    def __str__(self) -> str:
        return f"{self.scheduled_at:%Y-%m-%d %H:%M}"


class Decision(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices)
    decided_at = models.DateTimeField(_("decided"))
    notified_at = models.DateTimeField(_("notified"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["decided_at"]

    def __str__(self) -> str:
        return self.get_outcome_display()


class Appeal(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="appeals")
    lodged_at = models.DateTimeField(_("lodged"))
    # Suspensive: the applicant may stay until the court decides (Dir 2013/32/EU Art 46(5)-(6)).
    suspensive = models.BooleanField(_("suspensive"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    upheld = models.BooleanField(_("upheld"), null=True, blank=True)

    class Meta:
        ordering = ["lodged_at"]

    def __str__(self) -> str:
        return f"{self.lodged_at:%Y-%m-%d}"
