"""People's names now follow korak.identity.normalise, Korak's one implementation of
transliteration, folding and spelling-blind keys (before: a copy of its older subset). The
forms computed from a name are derived data: recompute them for the rows already registered,
so a search finds them with the new keys. The names as written are not touched."""

from django.db import migrations

from korak.identity.normalise import match_key, script_of, to_latin


def recompute(apps, schema_editor):  # type: ignore[no-untyped-def]
    NameToken = apps.get_model("people", "NameToken")
    for model_name in ("Person", "Alias"):
        model = apps.get_model("people", model_name)
        changed = []
        for row in model.objects.only("pk", "given_name", "family_name", "given_name_latin",
                                      "family_name_latin").iterator(chunk_size=2000):
            given, family = to_latin(row.given_name), to_latin(row.family_name)
            if (given, family) != (row.given_name_latin, row.family_name_latin):
                row.given_name_latin, row.family_name_latin = given, family
                changed.append(row)
        model.objects.bulk_update(changed, ["given_name_latin", "family_name_latin"], batch_size=2000)
    Person = apps.get_model("people", "Person")
    scripts = []
    for row in Person.objects.only("pk", "given_name", "family_name", "name_script").iterator(chunk_size=2000):
        script = script_of(row.given_name + " " + row.family_name)
        if script != row.name_script:
            row.name_script = script
            scripts.append(row)
    Person.objects.bulk_update(scripts, ["name_script"], batch_size=2000)
    tokens = []
    for row in NameToken.objects.only("pk", "token", "key").iterator(chunk_size=5000):
        key = match_key(row.token)[:100]
        if key != row.key:
            row.key = key
            tokens.append(row)
    NameToken.objects.bulk_update(tokens, ["key"], batch_size=5000)


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0002_token_prefix_index"),
    ]

    operations = [
        migrations.RunPython(recompute, migrations.RunPython.noop, elidable=True),
    ]
