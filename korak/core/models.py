"""The shared kernel's tables: the abstract base of every record, and API idempotency keys."""

import uuid

from django.db import models


class BaseModel(models.Model):
    """UUID key (no guessable sequence in URLs), timestamps, and a version for optimistic
    concurrency: an edit names the version it read, and a stale one is refused."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class IdempotencyRecord(models.Model):
    """The first answer to an API write, replayed when the same key comes again."""

    # Who sent it: the user's id, or a digest of the API token; never the token itself.
    principal = models.CharField(max_length=64)
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response_body = models.BinaryField()
    response_headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["principal", "key"], name="idempotency_key_per_user")]

    def __str__(self) -> str:
        return f"{self.method} {self.path}"
