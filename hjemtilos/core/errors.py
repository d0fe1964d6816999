"""Our own error pages: 403, 404, a refused form (CSRF), 500, and 503 when the database is away.

Each says in Danish (or English) what happened and where to go next, inside
the layout. The API answers JSON instead (its own handlers cover its views;
these cover an unknown address under ``/api/``).

When the database is away (a restart, a failover): answer at once with our own 503 page.

Django turns an exception anywhere in a request into a call of ``handler500``
(``hjemtilos.urls``), still inside the ``except`` block, so the exception is at
hand there. A lost or refused database connection is not a bug but a moment
of unavailability: the visitor gets "try again in a moment" (503 with
``Retry-After``) instead of an error page, in the layout where it can be drawn
without the database, else as a plain page; the API gets JSON. Every other
exception gets our 500 page, drawn without the database and without the
request (no session, no menu: whatever broke may be behind either).

Recovery needs nothing from us: each request opens (or, with persistent
connections, health-checks: ``CONN_HEALTH_CHECKS``) its connection afresh, so
the first request after the database is back succeeds.
"""

from __future__ import annotations

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

#: Seconds after which a client may try again.
RETRY_AFTER_SECONDS = 10


def is_database_unavailable(exc: BaseException | None) -> bool:
    """The database could not be reached or dropped the connection (not a bad query)."""
    return isinstance(exc, OperationalError | InterfaceError)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 answer: JSON for the API, our page in the layout, or the plain page."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": _("The service is briefly unavailable. Try again in a moment.")},
            status=503,
        )
    else:
        try:
            # The layout asks for the visitor's session (the database) when
            # there is one; without it the page is drawn in full.
            body = render_to_string("503.html", request=request)
        except DatabaseError:
            body = render_to_string("503_plain.html")
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _api_error(request: HttpRequest, status: int, detail: str) -> HttpResponse | None:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": detail}, status=status)
    return None


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler403``: the page exists but this person may not open it."""
    api = _api_error(request, 403, _("You do not have access to this."))
    if api is not None:
        return api
    return HttpResponse(render_to_string("403.html", request=request), status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler404``: no such page, or a record this person may not know exists."""
    api = _api_error(request, 404, _("Not found."))
    if api is not None:
        return api
    return HttpResponse(render_to_string("404.html", request=request), status=404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: a form sent from a page that had expired (or another site)."""
    return HttpResponse(render_to_string("403_csrf.html", request=request), status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: our 503 when the database is away, our 500 page otherwise."""
    if is_database_unavailable(sys.exception()):
        logger.warning("Database unavailable: answered %s with 503", request.path)
        return database_unavailable(request)
    api = _api_error(request, 500, _("Something went wrong on our side. Please try again later."))
    if api is not None:
        return api
    # No request: the layout then asks neither the session nor the menu.
    return HttpResponse(render_to_string("500.html"), status=500)
