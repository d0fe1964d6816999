"""Consent records (privacy.Consent) for the photo consents friendships already hold."""

from django.db import migrations


def forwards(apps, schema_editor):
    Friendship = apps.get_model("friendships", "Friendship")
    Consent = apps.get_model("privacy", "Consent")
    rows = [
        Consent(
            kind="greeting_photos",
            site_id=friendship.site_id,
            person_key=f"birthfamily-{friendship.child.family_id}",
            person_name=friendship.child.first_name[:200],
            scope_key=f"friendship-{friendship.pk}",
            scope_label=friendship.child.first_name[:200],
            wording_version="",
            given_at=friendship.greeting_photo_consent_at,
            given_method="unknown",
            recorded_by_id=friendship.greeting_photo_consent_by_id,
        )
        for friendship in Friendship.objects.filter(
            greeting_photo_consent_at__isnull=False
        ).select_related("child")
    ]
    Consent.objects.bulk_create(rows, batch_size=2000)


def backwards(apps, schema_editor):
    apps.get_model("privacy", "Consent").objects.filter(kind="greeting_photos").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("friendships", "0009_month_figures"),
        ("privacy", "0003_rights"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
