"""A request id on every request and log line, and one structured log line per request.

The id comes from the ``X-Request-ID`` header when a proxy (or the load
balancer) sent a well-formed one, so one id follows a request through every
tier; otherwise a new one is made. It is returned in the response's
``X-Request-ID`` header and added to every log record written while the
request runs (``RequestIdFilter``), so an operator can find all lines of one
request. The request line names the view's path, never the query string (a
search may hold a name), and the user by id only.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

HEADER = "X-Request-ID"
_VALID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_current: ContextVar[str] = ContextVar("request_id", default="-")
request_logger = logging.getLogger("hjemtilos.requests")


def current_request_id() -> str:
    """The id of the request being handled ("-" outside a request)."""
    return _current.get()


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (for the formatters)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True


class RequestIdMiddleware:
    """Outermost middleware: sets the request id and logs the request when it ends."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(HEADER, "")
        request_id = given if _VALID.fullmatch(given) else uuid.uuid4().hex
        token = _current.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            user = getattr(request, "user", None)
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    # Only a user already loaded: reading it would query the database.
                    "user_id": _loaded_user_id(user),
                },
            )
            return response
        finally:
            _current.reset(token)


def _loaded_user_id(user: object) -> int | None:
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is empty:
        return None
    pk = getattr(wrapped, "pk", None)
    return pk if isinstance(pk, int) else None
