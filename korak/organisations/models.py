import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from korak.core.models import BaseModel


class Country(models.Model):
    """A country a node serves (BA, RS, ME, MK) or a partner country (AT, SI)."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    is_partner = models.BooleanField(_("partner country"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name


class InstitutionKind(models.TextChoices):
    BORDER_POLICE = "border_police", _("Border police")
    FOREIGNERS_SERVICE = "foreigners_service", _("Foreigners' service")
    ASYLUM_OFFICE = "asylum_office", _("Asylum office")
    MINISTRY = "ministry", _("Ministry")
    OMBUDSMAN = "ombudsman", _("Ombudsman")
    NGO = "ngo", _("Non-governmental organisation")
    INTERNATIONAL = "international", _("International organisation")


class Institution(BaseModel):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    kind = models.CharField(_("type"), max_length=30, choices=InstitutionKind.choices)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="institutions",
                                verbose_name=_("country"))
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name=_("part of"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [models.UniqueConstraint(fields=["country", "name"], name="institution_name_per_country")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CASE_OFFICER = "case_officer", _("Case officer")
    SUPERVISOR = "supervisor", _("Supervisor")
    RETURN_COORDINATOR = "return_coordinator", _("Return coordinator")
    ESCORT_OFFICER = "escort_officer", _("Escort officer")
    FORCED_RETURN_MONITOR = "forced_return_monitor", _("Forced-return monitor")
    PROTECTION_OFFICER = "protection_officer", _("Protection officer")
    PROGRAMME_COORDINATOR = "programme_coordinator", _("Programme coordinator")
    STATISTICIAN = "statistician", _("Statistician")
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data-protection officer")
    ADMINISTRATOR = "administrator", _("Administrator")
    # A user of a partner NGO or international organisation that receives protection referrals.
    REFERRAL_PARTNER = "referral_partner", _("Referral partner")


class User(AbstractUser):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    preferred_language = models.CharField(_("preferred language"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Membership(BaseModel):
    """A user works in an institution in a role; the policy reads nothing else."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="memberships",
                                    verbose_name=_("institution"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["institution", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "institution", "role"], name="one_membership_per_role"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} @ {self.institution}"


class ApiToken(BaseModel):
    """A machine's credential. Only a digest is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")

    def __str__(self) -> str:
        return self.name
