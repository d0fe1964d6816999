"""Operations that data migrations share.

``encrypt_existing`` turns plain text already stored in a column into the
Fernet tokens ``EncryptedTextField`` reads (and back, when the migration is
reversed). Run it while the column is still a plain text field in the
migration state, then alter the field to ``EncryptedTextField``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import migrations

from hjemtilos.core import crypto

_BATCH = 500


def _rewrite(
    apps: Any,
    schema_editor: Any,
    *,
    app_label: str,
    model_name: str,
    fields: tuple[str, ...],
    convert: Callable[[str], str],
) -> None:
    model = apps.get_model(app_label, model_name)
    rows = model._default_manager.using(schema_editor.connection.alias)
    batch = []
    for pk, *values in rows.values_list("pk", *fields).iterator(chunk_size=_BATCH):
        # Every non-null value, the empty string too: the field decrypts whatever it reads.
        changed = {f: convert(v) for f, v in zip(fields, values, strict=True) if v is not None}
        if changed:
            batch.append(model(pk=pk, **changed))
        if len(batch) >= _BATCH:
            rows.bulk_update(batch, fields)
            batch = []
    if batch:
        rows.bulk_update(batch, fields)


def encrypt_existing(app_label: str, model_name: str, *fields: str) -> migrations.RunPython:
    """Encrypt the stored values of ``fields``; decrypt them when reversed."""
    return migrations.RunPython(
        partial(
            _rewrite,
            app_label=app_label,
            model_name=model_name,
            fields=fields,
            convert=crypto.encrypt,
        ),
        partial(
            _rewrite,
            app_label=app_label,
            model_name=model_name,
            fields=fields,
            convert=crypto.decrypt,
        ),
    )
