"""The audit log in words: its actions and the names of the records and fields it is about.

django-auditlog names its actions in untranslated English ("create", "access") and
keeps changed fields by their code names; the audit pages show them in the reader's
language instead.
"""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[int, Promise] = {
    LogEntry.Action.CREATE: _("Created"),
    LogEntry.Action.UPDATE: _("Changed"),
    LogEntry.Action.DELETE: _("Deleted"),
    LogEntry.Action.ACCESS: _("Read"),
}


def action_label(action: int) -> str:
    """The action of a log entry in words ("Oprettet", "Læst")."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else str(action)


def record_type_label(content_type: ContentType) -> str:
    """The kind of record, as the model names itself in the reader's language ("Barn")."""
    model = content_type.model_class()
    if model is None:  # a model removed since the entry was written
        return content_type.model
    return str(capfirst(model._meta.verbose_name))


def field_label(content_type: ContentType, name: str) -> str:
    """A changed field by its label ("Fornavn"), or its code name when the model lacks it."""
    model = content_type.model_class()
    if model is None:
        return name
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    verbose = getattr(field, "verbose_name", None)
    return str(capfirst(verbose)) if verbose else name
