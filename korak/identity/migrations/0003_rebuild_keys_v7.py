"""Rebuild every person's candidate keys from their normalised record: keys v7 added the day
and month of the birth date (nm) and the typo pairs without a year (tu), and the query looks
them up. The record holds everything the keys are made of, so no person is read; the same
rebuild is `korak identity reindex`. Nothing to undo: the keys are derived data."""

from django.db import migrations

BATCH = 2000


def rebuild(apps, schema_editor):
    from korak.identity.normalise.dates import PartialDate
    from korak.identity.normalise.keys import person_keys

    record_model = apps.get_model("identity", "IdentityRecord")
    key_model = apps.get_model("identity", "IdentityKey")
    records = record_model.objects.order_by("person_id").values_list(
        "person_id", "given", "family", "aliases", "birth_year", "birth_month", "birth_day")
    chunk = []

    def flush():
        ids = [row[0] for row in chunk]
        key_model.objects.filter(person_id__in=ids).delete()
        rows = []
        for person_id, given, family, aliases, year, month, day in chunk:
            names = [[*given.split(), *family.split()],
                     *[alias.split() for alias in (aliases or "").split(";") if alias.strip()]]
            date = PartialDate(year, month, day) if year else None
            rows += [key_model(person_id=person_id, kind=kind, value=value)
                     for kind, value in sorted(person_keys(names, date))]
        key_model.objects.bulk_create(rows, batch_size=5000)

    for row in records.iterator(chunk_size=BATCH):
        chunk.append(row)
        if len(chunk) >= BATCH:
            flush()
            chunk = []
    if chunk:
        flush()


class Migration(migrations.Migration):
    dependencies = [("identity", "0002_batch_review_merge")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
