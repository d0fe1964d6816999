"""The audit log of personal data: who created, changed, deleted or viewed what.

Built on django-auditlog (writes are tracked through model signals; its
middleware records the acting user and IP address). Two additions:

* values of sensitive fields are never copied into the log: every
  ``EncryptedTextField`` plus any field named in ``sensitive_fields`` is
  recorded as changed with the value replaced by ``WITHHELD``;
* views of detail pages are logged with ``audit_log_access`` (the
  ``ACCESS`` action), which every child, family and concern detail view calls.
"""

from __future__ import annotations

from collections.abc import Iterable

from auditlog.registry import auditlog
from auditlog.signals import accessed
from django.db import models

from hjemtilos.core.fields import EncryptedTextField

#: What the log shows instead of a sensitive value.
WITHHELD = "[withheld]"


def mask_sensitive(value: str) -> str:
    """Mask callable for django-auditlog: reveal nothing of the value."""
    return WITHHELD


def audit_register(
    model: type[models.Model],
    *,
    sensitive_fields: Iterable[str] = (),
    exclude_fields: Iterable[str] = (),
) -> None:
    """Track creates, updates, deletes and views of ``model`` in the audit log.

    Call from the owning app's ``AppConfig.ready``. Encrypted fields are
    masked automatically; list other sensitive fields in ``sensitive_fields``.
    """
    masked = {f.name for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)}
    masked.update(sensitive_fields)
    if auditlog.contains(model):
        return
    auditlog.register(
        model,
        mask_fields=sorted(masked),
        mask_callable="hjemtilos.privacy.audit.mask_sensitive",
        exclude_fields=list(exclude_fields),
    )


def audit_log_access(instance: models.Model) -> None:
    """Record that the current user viewed ``instance`` (a detail page).

    The acting user and IP come from django-auditlog's middleware, so this
    must be called inside a request.
    """
    accessed.send(sender=type(instance), instance=instance)
