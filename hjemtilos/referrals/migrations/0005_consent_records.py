"""Consent records (privacy.Consent) for the consents referrals already hold.

Before issue 12 a referral kept only the time each consent was recorded. Each becomes a
record kept under the child's family, given "in the enrollment form" as the form is the only
way they were recorded, with the wording version blank (not kept then).
"""

from django.db import migrations

BATCH = 2000


def forwards(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    Guardian = apps.get_model("referrals", "Guardian")
    Consent = apps.get_model("privacy", "Consent")
    names: dict[int, list[str]] = {}
    for family_id, first, last in Guardian.objects.order_by("id").values_list(
        "family_id", "first_name", "last_name"
    ):
        names.setdefault(family_id, []).append(f"{first} {last}")
    rows = []
    for referral in Referral.objects.select_related("child").iterator(chunk_size=BATCH):
        family_id = referral.child.family_id
        for kind, at in (
            ("referral", referral.consent_recorded_at),
            ("sharing", referral.sharing_consent_recorded_at),
        ):
            if at is None:
                continue
            rows.append(
                Consent(
                    kind=kind,
                    site_id=referral.site_id,
                    person_key=f"birthfamily-{family_id}",
                    person_name=(", ".join(names.get(family_id, [])) or "-")[:200],
                    scope_key=f"referral-{referral.pk}",
                    scope_label=referral.child.first_name[:200],
                    wording_version="",
                    given_at=at,
                    given_method="form",
                )
            )
        if len(rows) >= BATCH:
            Consent.objects.bulk_create(rows)
            rows = []
    Consent.objects.bulk_create(rows)


def backwards(apps, schema_editor):
    apps.get_model("privacy", "Consent").objects.filter(kind__in=["referral", "sharing"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0004_health_and_wishes_encrypted_text_limits"),
        ("privacy", "0003_rights"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
