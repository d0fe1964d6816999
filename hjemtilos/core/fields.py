"""Model fields shared by every app."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Combinable, Expression

from hjemtilos.core import crypto


class EncryptedTextField(models.TextField[str | Combinable, str]):
    """Free text that is encrypted at rest (needs, diagnoses, concerns).

    The database holds only the Fernet token, so the column cannot be
    searched, ordered or filtered on: use it for text that is read, never
    queried. The audit log records that such a field changed, never its value
    (see ``hjemtilos.privacy.audit``).
    """

    description = "Text encrypted at rest"
    encrypted = True

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return crypto.encrypt(str(value))

    def from_db_value(
        self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper
    ) -> str | None:
        if value is None:
            return None
        return crypto.decrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        # Only null checks make sense on ciphertext; anything else would
        # silently compare against a random token.
        if lookup_name != "isnull":
            raise NotImplementedError(f"EncryptedTextField does not support '{lookup_name}'")
        return super().get_lookup(lookup_name)
