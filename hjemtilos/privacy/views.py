"""The audit log for administrators: search, one entry, CSV export.

Administrators run the system and see no case records (docs/need-to-know.md):
an entry about a child, a family, a friendship or any other case record shows
its type and id only — no name, no changed values — and an action by a
volunteer or a parent names their role and user id, not the person. Entries
about system records (user accounts, site settings) are shown whole.

Reading the audit log is itself recorded (logger ``hjemtilos.audit``), so
who looked at whom stays traceable one level up without the log filling with
its own reads.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterator
from typing import Any

from auditlog.models import LogEntry
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from hjemtilos.accounts.models import Role
from hjemtilos.core.access import page_rule
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import paginate
from hjemtilos.privacy import policies, selectors
from hjemtilos.privacy.audit import WITHHELD, is_case_record
from hjemtilos.privacy.forms import AuditSearchForm
from hjemtilos.privacy.labels import action_label, field_label, record_type_label

audit_logger = logging.getLogger("hjemtilos.audit")


def _filters(request: AuthenticatedHttpRequest) -> tuple[AuditSearchForm, dict[str, Any]]:
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, filters


def _case_record(entry: LogEntry) -> bool:
    return is_case_record(entry.content_type.model_class())


def _record(entry: LogEntry) -> str:
    """The record an entry is about: its type and id, and its name only for a system record."""
    label = f"{record_type_label(entry.content_type)} #{entry.object_pk}"
    if _case_record(entry) or not entry.object_repr:
        return label
    return f"{label}: {entry.object_repr}"


def _actor(entry: LogEntry) -> str:
    """Who acted: staff by e-mail; a volunteer or a parent by role and user id only."""
    actor = entry.actor
    if actor is None:
        return entry.actor_email or "–"
    if actor.role in (Role.VOLUNTEER, Role.PARENT):
        return f"{actor.get_role_display()} #{actor.pk}"
    return str(actor.email)


def _changes(entry: LogEntry) -> list[dict[str, Any]]:
    """The changed fields; a case record's values are never shown (only which fields changed)."""
    hidden = _case_record(entry)
    rows = []
    for field, values in (entry.changes_dict or {}).items():
        old, new = [*values, None, None][:2] if isinstance(values, list) else (None, values)
        rows.append(
            {
                "field": field_label(entry.content_type, field),
                "old": None if hidden else old,
                "new": None if hidden else new,
                "withheld": WITHHELD in (old, new),
                "hidden": hidden,
            }
        )
    return rows


def _shown(entry: LogEntry) -> dict[str, Any]:
    return {
        "entry": entry,
        "record": _record(entry),
        "actor": _actor(entry),
        "action": action_label(entry.action),
    }


@page_rule(policies.can_search_audit_log)
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    audit_logger.info("audit log searched by %s with %s", request.user.pk, request.GET.dict())
    page = paginate(request, selectors.audit_entries(filters))
    for entry in page.object_list:
        # The row shows an acting volunteer or parent by role and id (see the module's doc).
        entry.shown_actor = _actor(entry)
        entry.shown_action = action_label(entry.action)
        entry.shown_record = f"{record_type_label(entry.content_type)} #{entry.object_pk}"
    return render(request, "privacy/audit_log.html", {"form": form, "page": page})


def audit_entry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = selectors.audit_entry_for_user_or_404(user=request.user, pk=pk)
    audit_logger.info("audit entry %s read by %s", pk, request.user.pk)
    return render(
        request,
        "privacy/audit_entry.html",
        {**_shown(entry), "changes": _changes(entry), "view": _view_name(entry)},
    )


def _view_name(entry: LogEntry) -> str:
    """The page or API operation a read was made through (``audit_read`` keeps it)."""
    data = entry.additional_data
    return str(data.get("view", "")) if isinstance(data, dict) else ""


class _Echo:
    def write(self, value: str) -> str:
        return value


@page_rule(policies.can_search_audit_log)
def audit_log_export(request: AuthenticatedHttpRequest) -> HttpResponse | StreamingHttpResponse:
    _form, filters = _filters(request)
    audit_logger.info("audit log exported by %s with %s", request.user.pk, request.GET.dict())
    writer = csv.writer(_Echo())
    entries = selectors.audit_entries(filters)

    def rows() -> Iterator[str]:
        yield writer.writerow(
            ["timestamp", "action", "actor", "object_type", "object_id", "object", "ip", "fields"]
        )
        for entry in entries.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    timezone.localtime(entry.timestamp).isoformat(),
                    entry.get_action_display(),
                    _actor(entry),
                    entry.content_type.model,
                    entry.object_pk,
                    "" if _case_record(entry) else entry.object_repr,
                    entry.remote_addr or "",
                    ", ".join(sorted((entry.changes_dict or {}).keys())),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="revisionslog-{stamp}.csv"'
    return response
