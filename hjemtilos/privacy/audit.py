"""The audit log of personal data: who created, changed, deleted or read what.

Built on django-auditlog (writes are tracked through model signals; its
middleware records the acting user and IP address). Three additions:

* values of sensitive fields are never copied into the log: every
  ``EncryptedTextField`` plus any field named in ``sensitive_fields`` is
  recorded as changed with the value replaced by ``WITHHELD``;
* every read of a person's record goes through ``audit_read`` (the ``ACCESS``
  action), from pages and API operations alike: one row per record shown,
  written in one statement (docs/decisions/0041-audited-reads-and-headers.md);
* each registered model says whether it is a *case record* (children,
  families, friendships, concerns …): the audit pages show administrators
  such an entry's type and id only, never its name or values
  (docs/decisions/0040-need-to-know.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from hjemtilos.accounts.models import User
from hjemtilos.core.fields import EncryptedTextField
from hjemtilos.core.http import user_or_none

#: What the log shows instead of a sensitive value.
WITHHELD = "[withheld]"

# Models registered as system records (accounts, site settings): their entries
# may be shown with their name. Every other model is a case record.
_SYSTEM_RECORDS: set[type[models.Model]] = set()


def mask_sensitive(value: str) -> str:
    """Mask callable for django-auditlog: reveal nothing of the value."""
    return WITHHELD


def audit_register(
    model: type[models.Model],
    *,
    sensitive_fields: Iterable[str] = (),
    exclude_fields: Iterable[str] = (),
    case_record: bool = True,
) -> None:
    """Track creates, updates, deletes and reads of ``model`` in the audit log.

    Call from the owning app's ``AppConfig.ready``. Encrypted fields are
    masked automatically; list other sensitive fields in ``sensitive_fields``.
    ``case_record=False`` marks a system record (a user account, a site's
    settings) whose entries administrators may see by name.
    """
    if not case_record:
        _SYSTEM_RECORDS.add(model)
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


def is_case_record(model: type[models.Model] | None) -> bool:
    """True unless ``model`` was registered as a system record (unknown types count as case)."""
    return model not in _SYSTEM_RECORDS


def _records(items: Iterable[Any]) -> Iterable[models.Model]:
    for item in items:
        if isinstance(item, models.Model):
            yield item
        elif item is not None:
            yield from _records(item)


def audit_read(
    request: HttpRequest,
    *records: models.Model | Iterable[Any] | None,
    actor: User | None = None,
) -> None:
    """Record that the request's user read ``records``: one ``ACCESS`` row per record, one INSERT.

    Every page and API operation that shows a person's record calls this with
    what it shows: the record of a detail page, the rows of a list page (the
    current page of it), the entries of the screening page. ``records`` may be
    model instances and iterables of them (nested, ``None`` skipped); a record
    named twice is written once. The actor is the request's user as the view
    sees it (so an API key's owner too; ``actor`` where a secret link stands in
    for a login, as for a calendar feed), the address and correlation id those
    of django-auditlog's middleware; the row names the view
    (``additional_data["view"]``) and no object representation, so a read
    costs no query per row and copies no name into the log.
    """
    seen: dict[tuple[type[models.Model], str], models.Model] = {}
    for record in _records(records):
        if record.pk is not None:
            seen.setdefault((type(record), str(record.pk)), record)
    if not seen:
        return
    user = actor or user_or_none(request)
    context: dict[str, Any] = auditlog_value.get({})
    match = getattr(request, "resolver_match", None)
    view = match.view_name if match is not None else request.path
    types = ContentType.objects.get_for_models(*{model for model, _pk in seen})
    entries = [
        LogEntry(
            content_type=types[model],
            object_pk=pk,
            object_id=record.pk if isinstance(record.pk, int) else None,
            object_repr="",
            action=LogEntry.Action.ACCESS,
            actor=user,
            actor_email=user.email if user is not None else None,
            remote_addr=context.get("remote_addr") or request.META.get("REMOTE_ADDR"),
            remote_port=context.get("remote_port"),
            cid=get_cid(),
            additional_data={"view": view},
        )
        for (model, pk), record in seen.items()
    ]
    if len(entries) == 1:
        # A detail page's one record: a plain INSERT. ``bulk_create`` wraps even one row in
        # a transaction of its own, two more round trips on every such page.
        entries[0].save(force_insert=True)
    else:
        LogEntry.objects.bulk_create(entries)
