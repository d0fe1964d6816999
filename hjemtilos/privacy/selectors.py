"""Reads of the audit log and of the records anonymisation holds back."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from auditlog.models import LogEntry
from django.db.models import QuerySet
from django.utils import timezone

from hjemtilos.accounts.models import Role, User
from hjemtilos.core.access import fetch_or_refuse
from hjemtilos.organisations.selectors import site_ids_for_staff
from hjemtilos.privacy import policies
from hjemtilos.privacy.models import RecordState, RetentionRecord


def audit_entry_for_user_or_404(*, user: User, pk: int) -> LogEntry:
    """One audit-log entry, for administrators (other roles 403)."""
    return fetch_or_refuse(
        LogEntry.objects.select_related("actor", "content_type"),
        user=user,
        pk=pk,
        page=policies.can_search_audit_log,
    )


def audit_entries(filters: dict[str, Any]) -> QuerySet[LogEntry]:
    """Log entries matching the (cleaned) search form, newest first."""
    # django-auditlog ships no types: say what its manager returns.
    qs: QuerySet[LogEntry] = LogEntry.objects.select_related("actor", "content_type")
    if filters.get("actor"):
        qs = qs.filter(actor_email__icontains=filters["actor"]) | qs.filter(
            actor__email__icontains=filters["actor"]
        )
    if filters.get("action") is not None:
        qs = qs.filter(action=filters["action"])
    if filters.get("object_type"):
        qs = qs.filter(content_type_id=filters["object_type"])
    if filters.get("object_id"):
        qs = qs.filter(object_pk=filters["object_id"])
    tz = timezone.get_current_timezone()
    if filters.get("date_from"):
        qs = qs.filter(timestamp__gte=datetime.combine(filters["date_from"], time.min, tz))
    if filters.get("date_to"):
        end = datetime.combine(filters["date_to"], time.min, tz) + timedelta(days=1)
        qs = qs.filter(timestamp__lt=end)
    if filters.get("remote_addr"):
        qs = qs.filter(remote_addr=filters["remote_addr"])
    return qs.order_by("-timestamp", "-id")


def held_records(user: User) -> QuerySet[RetentionRecord]:
    """Records the anonymisation job holds back: staff their sites', the advisory team all."""
    qs = RetentionRecord.objects.filter(state=RecordState.HELD).order_by("subject", "object_id")
    if user.role == Role.ADVISORY:
        return qs
    return qs.filter(site_id__in=list(site_ids_for_staff(user)))
