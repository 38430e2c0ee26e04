from django.db import models


class AuditEntry(models.Model):
    """One write or sensitive read. Append-only: database triggers refuse UPDATE and DELETE.
    Holds who, what and which record, never the personal data itself."""

    # Gapless and assigned under a lock, so a missing number proves a deleted row.
    seq = models.BigIntegerField(primary_key=True)
    occurred_at = models.DateTimeField()
    actor = models.CharField(max_length=64)
    institution = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    details = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["actor"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"
