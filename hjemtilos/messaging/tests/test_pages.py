"""The outbox pages: staff see their sites' messages and send failed ones again;
administrators see delivery only; every read is in the audit log."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.urls import reverse

from hjemtilos.core.testing import get_page, get_page_before_and_after
from hjemtilos.messaging.models import Message, MessageStatus
from hjemtilos.messaging.services import message_queue_email, message_queue_sms

CONTEXT = {"first_name": "Pia", "link": "https://hjemtilos.example/x/"}


def _failed_message(parent, site, error="SMTPConnectError: refused") -> Message:
    message = message_queue_email(template="invitation", to_user=parent, context=CONTEXT, site=site)
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.FAILED, attempts=5, last_error=error
    )
    message.refresh_from_db()
    return message


def _accesses(message: Message) -> int:
    entries = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(message.pk), content_type__model="message"
    )
    return int(entries.count())


def test_staff_see_recipient_status_and_text_of_their_site(login, staff, parent, site):
    message = _failed_message(parent, site)
    client = login(staff)
    failed = {"status": "failed"}
    url = reverse("messaging:outbox")
    response = get_page(client, url, data=failed, queries=9, name="the failed messages")
    assert "parent@example.org" in response.text
    url = reverse("messaging:detail", args=[message.pk])
    response = get_page(client, url, queries=6, name="a failed message")
    assert "SMTPConnectError: refused" in response.text
    assert CONTEXT["link"] in response.text


def test_staff_do_not_see_another_sites_messages(login, staff, parent, other_site):
    message = _failed_message(parent, other_site)
    client = login(staff)
    response = client.get(reverse("messaging:outbox"))
    assert "parent@example.org" not in response.text
    assert response.context["page"].paginator.count == 0
    assert response.context["failed"] == 0
    assert client.get(reverse("messaging:detail", args=[message.pk])).status_code == 404
    assert client.post(reverse("messaging:retry", args=[message.pk])).status_code == 404


def test_messages_without_a_site_are_not_shown_to_staff(login, staff, parent):
    message_queue_email(template="invitation", to_user=parent, context=CONTEXT)
    response = login(staff).get(reverse("messaging:outbox"))
    assert response.context["page"].paginator.count == 0


def test_administrators_see_delivery_without_texts_or_addresses(login, administrator, parent, site):
    message = _failed_message(
        parent, site, error="SMTPRecipientsRefused: {'parent@example.org': (550, 'no')}"
    )
    client = login(administrator)
    response = client.get(reverse("messaging:outbox"), {"q": "parent"})
    assert response.context["page"].paginator.count == 1  # the search is ignored
    assert "parent@example.org" not in response.text
    assert "invitation" in response.text and site.name in response.text
    assert "Du er inviteret" not in response.text
    response = client.get(reverse("messaging:detail", args=[message.pk]))
    assert response.status_code == 200
    assert "SMTPRecipientsRefused" in response.text
    assert "parent@example.org" not in response.text
    assert "Kære Pia" not in response.text and CONTEXT["link"] not in response.text
    assert "Du er inviteret" not in response.text
    assert client.post(reverse("messaging:retry", args=[message.pk])).status_code == 403
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED


def test_every_read_of_the_outbox_is_audited(login, staff, administrator, parent, site):
    shown = _failed_message(parent, site)
    login(staff).get(reverse("messaging:outbox"))
    assert _accesses(shown) == 1
    login(staff).get(reverse("messaging:detail", args=[shown.pk]))
    login(administrator).get(reverse("messaging:detail", args=[shown.pk]))
    entries = LogEntry.objects.filter(object_pk=str(shown.pk), content_type__model="message")
    assert sorted(e.actor.email for e in entries) == sorted(
        [staff.email, staff.email, administrator.email]
    )
    # What administrators read in the audit log names no recipient.
    assert all("parent@example.org" not in e.object_repr for e in entries)


def test_retry_from_the_page_sends_again(
    login, staff, parent, site, mailoutbox, django_capture_on_commit_callbacks
):
    message = _failed_message(parent, site)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(staff).post(reverse("messaging:retry", args=[message.pk]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert [m.to for m in mailoutbox][-1] == ["parent@example.org"]


def test_staff_send_all_their_sites_failed_messages_again(
    login, staff, parent, site, other_site, mailoutbox, django_capture_on_commit_callbacks
):
    mine = [_failed_message(parent, site) for _ in range(2)]
    theirs = _failed_message(parent, other_site)
    client = login(staff)
    page = client.get(reverse("messaging:outbox"))
    assert page.context["failed"] == 2
    assert "2 beskeder kunne ikke leveres" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("messaging:retry_failed"), follow=True)
    assert "2 fejlede beskeder er sat i kø" in response.text
    for message in mine:
        message.refresh_from_db()
        assert message.status == MessageStatus.SENT
    theirs.refresh_from_db()
    assert theirs.status == MessageStatus.FAILED
    assert len(mailoutbox) == 2


def test_retry_of_a_sent_message_is_refused_with_a_message(login, staff, parent, site):
    message = message_queue_email(template="invitation", to_user=parent, context=CONTEXT, site=site)
    response = login(staff).post(reverse("messaging:retry", args=[message.pk]), follow=True)
    assert response.status_code == 200
    assert "Kun en fejlet besked kan sendes igen" in response.text


def test_caseworker_cannot_see_or_retry(login, caseworker, parent, site):
    message = _failed_message(parent, site)
    client = login(caseworker)
    assert client.get(reverse("messaging:outbox")).status_code == 403
    assert client.post(reverse("messaging:retry", args=[message.pk])).status_code == 403
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED


def test_development_sms_page_shows_the_own_sites_sms(
    login, staff, administrator, site, other_site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message_queue_sms(template="invitation", to_number="22334455", context=CONTEXT, site=site)
        message_queue_sms(
            template="invitation", to_number="33445566", context=CONTEXT, site=other_site
        )
    response = get_page(
        login(staff), reverse("messaging:development_sms"), queries=7, name="the stored SMS"
    )
    assert "+4522334455" in response.text and CONTEXT["link"] in response.text
    assert "+4533445566" not in response.text
    assert login(administrator).get(reverse("messaging:development_sms")).status_code == 403


def test_outbox_queries_do_not_grow_with_messages(login, staff, parent, site):
    def send(count: int) -> None:
        for _ in range(count):
            message_queue_email(template="invitation", to_user=parent, context=CONTEXT, site=site)

    send(3)
    url = reverse("messaging:outbox")
    _few, response = get_page_before_and_after(
        login(staff), url, queries=9, name="the outbox", change=lambda: send(60)
    )
    assert response.context["page"].paginator.count == 63
