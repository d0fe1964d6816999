"""Every API error as JSON ``{"detail": "..."}`` in the caller's language.

Installed on the API by :func:`install_error_handlers`; a handler for
``Exception`` makes sure an unexpected failure is logged and answered with a
JSON 500 without a traceback, never Django's HTML error page.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from hjemtilos.core.errors import database_unavailable, is_database_unavailable

logger = logging.getLogger("hjemtilos.api")


def install_error_handlers(api: NinjaAPI) -> None:
    """Register the JSON error handlers on ``api``."""

    def error(request: HttpRequest, status: int, detail: str, **extra: Any) -> HttpResponse:
        return api.create_response(request, {"detail": detail, **extra}, status=status)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        response = error(
            request, 401, _("Sign in or send a valid API key (Authorization: Bearer …).")
        )
        response["WWW-Authenticate"] = 'Bearer realm="Hjem til Os"'
        return response

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error(request, 403, str(exc) or _("You do not have access to this."))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error(request, 404, _("Not found."))

    @api.exception_handler(NinjaValidationError)
    def invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        # ``errors`` names each field (``loc``) with pydantic's own message.
        return error(request, 422, _("The request is not valid."), errors=exc.errors)

    @api.exception_handler(DjangoValidationError)
    def rule_broken(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            # A broken rule on named fields: say which, with the page form's wording.
            fields = {
                ("non_field_errors" if name == "__all__" else name): messages
                for name, messages in exc.message_dict.items()
            }
            return error(request, 422, " ".join(exc.messages), fields=fields)
        return error(request, 422, " ".join(exc.messages))

    @api.exception_handler(RequestDataTooBig)
    def too_large(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Django refuses to read a body over DATA_UPLOAD_MAX_MEMORY_SIZE; say so
        # instead of letting it surface as a 500.
        limit_kb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
        return error(
            request,
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            _("The request is too large. Send at most %(size)s KB.") % {"size": limit_kb},
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        detail = str(exc)
        if exc.status_code == HTTPStatus.BAD_REQUEST and detail.startswith(
            "Cannot parse request body"
        ):
            # ninja's own wording, in English only, and a 400 where every other
            # unusable input answers 422: one status for "fix your request".
            return error(
                request,
                HTTPStatus.UNPROCESSABLE_ENTITY,
                _("The request body could not be read. Send valid JSON."),
            )
        return error(request, exc.status_code, detail)

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        if is_database_unavailable(exc):
            # A database restart is a moment of unavailability, not a bug: 503 and
            # Retry-After, as the pages answer (core/errors.py).
            logger.warning("Database unavailable: answered %s with 503", request.path)
            return database_unavailable(request)
        logger.exception("Unexpected API error on %s %s", request.method, request.path)
        return error(request, 500, _("Something went wrong on our side. Please try again later."))
