"""Load the 98 municipalities and 1,089 postal districts (GeoNames, CC BY 4.0)."""

from django.db import migrations

from hjemtilos.organisations.reference_data import load_reference_data


def load(apps, schema_editor):
    load_reference_data(
        apps.get_model("organisations", "Municipality"),
        apps.get_model("organisations", "PostalCode"),
    )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
