"""``manage.py rotate_encryption_keys``: re-encrypt every sensitive value with the newest key.

Procedure (see docs/decisions/0004-encrypted-fields.md): put the new key first
in ``FIELD_ENCRYPTION_KEYS`` and keep the old ones after it; deploy; run this
command; then remove the old keys. Values are read and written as raw tokens,
so the plaintext is never held longer than one ``MultiFernet.rotate`` call.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from hjemtilos.core import crypto
from hjemtilos.core.fields import EncryptedTextField

BATCH = 1000


def encrypted_columns() -> list[tuple[Any, EncryptedTextField]]:
    """Every (model, field) pair holding encrypted text."""
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.local_fields
        if isinstance(field, EncryptedTextField)
    ]


def rotate_column(model: Any, field: EncryptedTextField, *, dry_run: bool = False) -> int:
    """Re-encrypt one column in batches; returns the number of values rotated."""
    quote = connection.ops.quote_name
    table, column, pk = (
        quote(model._meta.db_table),
        quote(str(field.column)),
        quote(model._meta.pk.column),
    )
    rotated = 0
    last_pk: Any = None
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            where = f"WHERE {column} IS NOT NULL AND {column} <> ''"
            params: list[Any] = []
            if last_pk is not None:
                where += f" AND {pk} > %s"
                params.append(last_pk)
            cursor.execute(
                f"SELECT {pk}, {column} FROM {table} {where} ORDER BY {pk} LIMIT {BATCH}",  # noqa: S608 - names are quoted model metadata
                params,
            )
            rows = cursor.fetchall()
            if not rows:
                return rotated
            for row_pk, token in rows:
                try:
                    new_token = crypto.reencrypt(token)
                except crypto.InvalidToken as exc:
                    raise CommandError(
                        f"{model._meta.label}.{field.name} id={row_pk} cannot be decrypted "
                        "with any key in FIELD_ENCRYPTION_KEYS"
                    ) from exc
                if not dry_run:
                    cursor.execute(
                        f"UPDATE {table} SET {column} = %s WHERE {pk} = %s",  # noqa: S608
                        [new_token, row_pk],
                    )
                rotated += 1
            last_pk = rows[-1][0]


class Command(BaseCommand):
    help = "Re-encrypt all encrypted fields with the first key in FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        total = 0
        for model, field in encrypted_columns():
            count = rotate_column(model, field, dry_run=dry_run)
            total += count
            self.stdout.write(f"{model._meta.label}.{field.name}: {count}")
        verb = "would be re-encrypted" if dry_run else "re-encrypted"
        self.stdout.write(self.style.SUCCESS(f"{total} values {verb}."))
