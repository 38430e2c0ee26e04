from django.db import migrations

COUNTRIES = [
    ("BA", "Bosnia and Herzegovina", False),
    ("RS", "Serbia", False),
    ("ME", "Montenegro", False),
    ("MK", "North Macedonia", False),
    ("AT", "Austria", True),
    ("SI", "Slovenia", True),
]


def add_countries(apps, schema_editor):
    country = apps.get_model("organisations", "Country")
    for code, name, is_partner in COUNTRIES:
        country.objects.update_or_create(code=code, defaults={"name": name, "is_partner": is_partner})


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(add_countries, migrations.RunPython.noop)]
