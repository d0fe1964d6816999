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

from auditlog.cid import get_cid
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import accessed
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import pre_save

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


def audit_log_access_many(instances: Iterable[models.Model]) -> None:
    """Record that the current user viewed each of ``instances``, in one insert.

    For a list page that shows personal data of many records (the outbox's
    recipients), and for models whose writes are not tracked (their access is
    logged all the same). Actor and IP come from django-auditlog's middleware,
    which fills them in through ``pre_save`` as for every other entry.
    """
    entries = []
    for instance in instances:
        entry = LogEntry(
            content_type=ContentType.objects.get_for_model(instance),
            object_pk=str(instance.pk),
            object_id=instance.pk if isinstance(instance.pk, int) else None,
            object_repr=str(instance),
            action=LogEntry.Action.ACCESS,
            cid=get_cid(),
        )
        pre_save.send(
            sender=LogEntry, instance=entry, raw=False, using="default", update_fields=None
        )
        entries.append(entry)
    LogEntry.objects.bulk_create(entries)
