"""The outbox learns each message's site, an idempotency key per message, and encrypts texts.

Existing rows: every message gets its own key; subjects and texts (and the
development gateway's copies) are encrypted in place; the site is filled in
from what the message is about (its referral, friendship, visit, concern,
volunteer family, supervision session) wherever that leads to a site.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models

import hjemtilos.core.fields
from hjemtilos.core import crypto

BATCH = 500


def _give_keys(apps, schema_editor):
    Message = apps.get_model("messaging", "Message")
    for pk in Message.objects.filter(idempotency_key__isnull=True).values_list("pk", flat=True):
        Message.objects.filter(pk=pk).update(idempotency_key=uuid.uuid4())


def _transform(schema_editor, table, columns, change):
    """Rewrite ``columns`` of ``table`` with ``change`` (raw values: the historical
    model would try to decrypt the plaintext)."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    last = 0
    while True:
        with connection.cursor() as cursor:
            names = ", ".join(quote(c) for c in columns)
            cursor.execute(
                f"SELECT id, {names} FROM {quote(table)} WHERE id > %s ORDER BY id LIMIT {BATCH}",  # noqa: S608 - fixed names
                [last],
            )
            rows = cursor.fetchall()
            for pk, *values in rows:
                assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
                cursor.execute(
                    f"UPDATE {quote(table)} SET {assignments} WHERE id = %s",  # noqa: S608
                    [*(change(v) if v else v for v in values), pk],
                )
        if not rows:
            return
        last = rows[-1][0]


def _encrypt(apps, schema_editor):
    _transform(schema_editor, "messaging_message", ["subject", "body"], crypto.encrypt)
    _transform(schema_editor, "messaging_developmentsms", ["body"], crypto.encrypt)


def _decrypt(apps, schema_editor):
    _transform(schema_editor, "messaging_message", ["subject", "body"], crypto.decrypt)
    _transform(schema_editor, "messaging_developmentsms", ["body"], crypto.decrypt)


def _site_path(model, depth=2):
    """A lookup from ``model`` to its site's id (``site_id``, ``friendship__site_id``…)."""
    names = {f.name: f for f in model._meta.get_fields() if getattr(f, "many_to_one", False)}
    site = names.get("site")
    if site is not None and site.related_model._meta.label == "organisations.Site":
        return "site_id"
    if depth == 0:
        return None
    for name, field in sorted(names.items()):
        inner = _site_path(field.related_model, depth - 1)
        if inner is not None:
            return f"{name}__{inner}"
    return None


def _backfill_sites(apps, schema_editor):
    Message = apps.get_model("messaging", "Message")
    ContentType = apps.get_model("contenttypes", "ContentType")
    type_ids = (
        Message.objects.filter(site__isnull=True, related_type__isnull=False)
        .values_list("related_type_id", flat=True)
        .distinct()
    )
    for content_type in ContentType.objects.filter(pk__in=list(type_ids)):
        try:
            model = apps.get_model(content_type.app_label, content_type.model)
        except LookupError:
            continue
        path = _site_path(model)
        if path is None:
            continue
        messages = Message.objects.filter(site__isnull=True, related_type=content_type)
        ids = {int(i) for i in messages.values_list("related_id", flat=True) if i.isdigit()}
        sites = dict(model.objects.filter(pk__in=ids).values_list("pk", path))
        for related_id, site_id in sites.items():
            if site_id is not None:
                messages.filter(related_id=str(related_id)).update(site_id=site_id)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("messaging", "0001_initial"),
        ("organisations", "0002_load_reference_data"),
        # The models a message can be about, for the backfill of its site.
        ("referrals", "0002_enrollment_home_visit_notes"),
        ("volunteers", "0003_interview_household_changes_rate_limit"),
        ("followups", "0004_task_plan_item_and_concern"),
        ("friendships", "0006_status_event_shape"),
        ("safeguarding", "0002_status_event_shape"),
    ]

    operations = [
        migrations.AddField(
            model_name="message",
            name="site",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="organisations.site",
                verbose_name="site",
            ),
        ),
        migrations.AddField(
            model_name="message",
            name="handed_over_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="message",
            name="idempotency_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(_give_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="message",
            name="idempotency_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AddField(
            model_name="developmentsms",
            name="idempotency_key",
            field=models.UUIDField(editable=False, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="message",
            name="subject",
            field=hjemtilos.core.fields.EncryptedTextField(blank=True, verbose_name="subject"),
        ),
        migrations.AlterField(
            model_name="message",
            name="body",
            field=hjemtilos.core.fields.EncryptedTextField(verbose_name="text"),
        ),
        migrations.AlterField(
            model_name="developmentsms",
            name="body",
            field=hjemtilos.core.fields.EncryptedTextField(verbose_name="text"),
        ),
        migrations.RunPython(_encrypt, _decrypt),
        migrations.RunPython(_backfill_sites, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="message",
            index=models.Index(
                fields=["site", "status", "-created_at"], name="messaging_m_site_id_842405_idx"
            ),
        ),
    ]
