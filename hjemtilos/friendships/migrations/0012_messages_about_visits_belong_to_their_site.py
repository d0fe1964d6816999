"""Messages about a visit (or a logbook entry) belong to the friendship's site.

The outbox found a message's site through the first foreign key in alphabetical order: a
visit's (nullable) agreement, a logbook entry's (nullable) follow-up task. A reminder about
a visit without an agreement therefore had no site and showed in no site's outbox. Since
``messaging.services.site_path`` takes the nearest required link, new messages are right;
this gives the earlier ones their site.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    Message = apps.get_model("messaging", "Message")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model_name in ("visit", "logbookentry"):
        model = apps.get_model("friendships", model_name)
        kind = ContentType.objects.filter(app_label="friendships", model=model_name).first()
        if kind is None:
            continue
        orphans = list(
            Message.objects.filter(related_type=kind, site__isnull=True).values_list(
                "pk", "related_id"
            )
        )
        for start in range(0, len(orphans), 1000):
            chunk = orphans[start : start + 1000]
            site_of = dict(
                model.objects.filter(
                    pk__in=[int(related) for _pk, related in chunk if related.isdigit()]
                ).values_list("pk", "friendship__site_id")
            )
            by_site: dict[int, list[int]] = {}
            for pk, related in chunk:
                site_id = site_of.get(int(related)) if related.isdigit() else None
                if site_id is not None:
                    by_site.setdefault(site_id, []).append(pk)
            for site_id, pks in by_site.items():
                Message.objects.filter(pk__in=pks).update(site_id=site_id)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("friendships", "0011_logbook_unscreened_by_friendship"),
        ("messaging", "0002_outbox_sites_keys_encryption"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
