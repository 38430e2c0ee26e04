"""Tables of `identity`: fields, constraints, indexes; no business logic."""

import uuid

from django.conf import settings
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


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    CONFIRMED = "confirmed", _("Same person")
    REJECTED = "rejected", _("Different persons")
    MERGED = "merged", _("Merged")


class MatchCandidate(models.Model):
    """A pair of registered persons that batch deduplication scored as possibly one person:
    the review queue. Written by `korak identity dedupe`; decided by an officer; never deleted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person_a = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    # The agreement level per field ({"given_name": "exact", ...}): the reviewer's explanation.
    levels = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING)
    run = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("match candidate")
        constraints = [models.UniqueConstraint(fields=["person_a", "person_b"], name="identity_one_candidate_per_pair")]
        indexes = [models.Index(fields=["status", "-score"], name="identity_review_queue_idx")]

    def __str__(self) -> str:
        return f"{self.person_a_id} ~ {self.person_b_id} ({self.score:.2f})"


class PersonMerge(models.Model):
    """`merged` is the same person as `survivor`. Neither record is edited or deleted: the merge is
    this row, with both persons' values as they stood (snapshot). Undoing it sets undone_at."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survivor = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    candidate = models.ForeignKey(MatchCandidate, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    snapshot = models.JSONField()
    reason = models.CharField(max_length=500)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField()
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    undone_at = models.DateTimeField(null=True, blank=True)
    undo_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("person merge")
        constraints = [
            # A person is merged into at most one other at a time.
            models.UniqueConstraint(fields=["merged"], condition=models.Q(undone_at__isnull=True),
                                    name="identity_one_active_merge_per_person"),
            models.CheckConstraint(condition=~models.Q(survivor=models.F("merged")), name="identity_merge_two_persons"),
        ]

    def __str__(self) -> str:
        return f"{self.merged_id} -> {self.survivor_id}"
