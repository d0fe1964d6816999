"""Notifications to the child's municipality (*underretninger*): written, sent, acknowledged.

The advisory team writes a notification from its assessment (the text is
filled in from it and can be edited while it is a draft). Sending makes the
PDF (kept encrypted as it went out), moves the concern to "notified" and
hands the e-mail to a background task after commit; the task delivers it
through the notification transport (``transport``), retrying with back-off.
The municipality must acknowledge receipt within six working days: the
advisory team records the acknowledgement, and a daily job gives the team a
task, once, when it is overdue.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from hjemtilos.accounts.models import User
from hjemtilos.messaging.tasks import backoff, stuck_after
from hjemtilos.safeguarding import transport
from hjemtilos.safeguarding.deadlines import acknowledgement_due
from hjemtilos.safeguarding.models import (
    AdvisoryTask,
    AdvisoryTaskKind,
    Concern,
    Decision,
    EntryKind,
    Notification,
    NotificationDocument,
    NotificationStatus,
)
from hjemtilos.safeguarding.models import ConcernStatus as S
from hjemtilos.safeguarding.services.concerns import (
    concern_for_update,
    current_assessment,
    involvement_text,
    latest_involvement,
    status_move,
    timeline_entry_record,
)

logger = logging.getLogger(__name__)

#: The fields of a draft the advisory team writes.
DRAFT_FIELDS = ("observations", "child_statements", "assessment_text", "actions", "is_acute")


@transaction.atomic
def notification_draft_create(*, concern: Concern, by: User) -> Notification:
    """A draft notification to the child's municipality, filled in from the assessment."""
    locked = concern_for_update(concern)
    assessment = current_assessment(locked)
    if (
        locked.status != S.NOTIFYING
        or assessment is None
        or assessment.decision not in (Decision.NOTIFY, Decision.ACUTE)
    ):
        raise ValidationError(
            _("A notification is written after an assessment that decides to notify."),
            code="no_decision",
        )
    draft = locked.notifications.filter(status=NotificationStatus.DRAFT).first()
    if draft is not None:
        return draft
    now = timezone.now()
    number = locked.notifications.count() + 1
    notification = Notification(
        concern=locked,
        assessment=assessment,
        municipality=locked.friendship.child.family.municipality,
        reference=f"HTO-{locked.pk}-{number}",
        is_acute=assessment.decision == Decision.ACUTE,
        observations=assessment.known,
        child_statements=assessment.child_statements,
        assessment_text=assessment.reasons,
        written_by=by,
        written_at=now,
        updated_at=now,
    )
    notification.full_clean(exclude=["concern", "assessment", "municipality", "written_by"])
    notification.save()
    timeline_entry_record(
        locked, by=by, kind=EntryKind.NOTIFICATION_WRITTEN, notification=notification
    )
    return notification


@transaction.atomic
def notification_draft_update(
    *, notification: Notification, by: User, data: dict[str, object]
) -> Notification:
    """Change the text of a draft; a notification that has been sent stays as it went out."""
    locked = Notification.objects.select_for_update().get(pk=notification.pk)
    if not locked.is_draft:
        raise ValidationError(_("A notification that has been sent cannot change."), code="sent")
    for name in DRAFT_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    locked.updated_at = timezone.now()
    locked.full_clean(exclude=["concern", "assessment", "municipality", "written_by"])
    locked.save()
    return locked


def sending_gaps(notification: Notification) -> list[str]:
    """What stops the notification from being sent now, in words (empty: it can go)."""
    concern = notification.concern
    gaps = []
    if concern.status != S.NOTIFYING:
        gaps.append(_("The concern is not awaiting a notification."))
    latest = latest_involvement(concern)
    if latest[EntryKind.FAMILY_TALK] is None:
        gaps.append(_("Record the talk with the volunteer family (or why it is skipped) first."))
    if latest[EntryKind.PARENTS] is None:
        gaps.append(_("Record the parents' involvement (or why it is skipped) first."))
    if not notification.municipality.notification_email:
        gaps.append(
            _("%(municipality)s has no address for notifications: an administrator must add it.")
            % {"municipality": notification.municipality.name}
        )
    return gaps


def _pdf(notification: Notification) -> bytes:
    # WeasyPrint (Pango) takes most of a second to import; only a PDF pays for it.
    from hjemtilos.safeguarding import pdf  # noqa: PLC0415 - keeps WeasyPrint out of every process start

    return pdf.notification_pdf(notification)


def notification_pdf_bytes(*, notification: Notification) -> bytes:
    """The PDF as it was sent (the kept document), or a draft as it would be sent now."""
    document = NotificationDocument.objects.filter(notification=notification).first()
    return document.pdf if document is not None else _pdf(notification)


def _document(notification: Notification) -> NotificationDocument:
    content = _pdf(notification)
    document = NotificationDocument(
        notification=notification,
        content=base64.b64encode(content).decode("ascii"),
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        made_at=timezone.now(),
    )
    document.save()
    return document


