from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from korak.core.models import BaseModel


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class Person(BaseModel):
    """A third-country national as registered by one institution. Names are kept exactly as
    written, in any script; the Latin forms are computed from them."""

    given_name = models.CharField(_("given names"), max_length=200)
    family_name = models.CharField(_("family name"), max_length=200)
    given_name_latin = models.CharField(_("given names (Latin)"), max_length=200)
    family_name_latin = models.CharField(_("family name (Latin)"), max_length=200)
    name_script = models.CharField(_("script"), max_length=10)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    # A birth date is often known only in part: year, or year and month.
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField(_("month of birth"), null=True, blank=True)
    birth_day = models.PositiveSmallIntegerField(_("day of birth"), null=True, blank=True)
    place_of_birth = models.CharField(_("place of birth"), max_length=200, blank=True)
    country_of_birth = CountryField(_("country of birth"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    registering_institution = models.ForeignKey(
        "organisations.Institution", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("registering institution"),
    )
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["family_name_latin", "given_name_latin"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["registering_institution", "birth_year"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_month__isnull=True) | models.Q(birth_year__isnull=False),
                name="birth_month_needs_year",
            ),
            models.CheckConstraint(
                condition=models.Q(birth_day__isnull=True) | models.Q(birth_month__isnull=False),
                name="birth_day_needs_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family_name_latin}, {self.given_name_latin}"


class Nationality(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="nationalities")
    country = CountryField(_("nationality"), db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "country"], name="one_row_per_nationality")]

    def __str__(self) -> str:
        return str(self.country)


class DocumentType(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    ID_CARD = "id_card", _("Identity card")
    TRAVEL_DOCUMENT = "travel_document", _("Travel document")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    OTHER = "other", _("Other document")


class IdentityDocument(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices)
    number = models.CharField(_("document number"), max_length=50)
    # Upper-case, no spaces or dashes: "ab 123-45" and "AB12345" are one number.
    number_normalised = models.CharField(max_length=50, db_index=True)
    issuing_country = CountryField(_("issuing country"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["type", "number"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.issuing_country}"


class Alias(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    given_name = models.CharField(_("given names"), max_length=200, blank=True)
    family_name = models.CharField(_("family name"), max_length=200, blank=True)
    given_name_latin = models.CharField(max_length=200, blank=True)
    family_name_latin = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["family_name_latin", "given_name_latin"]
        verbose_name_plural = _("aliases")

    def __str__(self) -> str:
        return f"{self.family_name_latin}, {self.given_name_latin}"


class NameToken(models.Model):
    """One folded part of a name or alias, with its spelling-blind key: the search index.
    Rebuilt by the service whenever the names change."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_tokens")
    token = models.CharField(max_length=100)
    key = models.CharField(max_length=100)

    class Meta:
        indexes = [
            # Prefix search compares bytes (LIKE 'muh%'): on PostgreSQL the pattern operator class
            # serves it under any database collation (bs_BA sorts "lj" after "lz"). Elsewhere a
            # plain index; SQLite searches the prefix as a range.
            models.Index(fields=["token", "person"], name="people_token_prefix_idx",
                         opclasses=["varchar_pattern_ops", "uuid_ops"]),
            models.Index(fields=["key", "person"]),
        ]

    def __str__(self) -> str:
        return self.token
