"""Tables of `protection`: fields, constraints, indexes; no business logic.

Vulnerability categories, narratives, reasoning and what a referral says about the person are
special-category data: they live in EncryptedTextField columns only. The plain columns hold
what everyone with a case may know (that special procedural guarantees apply), who did what
and when, and the states."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from korak.core.models import BaseModel
from korak.protection.fields import EncryptedTextField


class Occasion(models.TextChoices):
    REGISTRATION = "registration", _("At registration")
    LATER = "later", _("Later review")


class Screening(BaseModel):
    """One vulnerability screening of a person; the history is every row, the latest counts."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    institution = models.ForeignKey("organisations.Institution", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("institution"))
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("screened by"))
    screened_at = models.DateTimeField(_("screened at"))
    occasion = models.CharField(_("occasion"), max_length=20, choices=Occasion.choices, default=Occasion.REGISTRATION)
    # Comma-separated korak.protection.rules.Category codes, encrypted.
    categories = EncryptedTextField(_("vulnerabilities"), blank=True)
    narrative = EncryptedTextField(_("notes"), blank=True)
    # The one fact others may see: "special procedural guarantees apply".
    needs_found = models.BooleanField(_("special procedural guarantees apply"), default=False)

    class Meta:
        ordering = ["-screened_at"]
        verbose_name = _("vulnerability screening")
        indexes = [models.Index(fields=["person", "screened_at"])]

    def __str__(self) -> str:
        return f"screening {self.pk}"


class BestInterestsOutcome(models.TextChoices):
    STAY = "stay", _("Staying here is in the child's best interests")
    RETURN = "return", _("Return to family or care in the country of return is in the child's best interests")
    TRANSFER = "transfer", _("Joining family in another country is in the child's best interests")
    UNDETERMINED = "undetermined", _("Not yet determined: more information is needed")


class BestInterestsAssessment(BaseModel):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    institution = models.ForeignKey("organisations.Institution", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("institution"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("assessed by"))
    assessed_on = models.DateField(_("assessed on"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=BestInterestsOutcome.choices)
    reasoning = EncryptedTextField(_("reasoning"))

    class Meta:
        ordering = ["-assessed_on", "-created_at"]
        verbose_name = _("best-interests assessment")
        indexes = [models.Index(fields=["person", "assessed_on"])]

    def __str__(self) -> str:
        return f"best-interests assessment {self.pk}"


class RepresentativeKind(models.TextChoices):
    GUARDIAN = "guardian", _("Guardian")
    REPRESENTATIVE = "representative", _("Representative")


class Representative(BaseModel):
    """A child's guardian or representative; the appointment ends when ended_on is set."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    kind = models.CharField(_("kind"), max_length=20, choices=RepresentativeKind.choices)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("institution"), max_length=200,
                                    help_text=_("For example the centre for social work that appointed them."))
    appointed_on = models.DateField(_("appointed on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey("organisations.Institution", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-appointed_on"]
        verbose_name = _("guardian or representative")
        constraints = [
            models.CheckConstraint(condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F(
                "appointed_on")), name="representative_ends_after_appointment"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class Service(models.TextChoices):
    SHELTER = "shelter", _("Safe place to stay")
    MEDICAL = "medical", _("Medical care")
    PSYCHOSOCIAL = "psychosocial", _("Someone to talk to and emotional support")
    LEGAL_AID = "legal_aid", _("Free legal help")


class ConsentGiver(models.TextChoices):
    PERSON = "person", _("The person")
    PARENT = "parent", _("A parent")
    GUARDIAN = "guardian", _("The guardian or representative")


class Consent(BaseModel):
    """The person (or for a child, a parent or guardian) agreed to be referred for one kind of
    service. Withdrawable: a withdrawn consent covers nothing from that moment."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    purpose = models.CharField(_("for"), max_length=20, choices=Service.choices)
    given_by = models.CharField(_("given by"), max_length=20, choices=ConsentGiver.choices,
                                default=ConsentGiver.PERSON)
    given_by_name = models.CharField(_("name of who gave it"), max_length=200, blank=True)
    given_at = models.DateTimeField(_("given at"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey("organisations.Institution", on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent")
        indexes = [models.Index(fields=["person", "purpose"])]

    def __str__(self) -> str:
        return f"consent {self.pk}"


class ReferralState(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Referral(BaseModel):
    """A referral to a partner (an NGO or international organisation). The partner sees the
    fields marked "partner" below and nothing else of the person."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    referring_institution = models.ForeignKey("organisations.Institution", on_delete=models.PROTECT,
                                              related_name="+")
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey("organisations.Institution", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("partner"))
    # partner: the service, the need, how and when to reach the person, in which language,
    # and what the person agreed to share.
    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    need = EncryptedTextField(_("what is needed"))
    contact = EncryptedTextField(_("how to reach the person"))
    contact_window = models.CharField(_("when to reach them"), max_length=200)
    language = models.CharField(_("language"), max_length=3)
    shared_information = EncryptedTextField(_("what the person agreed to share"), blank=True)
    state = models.CharField(_("state"), max_length=20, choices=ReferralState.choices, default=ReferralState.SENT)
    sent_at = models.DateTimeField(_("sent at"))
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    partner_note = EncryptedTextField(_("partner's note"), blank=True)
    # Not seen by the partner:
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="referrals", null=True, blank=True)
    override_reason = EncryptedTextField(_("why without consent"), blank=True)
    overridden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                      null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("referral")
        indexes = [models.Index(fields=["partner", "state"]), models.Index(fields=["person", "sent_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(consent__isnull=False) | models.Q(overridden_by__isnull=False),
                                   name="referral_has_consent_or_override"),
        ]

    def __str__(self) -> str:
        return f"referral {self.pk}"


class PartnerReferral(Referral):
    """The same rows as the receiving partner reaches them: scoped by the partner institution
    (korak.policy.scopes), so the referring side's rules never leak to the partner and back."""

    class Meta:
        proxy = True
        verbose_name = _("referral received")
