"""Report figures. Aggregates only: counts and rates, never a person's row.

Each report's selector lives in a module of its own (``recruitment``,
``status``, ``operations``) and returns a ``tables.Report``; each runs a
fixed number of SQL statements whatever the amount of data.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from hjemtilos.accounts.models import User
from hjemtilos.reports.policies import can_view_reports
from hjemtilos.reports.registry import ReportEntry, entry_for


def report_for_reading_or_404(*, user: User, slug: str) -> ReportEntry:
    """The report ``slug`` if ``user`` may read it: 403 for a role without reports or a report
    not for them, 404 for a report that does not exist."""
    if not can_view_reports(user):
        raise PermissionDenied
    entry = entry_for(slug)
    if entry is None:
        raise Http404
    if not entry.allowed(user):
        raise PermissionDenied
    return entry
