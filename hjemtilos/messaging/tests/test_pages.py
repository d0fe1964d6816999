"""The outbox pages: staff see what was sent to whom and can send a failed message again."""

from __future__ import annotations

from django.urls import reverse

from hjemtilos.core.testing import get_page, get_page_before_and_after
from hjemtilos.messaging.models import Message, MessageStatus
from hjemtilos.messaging.services import message_queue_email, message_queue_sms

CONTEXT = {"first_name": "Pia", "link": "https://hjemtilos.example/x/"}


def _failed_message(parent) -> Message:
    message = message_queue_email(template="invitation", to_user=parent, context=CONTEXT)
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.FAILED, attempts=5, last_error="SMTPConnectError: refused"
    )
    message.refresh_from_db()
    return message


def test_staff_see_recipient_status_and_text(login, staff, parent):
    message = _failed_message(parent)
    client = login(staff)
    failed = {"status": "failed"}
    url = reverse("messaging:outbox")
    response = get_page(client, url, data=failed, queries=6, name="the failed messages")
    assert "parent@example.org" in response.text
    url = reverse("messaging:detail", args=[message.pk])
    response = get_page(client, url, queries=4, name="a failed message")
    assert "SMTPConnectError: refused" in response.text
    assert CONTEXT["link"] in response.text


def test_retry_from_the_page_sends_again(
    login, staff, parent, mailoutbox, django_capture_on_commit_callbacks
):
    message = _failed_message(parent)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(staff).post(reverse("messaging:retry", args=[message.pk]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert [m.to for m in mailoutbox][-1] == ["parent@example.org"]


def test_retry_of_a_sent_message_is_refused_with_a_message(login, staff, parent):
    message = message_queue_email(template="invitation", to_user=parent, context=CONTEXT)
    response = login(staff).post(reverse("messaging:retry", args=[message.pk]), follow=True)
    assert response.status_code == 200
    assert "failed" in response.text.lower() or "fejlet" in response.text.lower()


def test_caseworker_cannot_retry(login, caseworker, parent):
    message = _failed_message(parent)
    response = login(caseworker).post(reverse("messaging:retry", args=[message.pk]))
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED


def test_development_sms_page_shows_the_stored_sms(
    login, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message_queue_sms(template="invitation", to_number="22334455", context=CONTEXT)
    response = get_page(
        login(staff), reverse("messaging:development_sms"), queries=6, name="the stored SMS"
    )
    assert "+4522334455" in response.text
    assert CONTEXT["link"] in response.text


def test_outbox_queries_do_not_grow_with_messages(login, staff, parent):
    def send(count: int) -> None:
        for _ in range(count):
            message_queue_email(template="invitation", to_user=parent, context=CONTEXT)

    send(3)
    url = reverse("messaging:outbox")
    _few, response = get_page_before_and_after(
        login(staff), url, queries=6, name="the outbox", change=lambda: send(60)
    )
    assert response.context["page"].paginator.count == 63
