"""Tables of `identity`: fields, constraints, indexes; no business logic."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IdentityRecord(models.Model):
    """The normalised form of one person, as the candidate scorer reads it: folded name
    parts, the birth date as known, sex and nationalities. One row per person, rebuilt by
    korak.identity.services.index_person whenever the person is registered or edited."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, primary_key=True, related_name="+")
    # Folded name parts separated by spaces (particles kept; the scorer drops them).
    given = models.CharField(max_length=400)
    family = models.CharField(max_length=400)
    aliases = models.CharField(max_length=800, blank=True)
    script = models.CharField(max_length=10)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField(null=True, blank=True)
    birth_day = models.PositiveSmallIntegerField(null=True, blank=True)
    sex = models.CharField(max_length=10)
    nationalities = models.CharField(max_length=60, blank=True)  # ISO codes separated by spaces

    class Meta:
        verbose_name = _("identity record")

    def __str__(self) -> str:
        return f"{self.family}, {self.given}"


class IdentityKey(models.Model):
    """One blocking key of a person (a spelling-blind name key, alone or with another name
    key or the birth year or date): the index the online candidate query reads. Kinds are
    listed in korak.identity.normalise.keys."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=2)
    value = models.CharField(max_length=120)

    class Meta:
        indexes = [models.Index(fields=["kind", "value", "person"], name="identity_key_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


# --- Batch linkage (owned by I2) ---
