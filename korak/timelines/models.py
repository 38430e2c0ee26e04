"""The computed deadlines of asylum and return cases: one row per rule a case event started.
Rows are written only by korak.timelines.services.on_case_event, from the case's events."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from korak.core.models import BaseModel


class CaseKind(models.TextChoices):
    ASYLUM = "asylum", _("Asylum application")
    RETURN = "return", _("Return case")


class DeadlineStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MET = "met", _("Met")
    CANCELLED = "cancelled", _("No longer applies")


class Deadline(BaseModel):
    case_id = models.UUIDField(_("case"))
    case_kind = models.CharField(_("case kind"), max_length=10, choices=CaseKind.choices)
    institution = models.ForeignKey("organisations.Institution", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("institution"))
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("officer"))
    rule_id = models.CharField(_("rule"), max_length=100)
    title = models.CharField(_("title"), max_length=200)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=2)
    law_version = models.CharField(_("law version"), max_length=50)
    country = models.CharField(_("country"), max_length=2)
    reference = models.CharField(_("legal basis"), max_length=300)
    consequence = models.CharField(_("consequence"), max_length=20)
    verified = models.BooleanField(_("verified against the legal text"), default=False)
    start_event = models.ForeignKey("events.CaseEvent", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("runs from"))
    due_at = models.DateTimeField(_("due at"))
    due_date = models.DateField(_("due date"))
    extensions = models.JSONField(_("extensions applied"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DeadlineStatus.choices,
                              default=DeadlineStatus.OPEN)
    closed_event = models.ForeignKey("events.CaseEvent", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The engine's steps (codes and values), rendered in the reader's language by explain.py.
    explanation = models.JSONField(_("explanation"), default=list)

    class Meta:
        ordering = ["due_at"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        indexes = [
            # The board: an institution's open deadlines by due time (the officer last, so counting
            # per officer reads the index alone), and one officer's.
            models.Index(fields=["institution", "status", "due_at", "officer"], name="deadline_board"),
            models.Index(fields=["officer", "status", "due_at"], name="deadline_officer"),
            models.Index(fields=["case_id", "due_at"], name="deadline_case"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["case_id", "rule_id", "start_event"], name="deadline_once_per_start"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.due_date.isoformat()}"
