"""The retention schedule and the anonymisation of what has passed its period (docs/retention.md).

``retention_anonymise`` is what the daily job runs. For every registered
``Subject`` (a child's course, a volunteer family, a friendship, a concern …)
it finds the records whose period under the schedule has passed, leaves out
those held back (an open concern, an unacknowledged notification: written to
the ledger with the reason, for staff to see) and those already done (the
ledger), and anonymises the rest in batches with one UPDATE (or DELETE, for
photos) per registered model: names replaced, contact details, addresses,
free text and photos removed, dates of birth reduced to the year; dates,
statuses, sites and answers stay, so every report counts the same. The audit
log's entries about those records lose their names and values too, and
entries older than the audit period are deleted. Bulk SQL sends no signals,
so the job writes no audit entries of its own values; the run itself is
logged with its counts.

The ledger (``RetentionRecord``) makes the job idempotent: a second run finds
nothing due and changes nothing (docs/decisions/0047-personal-data-registry-and-retention.md).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.privacy import registry
from hjemtilos.privacy.models import (
    RecordState,
    RetentionChange,
    RetentionPeriod,
    RetentionRecord,
    RetentionRule,
)

logger = logging.getLogger("hjemtilos.retention")

#: Records anonymised per transaction: big enough for speed, small enough for short locks.
BATCH = 2000


def retention_periods() -> dict[str, int]:
    """Each rule's period in months (the schedule; seeded by migration 0002)."""
    return dict(RetentionPeriod.objects.values_list("rule", "months"))


def retention_cutoffs(now: datetime) -> dict[str, datetime]:
    """Records that ended before these moments have passed their rule's period."""
    return {
        rule: now - relativedelta(months=months) for rule, months in retention_periods().items()
    }


@transaction.atomic
def retention_period_change(
    *, period: RetentionPeriod, months: int, reason: str, changed_by: User
) -> RetentionPeriod:
    """Change one period of the schedule; the old value and the reason go in ``RetentionChange``."""
    period = RetentionPeriod.objects.select_for_update().get(pk=period.pk)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the period changes.")})
    if months == period.months:
        raise ValidationError(
            {"months": _("The period is already %(months)s months.") % {"months": months}}
        )
    change = RetentionChange(
        period=period,
        old_months=period.months,
        new_months=months,
        reason=reason.strip(),
        changed_by=changed_by,
    )
    change.full_clean()
    change.save()
    period.months = months
    period.changed_at = change.changed_at
    period.changed_by = changed_by
    period.full_clean()
    period.save()
    return period


def _done(subject_key: str) -> models.QuerySet[Any]:
    return RetentionRecord.objects.filter(subject=subject_key, state=RecordState.ANONYMISED).values(
        "object_id"
    )