@transaction.atomic
def notification_send(*, notification: Notification, by: User) -> Notification:
    """Send the notification: the PDF is made and kept, the concern is "notified", and the
    e-mail goes out after commit. A notification that could not be delivered is sent again
    with the same document."""
    locked_concern = concern_for_update(notification.concern)
    locked = (
        Notification.objects.select_for_update()
        .select_related("municipality", "concern__friendship")
        .get(pk=notification.pk)
    )
    if locked.status not in (NotificationStatus.DRAFT, NotificationStatus.FAILED):
        raise ValidationError(_("The notification has already been sent."), code="sent")
    gaps = sending_gaps(locked)
    if gaps:
        raise ValidationError(gaps, code="not_ready")
    now = timezone.now()
    if locked.is_draft:
        with translation.override("da"):  # the notification is a letter in Danish
            locked.involvement, locked.parents_informed = involvement_text(locked_concern)
    locked.status = NotificationStatus.QUEUED
    locked.to_address = locked.municipality.notification_email
    locked.sent_by = by
    locked.queued_at = now
    locked.next_attempt_at = now
    locked.attempts = 0
    locked.last_error = ""
    locked.save(
        update_fields=[
            "involvement",
            "parents_informed",
            "status",
            "to_address",
            "sent_by",
            "queued_at",
            "next_attempt_at",
            "attempts",
            "last_error",
        ]
    )
    if not NotificationDocument.objects.filter(notification=locked).exists():
        _document(locked)
    status_move(
        locked_concern,
        by=by,
        to_status=S.NOTIFIED,
        reason="",
        kind=EntryKind.NOTIFICATION_SENT,
        notification=locked,
    )
    transaction.on_commit(lambda: notification_deliver_task.enqueue(locked.pk))
    return locked


def _give_up(notification: Notification) -> None:
    """The last attempt failed: the concern goes back to preparing, and the team gets a task."""
    queued = int(notification.queued_at.timestamp()) if notification.queued_at else 0
    with transaction.atomic():
        concern = concern_for_update(notification.concern)
        reason = _("The e-mail to %(address)s could not be delivered: %(error)s") % {
            "address": notification.to_address,
            "error": notification.last_error,
        }
        if concern.status == S.NOTIFIED:
            status_move(
                concern,
                by=None,
                to_status=S.NOTIFYING,
                reason=reason,
                kind=EntryKind.DELIVERY_FAILED,
                notification=notification,
            )
        advisory_task_create(
            concern=concern,
            notification=notification,
            kind=AdvisoryTaskKind.DELIVERY_FAILED,
            due_on=timezone.localdate(),
            dedupe_key=f"delivery-failed:{notification.pk}:{notification.attempts}:{queued}",
        )


def notification_deliver(notification_id: int) -> str:
    """Deliver one queued notification (the background task's body); its status afterwards.

    Claimed with a conditional update (queued → sending), so a second worker
    or a duplicate enqueue never sends it twice.
    """
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, status=NotificationStatus.QUEUED, next_attempt_at__lte=now
    ).update(status=NotificationStatus.SENDING, sending_started_at=now)
    if not claimed:
        return "skipped"
    notification = Notification.objects.select_related(
        "document", "municipality", "sent_by", "concern"
    ).get(pk=notification_id)
    try:
        message_id = transport.send_notification(notification)
    except Exception as exc:  # any failure of the mail server is retried
        notification.attempts += 1
        notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if notification.attempts >= settings.MESSAGE_MAX_ATTEMPTS:
            notification.status = NotificationStatus.FAILED
        else:
            notification.status = NotificationStatus.QUEUED
            notification.next_attempt_at = timezone.now() + backoff(notification.attempts)
        logger.warning(
            "Notification %s failed (attempt %s): %s", notification.pk, notification.attempts, exc
        )
        notification.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        if notification.status == NotificationStatus.FAILED:
            _give_up(notification)
        return str(notification.status)
    sent_at = timezone.now()
    with transaction.atomic():
        notification.attempts += 1
        notification.status = NotificationStatus.SENT
        notification.sent_at = sent_at
        notification.message_id = message_id[:250]
        notification.acknowledge_by = acknowledgement_due(sent_at)
        notification.last_error = ""
        notification.save(
            update_fields=[
                "attempts",
                "status",
                "sent_at",
                "message_id",
                "acknowledge_by",
                "last_error",
            ]
        )
        timeline_entry_record(
            concern_for_update(notification.concern),
            by=None,
            kind=EntryKind.DELIVERED,
            note=notification.to_address,
            notification=notification,
        )
        _tasks_complete(
            notification=notification,
            kind=AdvisoryTaskKind.DELIVERY_FAILED,
            by=None,
            outcome=_("Sent again and delivered."),
        )
    return str(notification.status)


@task(queue_name="messages")
def notification_deliver_task(notification_id: int) -> str:
    """The background task that delivers one notification (``notification_deliver``)."""
    return notification_deliver(notification_id)


def notifications_requeue_due() -> int:
    """Enqueue notifications whose retry time has come; release ones left by a dead worker."""
    now = timezone.now()
    Notification.objects.filter(
        status=NotificationStatus.SENDING, sending_started_at__lt=now - stuck_after()
    ).update(status=NotificationStatus.QUEUED, next_attempt_at=now)
    due = list(
        Notification.objects.filter(
            Q(status=NotificationStatus.QUEUED) & Q(next_attempt_at__lte=now)
        ).values_list("pk", flat=True)[:100]
    )
    for pk in due:
        notification_deliver_task.enqueue(pk)
    return len(due)


