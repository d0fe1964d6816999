"""The notification to the municipality: written from the assessment, sent as a PDF by e-mail
through a real SMTP server, kept encrypted, acknowledged within 6 working days."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from hjemtilos.core.scheduler import run_due_jobs
from hjemtilos.messaging.tests.conftest import Inbox, free_port
from hjemtilos.safeguarding import services
from hjemtilos.safeguarding.deadlines import is_office_hours, working_days_after
from hjemtilos.safeguarding.models import (
    AdvisoryTask,
    AdvisoryTaskKind,
    ConcernStatus,
    EntryKind,
    NotificationStatus,
)
from hjemtilos.safeguarding.tests.conftest import MUNICIPALITY_ADDRESS, assess, pdf_text

CPH = ZoneInfo("Europe/Copenhagen")


def send(draft, advisory, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_send(notification=draft, by=advisory)
    draft.refresh_from_db()
    return draft


def test_working_days_skip_weekends_and_public_holidays():
    # Thursday 26 March 2026 + 6: Fri 27, Mon 30, Tue 31, Wed 1, then Maundy Thursday,
    # Good Friday and Easter Monday are holidays: Tue 7, Wed 8 April.
    assert working_days_after(date(2026, 3, 26), 6) == date(2026, 4, 8)
    assert working_days_after(date(2026, 3, 6), 6) == date(2026, 3, 16)  # over a weekend
    assert is_office_hours(datetime(2026, 3, 3, 9, 0, tzinfo=CPH))
    assert not is_office_hours(datetime(2026, 3, 3, 17, 0, tzinfo=CPH))
    assert not is_office_hours(datetime(2026, 12, 24, 10, 0, tzinfo=CPH))  # Christmas Eve


def test_the_draft_is_written_from_the_assessment_and_names_no_volunteer_family(
    login, draft, advisory, befriended
):
    assert draft.observations.startswith("Barnet har fortalt venskabsfamilien")
    assert draft.child_statements == "»Far slår, når han er sur.«"
    assert draft.municipality == befriended.child.family.municipality
    page = login(advisory).get(reverse("safeguarding:notification", args=[draft.pk]))
    assert page.status_code == 200 and "Gem udkastet" in page.text
    preview = login(advisory).get(reverse("safeguarding:notification_pdf", args=[draft.pk]))
    assert preview["Content-Type"] == "application/pdf"
    text = pdf_text(preview.content)
    child = befriended.child
    assert child.full_name in text and "UDKAST" in text
    assert "Vi har talt med venskabsfamilien" in text
    assert "Forældrene er ikke orienteret om underretningen" in text
    assert befriended.family.name not in text


def test_a_draft_is_edited_until_it_is_sent(login, draft, advisory):
    url = reverse("safeguarding:notification", args=[draft.pk])
    response = login(advisory).post(
        url,
        {
            "observations": "Rettet beskrivelse af det, vi ved.",
            "child_statements": "",
            "assessment_text": "Vores vurdering.",
            "actions": "Vi har tilbudt familien en samtale med psykologen.",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.observations == "Rettet beskrivelse af det, vi ved." and not draft.is_acute
    refused = login(advisory).post(url, {"observations": "", "assessment_text": "Vores vurdering."})
    assert refused.status_code == 400 and "Vores vurdering." in refused.text


def test_the_notification_is_not_sent_before_the_steps_and_the_address(
    login, concern, advisory, befriended
):
    assess(concern, by=advisory)
    draft = services.notification_draft_create(concern=concern, by=advisory)
    gaps = services.sending_gaps(draft)
    assert len(gaps) == 3  # the family talk, the parents, the municipality's address
    page = login(advisory).get(reverse("safeguarding:notification", args=[draft.pk]))
    assert "Underretningen kan ikke sendes endnu" in page.text
    assert befriended.child.family.municipality.name in page.text
    with pytest.raises(ValidationError):
        services.notification_send(notification=draft, by=advisory)
    draft.refresh_from_db()
    assert draft.status == NotificationStatus.DRAFT


def test_sending_mails_the_pdf_to_the_municipality_and_keeps_it_encrypted(
    login, draft, advisory, smtp_server, befriended, settings, django_capture_on_commit_callbacks
):
    settings.SAFEGUARDING_EMAIL_REPLY_TO = "raadgivning@redbarnet.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        response = login(advisory).post(reverse("safeguarding:notification_send", args=[draft.pk]))
    assert response.status_code == 302
    notification = draft
    notification.refresh_from_db()
    ((recipients, email),) = smtp_server.messages
    assert recipients == [MUNICIPALITY_ADDRESS]
    assert notification.reference in email["Subject"]
    assert email["Reply-To"] == "raadgivning@redbarnet.example.org"
    assert befriended.child.first_name not in email["Subject"] + email.get_body().get_content()
    (attachment,) = list(email.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    content = attachment.get_content()
    text = pdf_text(content)
    assert befriended.child.full_name in text and notification.reference in text
    assert "UDKAST" not in text and befriended.family.name not in text
    # What went out is kept, encrypted at rest, with the time it went.
    assert notification.status == NotificationStatus.SENT and notification.sent_at is not None
    assert notification.document.pdf == content
    assert notification.document.sha256 == hashlib.sha256(content).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT content FROM safeguarding_notificationdocument WHERE notification_id = %s",
            [notification.pk],
        )
        stored = cursor.fetchone()[0]
    assert "JVBERi" not in stored  # base64 of "%PDF" would show an unencrypted document
    concern = notification.concern
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.NOTIFIED
    assert concern.events.filter(kind=EntryKind.DELIVERED, by=None).exists()
    # Sent is final: no more editing.
    page = login(advisory).get(reverse("safeguarding:notification", args=[notification.pk]))
    assert "Gem udkastet" not in page.text
    with pytest.raises(ValidationError):
        services.notification_draft_update(
            notification=notification, by=advisory, data={"observations": "Ændret"}
        )


def test_notifications_go_through_their_own_transport_when_one_is_configured(
    draft, advisory, smtp_server, settings, django_capture_on_commit_callbacks
):
    secure = Inbox()
    port = free_port()
    controller = Controller(secure, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.SAFEGUARDING_EMAIL_HOST = "127.0.0.1"
        settings.SAFEGUARDING_EMAIL_PORT = port
        settings.SAFEGUARDING_EMAIL_SECURITY = ""
        settings.SAFEGUARDING_EMAIL_FROM = "underretning@redbarnet.example.org"
        send(draft, advisory, django_capture_on_commit_callbacks)
    finally:
        controller.stop()
    ((recipients, email),) = secure.messages
    assert recipients == [MUNICIPALITY_ADDRESS]
    assert email["From"] == "underretning@redbarnet.example.org"
    assert smtp_server.messages == []  # the general mail server saw nothing of it


def test_a_notification_that_cannot_be_delivered_goes_back_with_a_task_and_is_sent_again(
    draft, advisory, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.MESSAGE_MAX_ATTEMPTS = 2
    listening = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nobody listens there
    notification = send(draft, advisory, django_capture_on_commit_callbacks)
    assert notification.status == NotificationStatus.QUEUED and notification.attempts == 1
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert services.notifications_requeue_due() == 1
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    concern = notification.concern
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.NOTIFYING
    task = AdvisoryTask.objects.get(kind=AdvisoryTaskKind.DELIVERY_FAILED)
    assert task.is_open and task.notification == notification
    failed = concern.events.get(kind=EntryKind.DELIVERY_FAILED)
    assert failed.by is None and "ConnectionRefusedError" in failed.note

    settings.EMAIL_PORT = listening
    notification = send(notification, advisory, django_capture_on_commit_callbacks)
    assert notification.status == NotificationStatus.SENT
    assert len(smtp_server.messages) == 1
    task.refresh_from_db()
    assert not task.is_open


def test_the_overdue_acknowledgement_gives_the_team_one_task_and_the_acknowledgement_closes_it(
    login, draft, advisory, smtp_server, django_capture_on_commit_callbacks
):
    notification = send(draft, advisory, django_capture_on_commit_callbacks)
    due = notification.acknowledge_by
    assert due == working_days_after(timezone.localdate(notification.sent_at), 6)
    on_time = datetime.combine(due, datetime.min.time(), CPH).replace(hour=7, minute=30)
    with time_machine.travel(on_time, tick=False):
        assert services.acknowledgements_overdue_run() == 0
    late = on_time + timedelta(days=1)
    with time_machine.travel(late, tick=False):
        assert "safeguarding.acknowledgements_overdue" in run_due_jobs()
        assert services.acknowledgements_overdue_run() == 0  # once, however often it runs
        task = AdvisoryTask.objects.get(kind=AdvisoryTaskKind.ACKNOWLEDGEMENT_OVERDUE)
        assert task.notification == notification and task.is_open
        queue = login(advisory).get(reverse("safeguarding:concerns"))
        assert "Kommunen har ikke kvitteret for en underretning i tide" in queue.text
        response = login(advisory).post(
            reverse("safeguarding:notification_acknowledge", args=[notification.pk]),
            {
                "acknowledged_on": timezone.localdate().isoformat(),
                "how": "email",
                "municipality_reference": "J.nr. 27.00.00-2026-123",
            },
        )
    assert response.status_code == 302
    task.refresh_from_db()
    notification.refresh_from_db()
    assert not task.is_open and notification.acknowledged_in_time is False
    concern = notification.concern
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.NOTIFICATION_ACKNOWLEDGED
    assert concern.events.filter(kind=EntryKind.ACKNOWLEDGEMENT_OVERDUE).count() == 1


def test_the_acknowledgement_cannot_predate_the_notification(
    draft, advisory, smtp_server, django_capture_on_commit_callbacks
):
    notification = send(draft, advisory, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as refused:
        services.notification_acknowledge(
            notification=notification,
            by=advisory,
            acknowledged_on=timezone.localdate() - timedelta(days=1),
            how="email",
        )
    assert "acknowledged_on" in refused.value.message_dict


def test_the_contact_person_reads_the_notification_but_only_the_advisory_team_sends_it(
    login, draft, staff, people
):
    for url in (
        reverse("safeguarding:notification", args=[draft.pk]),
        reverse("safeguarding:notification_pdf", args=[draft.pk]),
    ):
        assert login(staff).get(url).status_code == 200
        for name in ("administrator", "volunteer", "parent", "caseworker", "evaluator"):
            assert login(people[name]).get(url).status_code == 403, (name, url)
        assert login(people["other_staff"]).get(url).status_code == 404
    send_url = reverse("safeguarding:notification_send", args=[draft.pk])
    assert login(staff).post(send_url).status_code == 403
    draft.refresh_from_db()
    assert draft.status == NotificationStatus.DRAFT
