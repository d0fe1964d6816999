"""A real SMTP server (aiosmtpd) and a real HTTP SMS gateway, both of which can be told to fail.

They stand where the mail server and the SMS provider are in production and
behave as those do: the SMTP server refuses mail with a temporary error while
it is "down"; the SMS gateway answers 503 while down and honours the
``Idempotency-Key`` header (a key it has seen is answered with the first
delivery, and no second SMS reaches the phone). Both can hold their answer to
a delivery, so a test can stop the sending worker in the middle of it.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from aiosmtpd.controller import Controller

HOLD_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Inbox:
    """The SMTP server's handler: collects what it accepted.

    ``fail_with`` (an SMTP reply such as ``"451 4.3.0 Try again later"``)
    makes it refuse every message; ``hold_at`` = n makes it keep the n-th
    message it accepts (1-based) and hold its answer until ``release`` is set.
    """

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.fail_with: str | None = None
        self.refused = 0
        self.hold_at: int | None = None
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(  # noqa: N802 - the name aiosmtpd calls
        self, server: Any, session: Any, envelope: Any
    ) -> str:
        if self.fail_with:
            self.refused += 1
            return self.fail_with
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        if self.hold_at == len(self.messages):
            self.holding.set()
            for _ in range(int(HOLD_TIMEOUT / 0.05)):
                if self.release.is_set():
                    break
                await asyncio.sleep(0.05)
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        return [str(mail["Message-ID"]) for _, mail in self.messages]


@pytest.fixture
def smtp_server(settings) -> Iterator[Inbox]:
    """A real SMTP server on a free local port, with Django's SMTP backend pointed at it."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield inbox
    finally:
        inbox.release.set()
        controller.stop()


class LocalJsonServer:
    """A real HTTP server on a free local port, standing where an outside service would be.

    A subclass answers in ``respond`` (a JSON-able payload, or ``bytes`` as they are);
    ``status`` is the status of every answer; ``url`` is the server's base URL.
    """

    def __init__(self) -> None:
        self.status = 200
        service = self

        class Handler(BaseHTTPRequestHandler):
            def answer(self) -> None:
                url = urlparse(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                payload = service.respond(
                    path=url.path,
                    query={key: values[0] for key, values in parse_qs(url.query).items()},
                    body=self.rfile.read(length),
                    headers=self.headers,
                )
                body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(service.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                self.answer()

            def do_POST(self) -> None:
                self.answer()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def respond(self, *, path: str, query: dict[str, str], body: bytes, headers: Any) -> Any:
        raise NotImplementedError

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class SmsProvider:
    """A local HTTP server standing where an SMS provider's API would be.

    ``requests`` holds every request it received; ``delivered`` the SMS that
    reached a phone, one per idempotency key. ``status`` other than 200 makes
    it refuse every request ("down"); ``hold_at`` = n holds the answer to the
    n-th delivery (after delivering it) until ``release`` is set.
    """

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.delivered: dict[str, dict[str, Any]] = {}
        self.status = 200
        self.hold_at: int | None = None
        self.holding = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                request = {
                    "json": json.loads(self.rfile.read(length)),
                    "authorization": self.headers.get("Authorization"),
                    "key": self.headers.get("Idempotency-Key", ""),
                }
                hold = False
                answer: dict[str, str] = {}
                with provider.lock:
                    provider.requests.append(request)
                    status = provider.status
                    if status == 200:
                        new = request["key"] not in provider.delivered
                        if new:
                            provider.delivered[request["key"]] = {
                                **request["json"],
                                "id": f"sms-{len(provider.delivered) + 1}",
                            }
                        answer = {"id": provider.delivered[request["key"]]["id"]}
                        hold = new and provider.hold_at == len(provider.delivered)
                if hold:
                    provider.holding.set()
                    provider.release.wait(HOLD_TIMEOUT)
                body = (json.dumps(answer) if status == 200 else "provider is down").encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the sender went away while the answer was held

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def phones(self) -> list[str]:
        """The numbers that received an SMS, one entry per SMS delivered."""
        return sorted(sms["to"] for sms in self.delivered.values())

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sms_provider(settings) -> Iterator[SmsProvider]:
    provider = SmsProvider()
    settings.SMS_GATEWAY = "hjemtilos.messaging.sms.HttpSmsGateway"
    settings.SMS_HTTP_URL = provider.url
    settings.SMS_HTTP_TOKEN = "secret-token"
    try:
        yield provider
    finally:
        provider.close()