@transaction.atomic
def notification_acknowledge(
    *,
    notification: Notification,
    by: User,
    acknowledged_on: date,
    how: str,
    municipality_reference: str = "",
    note: str = "",
) -> Notification:
    """Record the municipality's acknowledgement of receipt; the overdue task (if any) is done."""
    concern = concern_for_update(notification.concern)
    locked = Notification.objects.select_for_update().get(pk=notification.pk)
    if locked.status != NotificationStatus.SENT:
        raise ValidationError(
            _("Only a notification that has been delivered can be acknowledged."), code="state"
        )
    if locked.acknowledged_on is not None:
        raise ValidationError(_("The acknowledgement is already recorded."), code="done")
    errors = {}
    sent_on = timezone.localdate(locked.sent_at) if locked.sent_at else None
    if acknowledged_on > timezone.localdate():
        errors["acknowledged_on"] = _("The date cannot be in the future.")
    elif sent_on is not None and acknowledged_on < sent_on:
        errors["acknowledged_on"] = _("The date cannot be before the notification was sent.")
    if errors:
        raise ValidationError(errors, code="acknowledgement")
    locked.acknowledged_on = acknowledged_on
    locked.acknowledged_how = how
    locked.municipality_reference = municipality_reference.strip()
    locked.acknowledgement_recorded_by = by
    locked.acknowledgement_recorded_at = timezone.now()
    locked.full_clean(exclude=["concern", "assessment", "municipality", "written_by"])
    locked.save()
    summary = _("Acknowledged on %(date)s (%(how)s).") % {
        "date": acknowledged_on.strftime("%d.%m.%Y"),
        "how": locked.get_acknowledged_how_display(),
    }
    if locked.municipality_reference:
        summary += " " + _("The municipality's reference: %(reference)s.") % {
            "reference": locked.municipality_reference
        }
    if note.strip():
        summary += "\n" + note.strip()
    if concern.status == S.NOTIFIED:
        status_move(
            concern,
            by=by,
            to_status=S.NOTIFICATION_ACKNOWLEDGED,
            reason=summary,
            kind=EntryKind.ACKNOWLEDGED,
            notification=locked,
            on=acknowledged_on,
        )
    else:
        timeline_entry_record(
            concern, by=by, kind=EntryKind.ACKNOWLEDGED, note=summary, notification=locked
        )
    _tasks_complete(
        notification=locked, kind=AdvisoryTaskKind.ACKNOWLEDGEMENT_OVERDUE, by=by, outcome=summary
    )
    return locked


def _tasks_complete(
    *, notification: Notification, kind: str, by: User | None, outcome: str
) -> None:
    """The team's open tasks of ``kind`` about ``notification`` are done: their cause is gone."""
    for open_task in AdvisoryTask.objects.filter(
        notification=notification, kind=kind, completed_at__isnull=True
    ):
        open_task.completed_at = timezone.now()
        open_task.completed_by = by
        open_task.outcome = outcome
        open_task.save(update_fields=["completed_at", "completed_by", "outcome"])


def advisory_task_create(
    *,
    concern: Concern,
    kind: str,
    due_on: date,
    dedupe_key: str,
    notification: Notification | None = None,
) -> tuple[AdvisoryTask, bool]:
    """A task for the advisory team, created once per ``dedupe_key``; (task, created)."""
    return AdvisoryTask.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={
            "concern": concern,
            "notification": notification,
            "kind": kind,
            "due_on": due_on,
            "created_at": timezone.now(),
        },
    )


def acknowledgements_overdue_run(today: date | None = None) -> int:
    """Give the advisory team a task for each notification not acknowledged in time.

    Once per notification (the task's dedupe key), however often the daily
    job runs; the timeline says when the deadline passed. Returns how many
    tasks were created.
    """
    today = today or timezone.localdate()
    created = 0
    overdue = Notification.objects.filter(
        status=NotificationStatus.SENT,
        acknowledged_on__isnull=True,
        acknowledge_by__lt=today,
    ).select_related("concern", "municipality")
    for notification in overdue:
        with transaction.atomic():
            _task, is_new = advisory_task_create(
                concern=notification.concern,
                notification=notification,
                kind=AdvisoryTaskKind.ACKNOWLEDGEMENT_OVERDUE,
                due_on=today,
                dedupe_key=f"acknowledgement-overdue:{notification.pk}",
            )
            if is_new:
                due = notification.acknowledge_by or today
                timeline_entry_record(
                    concern_for_update(notification.concern),
                    by=None,
                    kind=EntryKind.ACKNOWLEDGEMENT_OVERDUE,
                    note=_("%(municipality)s should have acknowledged by %(date)s.")
                    % {
                        "municipality": notification.municipality.name,
                        "date": due.strftime("%d.%m.%Y"),
                    },
                    notification=notification,
                )
                created += 1
    return created
