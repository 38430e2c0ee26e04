"""Key rotation for the encrypted fields: every EncryptedTextField column of every model is
walked, and each value the newest key cannot open alone is re-encrypted under it. Values are
read raw (cast to text, so nothing is decrypted into memory that need not be) and written back
only if unchanged since they were read: a concurrent edit is already under the newest key."""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast

from korak.audit import services as audit
from korak.protection import fields


@dataclass
class ColumnReport:
    table: str
    column: str
    checked: int = 0
    rotated: int = 0
    failed: int = 0


@dataclass
class RotationReport:
    columns: list[ColumnReport] = field(default_factory=list)

    @property
    def checked(self) -> int:
        return sum(c.checked for c in self.columns)

    @property
    def rotated(self) -> int:
        return sum(c.rotated for c in self.columns)

    @property
    def failed(self) -> int:
        return sum(c.failed for c in self.columns)


def encrypted_columns() -> list[tuple[type[models.Model], fields.EncryptedTextField]]:
    found = []
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        found += [(model, f) for f in model._meta.concrete_fields if isinstance(f, fields.EncryptedTextField)]
    return found


def rotate_all(*, chunk_size: int = 500) -> RotationReport:
    report = RotationReport()
    for model, column in encrypted_columns():
        result = ColumnReport(table=model._meta.db_table, column=column.column or column.name)
        report.columns.append(result)
        manager = model._default_manager
        raw = manager.exclude(**{f"{column.name}__isnull": True}).values_list(
            "pk", Cast(column.name, output_field=models.TextField()))
        for pk, token in raw.iterator(chunk_size=chunk_size):
            result.checked += 1
            if fields.is_current(token):
                continue
            try:
                rotated = fields.rotate(token)
            except fields.UndecryptableError:
                result.failed += 1
                continue
            with transaction.atomic():
                manager.filter(pk=pk, **{column.name: fields.Ciphertext(token)}).update(**{column.name: rotated})
            result.rotated += 1
    audit.record(actor="system:keys-rotate", institution="", action="protection.keys.rotate",
                 object_type="protection.keys", object_id="all",
                 details={"checked": report.checked, "rotated": report.rotated, "failed": report.failed})
    return report
