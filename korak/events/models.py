import uuid

from django.conf import settings
from django.db import models


class CaseEvent(models.Model):
    """An immutable fact about a case (DESIGN.md §4). Timelines, statistics and the exchange
    read these; nothing rewrites them. A correction is a new event that names the old one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(max_length=100)
    case_type = models.CharField(max_length=100)
    case_id = models.UUIDField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey("organisations.Institution", on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField()
    recorded_at = models.DateTimeField()
    payload = models.JSONField(default=dict)
    corrects = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections")

    class Meta:
        ordering = ["recorded_at"]
        indexes = [models.Index(fields=["case_type", "case_id", "recorded_at"]), models.Index(fields=["type"])]

    def __str__(self) -> str:
        return self.type
