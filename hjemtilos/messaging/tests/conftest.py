"""A real SMTP server (aiosmtpd) and a real HTTP server for the gateways."""

from __future__ import annotations

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Inbox:
    """Collects what the SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(  # noqa: N802 - the name aiosmtpd calls
        self, server: Any, session: Any, envelope: Any
    ) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


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


class SmsProvider(LocalJsonServer):
    """An SMS provider's sending API: records each request, answers with a message id."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[dict[str, Any]] = []

    def respond(self, *, path: str, query: dict[str, str], body: bytes, headers: Any) -> Any:
        self.requests.append(
            {"json": json.loads(body), "authorization": headers.get("Authorization")}
        )
        if self.status != 200:
            return b"provider is down"
        return {"id": f"sms-{len(self.requests)}"}


@pytest.fixture
def sms_provider(settings) -> Iterator[SmsProvider]:
    provider = SmsProvider()
    settings.SMS_GATEWAY = "hjemtilos.messaging.sms.HttpSmsGateway"
    settings.SMS_HTTP_URL = provider.url + "/send"
    settings.SMS_HTTP_TOKEN = "secret-token"
    try:
        yield provider
    finally:
        provider.close()
