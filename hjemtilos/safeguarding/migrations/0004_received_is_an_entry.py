""" "Received by the contact person" was a status; it is now a line of the timeline.

Concerns left in it go back to "raised" (awaiting assessment: the advisory
team's queue), and its events become "taken on by the contact person"
entries that change no status. Nothing is deleted.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    Concern = apps.get_model("safeguarding", "Concern")
    ConcernEvent = apps.get_model("safeguarding", "ConcernEvent")
    Concern.objects.filter(status="acknowledged").update(status="raised")
    ConcernEvent.objects.filter(to_status="acknowledged").update(
        kind="received", to_status="raised"
    )
    ConcernEvent.objects.filter(from_status="acknowledged").update(from_status="raised")


class Migration(migrations.Migration):
    dependencies = [("safeguarding", "0003_assessment_and_notification")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
