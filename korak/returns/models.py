"""Tables of `returns`: fields, constraints, indexes; no business logic. The codes are those
of korak.returns.rules; a test keeps the two equal."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from korak.core.models import BaseModel


class State(models.TextChoices):
    DECIDED = "decided", _("Return decided")
    REMOVAL_SCHEDULED = "removal_scheduled", _("Removal scheduled")
    DEPARTED = "departed", _("Departed voluntarily")
    REMOVED = "removed", _("Removed")
    ABSCONDED = "absconded", _("Absconded")
    NOT_REMOVABLE = "not_removable", _("Not removable")


class Measure(models.TextChoices):
    DETENTION = "detention", _("Detention")
    REPORTING = "reporting", _("Regular reporting")
    RESIDENCE = "residence", _("Designated residence")
    DEPOSIT = "deposit", _("Financial guarantee")
    SURRENDER_OF_DOCUMENTS = "surrender_of_documents", _("Surrender of documents")
    GUARANTOR = "guarantor", _("Guarantor")
    ELECTRONIC_MONITORING = "electronic_monitoring", _("Electronic monitoring")
    OPEN_ACCOMMODATION = "open_accommodation", _("Open accommodation")


class ReturnCase(BaseModel):
    """A return decision and everything done to carry it out."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    institution = models.ForeignKey("organisations.Institution", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("institution"))
    assigned_officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                         null=True, blank=True, verbose_name=_("assigned officer"))
    state = models.CharField(_("state"), max_length=30, choices=State.choices, default=State.DECIDED)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=5)
    # Empty: the version in force on the day the case started.
    law_version = models.CharField(_("law version"), max_length=40, blank=True)
    country_of_return = CountryField(_("country of return"))
    decided_at = models.DateTimeField(_("return decided"))
    # None: no period granted (Dir 2008/115/EC Art 7(4)).
    voluntary_departure_days = models.PositiveSmallIntegerField(_("voluntary departure (days)"), null=True,
                                                                blank=True)
    voluntary_departure_until = models.DateField(_("voluntary departure until"), null=True, blank=True)
    risk_recorded_at = models.DateTimeField(_("risk recorded"), null=True, blank=True)
    risk_reason = models.CharField(_("risk"), max_length=40, blank=True)
    entry_ban_years = models.PositiveSmallIntegerField(_("entry ban (years)"), null=True, blank=True)
    avr_enrolled_at = models.DateTimeField(_("assisted voluntary return"), null=True, blank=True)
    removal_on = models.DateField(_("removal scheduled for"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    not_removable_reason = models.CharField(_("why not removable"), max_length=40, blank=True)

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("return case")
        verbose_name_plural = _("return cases")
        indexes = [models.Index(fields=["person", "state"]), models.Index(fields=["institution", "state"])]

    def __str__(self) -> str:
        return f"{self.get_state_display()} ({self.decided_at:%Y-%m-%d})"


class VoluntaryDepartureExtension(models.Model):
    case = models.ForeignKey(ReturnCase, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("days"))
    reason = models.CharField(_("reason"), max_length=40)
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"+{self.days}"


class IdentificationRequest(models.Model):
    """A request to a country of origin to confirm who the person is."""

    case = models.ForeignKey(ReturnCase, on_delete=models.CASCADE, related_name="identification_requests")
    country = CountryField(_("country asked"))
    sent_at = models.DateTimeField(_("sent"))
    consular_interview_on = models.DateField(_("consular interview"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminder_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    identified = models.BooleanField(_("identified"), null=True, blank=True)

    class Meta:
        ordering = ["sent_at"]
        indexes = [models.Index(fields=["country", "answered_at"])]

    def __str__(self) -> str:
        return str(self.country)


class TravelDocument(models.Model):
    case = models.ForeignKey(ReturnCase, on_delete=models.CASCADE, related_name="travel_documents")
    country = CountryField(_("issuing country"))
    requested_at = models.DateTimeField(_("requested"))
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["requested_at"]

    def __str__(self) -> str:
        return str(self.country)


class ReadmissionRequest(models.Model):
    case = models.ForeignKey(ReturnCase, on_delete=models.CASCADE, related_name="readmission_requests")
    agreement = models.CharField(_("agreement"), max_length=40)
    sent_at = models.DateTimeField(_("sent"))
    reply_due = models.DateField(_("reply due"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    accepted = models.BooleanField(_("accepted"), null=True, blank=True)

    class Meta:
        ordering = ["sent_at"]

    def __str__(self) -> str:
        return self.agreement


class Detention(models.Model):
    """One period of pre-removal detention, or an alternative to it (kind != "detention")."""

    case = models.ForeignKey(ReturnCase, on_delete=models.CASCADE, related_name="detentions")
    kind = models.CharField(_("measure"), max_length=30, choices=Measure.choices)
    started_on = models.DateField(_("from"))
    # The day the current authorisation runs out: 6 months first, then extended.
    until = models.DateField(_("authorised until"), null=True, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["started_on"]
        indexes = [models.Index(fields=["kind", "ended_on", "until"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.started_on}"


class DetentionExtension(models.Model):
    detention = models.ForeignKey(Detention, on_delete=models.CASCADE, related_name="extensions")
    months = models.PositiveSmallIntegerField(_("months"))
    reason = models.CharField(_("reason"), max_length=40)
    until = models.DateField(_("until"))
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"+{self.months}"
