from django.db import migrations

from hjemtilos.surveys.instruments import load_instruments


def load(apps, schema_editor):
    load_instruments(
        apps.get_model("surveys", "Survey"),
        apps.get_model("surveys", "SurveyVersion"),
        apps.get_model("surveys", "Question"),
    )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
