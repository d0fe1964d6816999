"""SMS gateways: a pluggable class chosen by ``settings.SMS_GATEWAY``.

``DevelopmentSmsGateway`` stores messages for viewing in the UI (the embedded
mode and tests); ``HttpSmsGateway`` posts JSON to a provider's HTTP API.

Every send carries the message's idempotency key: a gateway that receives a
key again answers with the first delivery and sends nothing (the key is how a
send repeated after a worker died is recognised; see ``messaging.tasks``).
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from django.conf import settings
from django.utils.module_loading import import_string

from hjemtilos.messaging.models import DevelopmentSms, Message


class SmsDeliveryError(Exception):
    """The gateway did not accept the message; the outbox retries later."""


@dataclass(frozen=True)
class Sms:
    """One text message to hand to a gateway; ``message`` is the outbox row, if any."""

    to: str
    body: str
    sender: str
    idempotency_key: str
    message: Message | None = None


class SmsGateway:
    """Send one SMS and return the provider's id for it."""

    def send(self, sms: Sms) -> str:
        raise NotImplementedError


class DevelopmentSmsGateway(SmsGateway):
    """Keeps the SMS in the database instead of sending it, once per key."""

    def send(self, sms: Sms) -> str:
        stored, _created = DevelopmentSms.objects.get_or_create(
            idempotency_key=sms.idempotency_key,
            defaults={"message": sms.message, "to": sms.to, "sender": sms.sender, "body": sms.body},
        )
        return f"dev-{stored.pk}"


class HttpSmsGateway(SmsGateway):
    """A JSON-over-HTTPS provider: ``POST {to, from, text, reference}`` with a bearer
    token and an ``Idempotency-Key`` header (the reference is the same key, for
    providers that deduplicate on a field of the body)."""

    timeout = 10.0

    def __init__(self, url: str | None = None, token: str | None = None) -> None:
        self.url = url or settings.SMS_HTTP_URL
        self.token = token or settings.SMS_HTTP_TOKEN

    def send(self, sms: Sms) -> str:
        if not self.url:
            raise SmsDeliveryError("SMS_HTTP_URL is not set")
        try:
            response = httpx.post(
                self.url,
                json={
                    "to": sms.to,
                    "from": sms.sender,
                    "text": sms.body,
                    "reference": sms.idempotency_key,
                },
                headers={
                    "Authorization": f"Bearer {self.token}",
                    "Idempotency-Key": sms.idempotency_key,
                },
                timeout=self.timeout,
            )
        except httpx.HTTPError as exc:
            raise SmsDeliveryError(f"{type(exc).__name__}: {exc}") from exc
        if not response.is_success:
            raise SmsDeliveryError(f"HTTP {response.status_code}: {response.text[:200]}")
        try:
            return str(response.json().get("id", ""))
        except ValueError:
            return ""


def get_gateway() -> SmsGateway:
    gateway: SmsGateway = import_string(settings.SMS_GATEWAY)()
    return gateway
