"""The audit log for administrators: search, one entry, CSV export.

Reading the audit log is itself recorded (logger ``hjemtilos.audit``), so
who looked at whom stays traceable one level up.
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

from hjemtilos.core.access import page_rule
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import paginate
from hjemtilos.privacy import policies, selectors
from hjemtilos.privacy.audit import WITHHELD
from hjemtilos.privacy.forms import AuditSearchForm

audit_logger = logging.getLogger("hjemtilos.audit")


def _filters(request: AuthenticatedHttpRequest) -> tuple[AuditSearchForm, dict[str, Any]]:
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, filters


def _changes(entry: LogEntry) -> list[dict[str, Any]]:
    rows = []
    for field, values in (entry.changes_dict or {}).items():
        old, new = [*values, None, None][:2] if isinstance(values, list) else (None, values)
        rows.append(
            {
                "field": field,
                "old": old,
                "new": new,
                "withheld": WITHHELD in (old, new),
            }
        )
    return rows


@page_rule(policies.can_search_audit_log)
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    audit_logger.info("audit log searched by %s with %s", request.user.pk, request.GET.dict())
    page = paginate(request, selectors.audit_entries(filters))
    return render(request, "privacy/audit_log.html", {"form": form, "page": page})


def audit_entry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = selectors.audit_entry_for_user_or_404(user=request.user, pk=pk)
    audit_logger.info("audit entry %s read by %s", pk, request.user.pk)
    return render(request, "privacy/audit_entry.html", {"entry": entry, "changes": _changes(entry)})


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
                    entry.actor.email if entry.actor else entry.actor_email or "",
                    entry.content_type.model,
                    entry.object_pk,
                    entry.object_repr,
                    entry.remote_addr or "",
                    ", ".join(sorted((entry.changes_dict or {}).keys())),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="revisionslog-{stamp}.csv"'
    return response