def _batches(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield list(ids[start : start + BATCH])


def _unlock_audit_log() -> None:
    """Let this transaction scrub and prune the audit log (PostgreSQL trigger, migration 0002)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL hjemtilos.retention = 'on'")


def _scrub_audit_entries(model: type[models.Model], rows: models.QuerySet[Any]) -> int:
    """Remove names and values from the audit entries about ``rows`` (who and when stay)."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    entries = LogEntry.objects.filter(content_type=content_type, object_id__in=rows.values("pk"))
    count = entries.update(object_repr="", changes=None, changes_text="", serialized_data=None)
    if model is get_user_model():
        LogEntry.objects.filter(actor_id__in=rows.values("pk")).update(actor_email=None)
    return int(count)


def _delete_files(entry: registry.PersonalData, rows: models.QuerySet[Any]) -> None:
    for name in entry.file_fields():
        for path in rows.exclude(**{name: ""}).values_list(name, flat=True):
            if path:
                default_storage.delete(path)


def _anonymise(subject: registry.Subject, ids: list[int], counts: Counter[str]) -> None:
    """Anonymise one batch of a subject's records in every registered model, and note them done."""
    with transaction.atomic():
        _unlock_audit_log()
        for entry in registry.personal_data(subject.key):
            rows = entry.model._base_manager.filter(**{entry.subject_lookup: ids})
            counts["audit entries scrubbed"] += _scrub_audit_entries(entry.model, rows)
            label = entry.model._meta.label
            if entry.delete_rows:
                _delete_files(entry, rows)
                deleted, _detail = rows.delete()
                counts[f"{label} deleted"] += deleted
            elif updates := entry.updates():
                counts[label] += rows.update(**updates)
        sites = dict(
            subject.model._base_manager.filter(pk__in=ids).values_list("pk", subject.site)
            if subject.site
            else []
        )
        RetentionRecord.objects.filter(subject=subject.key, object_id__in=ids).delete()
        RetentionRecord.objects.bulk_create(
            RetentionRecord(
                subject=subject.key,
                object_id=pk,
                state=RecordState.ANONYMISED,
                site_id=sites.get(pk),
            )
            for pk in ids
        )
        counts[subject.key] += len(ids)


def _held(subject: registry.Subject, due: models.QuerySet[Any]) -> dict[int, str]:
    """The subject's due records held back, with the first reason for each."""
    held: dict[int, str] = {}
    for hold in registry.holds(subject.key):
        for pk in due.filter(pk__in=hold.held()).values_list("pk", flat=True):
            held.setdefault(pk, str(hold.reason))
    return held


def _record_holds(subject: registry.Subject, held: dict[int, str]) -> None:
    """Keep the ledger's held-back rows true: new ones added, released ones removed, rest as is."""
    existing = dict(
        RetentionRecord.objects.filter(subject=subject.key, state=RecordState.HELD).values_list(
            "object_id", "reason"
        )
    )
    released = [pk for pk in existing if pk not in held]
    changed = [pk for pk, reason in held.items() if pk in existing and existing[pk] != reason]
    RetentionRecord.objects.filter(
        subject=subject.key, state=RecordState.HELD, object_id__in=[*released, *changed]
    ).delete()
    sites = dict(
        subject.model._base_manager.filter(pk__in=list(held)).values_list("pk", subject.site)
        if subject.site
        else []
    )
    RetentionRecord.objects.bulk_create(
        RetentionRecord(
            subject=subject.key,
            object_id=pk,
            state=RecordState.HELD,
            reason=reason[:200],
            site_id=sites.get(pk),
        )
        for pk, reason in held.items()
        if pk not in existing or pk in changed
    )


def _prune_audit_log(cutoff: datetime) -> int:
    with transaction.atomic():
        _unlock_audit_log()
        deleted, _detail = LogEntry.objects.filter(timestamp__lt=cutoff).delete()
    return int(deleted)


def retention_anonymise(*, now: datetime | None = None) -> dict[str, int]:
    """Anonymise every record past its retention period; returns counts (empty: nothing due)."""
    now = now or timezone.now()
    cutoffs = retention_cutoffs(now)
    context = registry.Context(now=now, cutoffs=cutoffs, done=_done)
    counts: Counter[str] = Counter()
    with disable_auditlog():
        for subject in registry.subjects():
            due = subject.due(context).exclude(pk__in=_done(subject.key))
            held = _held(subject, due)
            _record_holds(subject, held)
            ids = [pk for pk in due.order_by("pk").values_list("pk", flat=True) if pk not in held]
            for batch in _batches(ids):
                _anonymise(subject, batch, counts)
            if held:
                counts[f"{subject.key} held back"] += len(held)
        if RetentionRule.AUDIT in cutoffs:
            pruned = _prune_audit_log(cutoffs[RetentionRule.AUDIT])
            if pruned:
                counts["audit entries deleted"] += pruned
    result = {key: value for key, value in sorted(counts.items()) if value}
    logger.info("retention run: %s", result)
    return result


def processing_record() -> list[dict[str, Any]]:
    """The record of processing activities (GDPR Art. 30), one row per registered model and subject.

    Made from the registry, so it says what the code does: the categories of
    data, the purpose and legal basis, who sees it, the retention rule with its
    current period, and what anonymisation does to each field.
    """
    periods = {p.rule: p for p in RetentionPeriod.objects.all()}
    rows = []
    for entry in registry.personal_data():
        subject = registry.subject(entry.subject)
        rows.append(
            {
                "model": entry.model._meta.verbose_name,
                "subject": subject.label,
                "purpose": entry.purpose,
                "legal_basis": entry.legal_basis,
                "seen_by": entry.seen_by,
                "period": periods.get(subject.rule),
                "categories": sorted({str(f.category.label) for f in entry.fields}),
                "fields": [
                    (
                        entry.model._meta.get_field(f.name).verbose_name,  # type: ignore[union-attr]
                        registry.ACTION_LABELS[f.action],
                    )
                    for f in entry.fields
                ],
                "deleted": entry.delete_rows,
            }
        )
    return rows
