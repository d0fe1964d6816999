"""Move every authenticator from django-otp's TOTP table into ours, encrypting its secret.

django-otp's ``otp_totp_totpdevice`` kept each secret in clear text. Its rows
are copied into ``AuthenticatorDevice`` (the secret in an encrypted field, so
people keep their authenticator app) and then deleted, so no clear-text secret
is left behind. The old table stays, empty: its app is no longer installed.
"""

from django.db import migrations

LEGACY_TABLE = "otp_totp_totpdevice"
COLUMNS = (
    "user_id",
    "name",
    "confirmed",
    "key",
    "step",
    "t0",
    "digits",
    "tolerance",
    "drift",
    "last_t",
    "throttling_failure_timestamp",
    "throttling_failure_count",
    "created_at",
    "last_used_at",
)


def encrypt_legacy_secrets(apps, schema_editor):
    connection = schema_editor.connection
    if LEGACY_TABLE not in connection.introspection.table_names():
        return
    AuthenticatorDevice = apps.get_model("accounts", "AuthenticatorDevice")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(quote(c) for c in COLUMNS)} FROM {quote(LEGACY_TABLE)}"  # noqa: S608 - fixed names
        )
        rows = [dict(zip(COLUMNS, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        # ``created_at`` is set on insert (auto_now_add): restore it afterwards.
        device = AuthenticatorDevice.objects.create(**row)
        AuthenticatorDevice.objects.filter(pk=device.pk).update(created_at=row["created_at"])
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {quote(LEGACY_TABLE)}")  # noqa: S608 - a fixed name


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_security_and_invitations"),
    ]

    operations = [
        # Forward only: the secrets are not written back in clear text.
        migrations.RunPython(encrypt_legacy_secrets, migrations.RunPython.noop),
    ]
