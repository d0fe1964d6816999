"""The JSON API at /api/ (django-ninja), documented at /api/openapi.json and /api/docs.

Every operation authenticates with the browser session or a bearer token
and asks the same policy functions as the pages. Every error is JSON with a
``detail`` message in the caller's language; nothing returns an HTML page.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from hjemtilos.accounts.policies import can_manage_api_tokens
from hjemtilos.api import policies, selectors, services
from hjemtilos.api.auth import BearerToken, VerifiedSession
from hjemtilos.api.schemas import (
    Error,
    Me,
    MunicipalityOut,
    SiteOut,
    TokenCreated,
    TokenIn,
    TokenOut,
)
from hjemtilos.organisations.models import Municipality, Site

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="Hjem til Os API",
    version="1",
    urls_namespace="api",
    auth=[VerifiedSession(), BearerToken()],
    docs_url="/docs",
)


def _error(request: HttpRequest, status: int, detail: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 401, _("Sign in or send a valid API key (Authorization: Bearer …)."))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 403, _("You do not have access to this."))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, _("Not found."))


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return _error(request, 422, _("The request is not valid."), errors=exc.errors)


@api.exception_handler(DjangoValidationError)
def _rule_broken(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return _error(request, 422, " ".join(exc.messages))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("Unexpected API error on %s", request.path)
    return _error(request, 500, _("Something went wrong on our side. Please try again later."))


@api.get("/", auth=None, url_name="index", tags=["api"])
def index(request: HttpRequest) -> dict[str, str]:
    """Where to find the API's description."""
    return {"name": api.title, "version": api.version, "openapi": "/api/openapi.json"}


@api.get("/me", response=Me, url_name="me", tags=["accounts"])
def me(request: HttpRequest) -> dict[str, Any]:
    """The caller."""
    user: Any = request.user
    return {
        "id": user.pk,
        "email": user.email,
        "name": user.get_full_name(),
        "role": user.role,
        "municipality_code": user.municipality.code if user.municipality_id else None,
        "preferred_language": user.preferred_language,
    }


@api.get(
    "/municipalities", response=list[MunicipalityOut], url_name="municipalities", tags=["sites"]
)
def municipalities(request: HttpRequest) -> Any:
    """The 98 Danish municipalities with their official codes."""
    return Municipality.objects.order_by("code")


def _site_out(site: Site) -> dict[str, Any]:
    return {
        "id": site.pk,
        "name": site.name,
        "municipality_code": site.municipality.code,
        "child_min_age": site.child_min_age,
        "child_max_age": site.child_max_age,
        "supervision_interval_months": site.supervision_interval_months,
        "max_travel_minutes": site.max_travel_minutes,
    }


@api.get("/sites", response={200: list[SiteOut], 403: Error}, url_name="sites", tags=["sites"])
def sites(request: HttpRequest) -> Any:
    """The sites the caller works with."""
    if not policies.can_list_sites(request.user):
        raise PermissionDenied
    return [
        _site_out(s) for s in policies.visible_sites(request.user).select_related("municipality")
    ]


@api.get("/sites/{site_id}", response={200: SiteOut, 404: Error}, url_name="site", tags=["sites"])
def site(request: HttpRequest, site_id: int) -> Any:
    """One site, if the caller may see it."""
    found = policies.visible_sites(request.user).select_related("municipality").filter(pk=site_id)
    if not policies.can_list_sites(request.user) or not found:
        raise Http404
    return _site_out(found[0])


@api.get("/tokens", response=list[TokenOut], url_name="tokens", tags=["api keys"])
def tokens(request: HttpRequest) -> Any:
    """The caller's active API keys (never their secrets)."""
    return selectors.active_tokens(request.user)


@api.post(
    "/tokens",
    response={201: TokenCreated, 403: Error, 422: Error},
    url_name="token_create",
    tags=["api keys"],
)
def token_create(request: HttpRequest, payload: TokenIn) -> Any:
    """Create an API key. Only from a signed-in browser session: a key cannot make keys."""
    if getattr(request, "api_token_used", False) or not can_manage_api_tokens(request.user):
        raise PermissionDenied
    token, secret = services.api_token_create(
        user=request.user, name=payload.name, expires_in_days=payload.expires_in_days
    )
    return Status(201, {**TokenOut.from_orm(token).dict(), "secret": secret})


@api.delete(
    "/tokens/{token_id}",
    response={204: None, 404: Error},
    url_name="token_revoke",
    tags=["api keys"],
)
def token_revoke(request: HttpRequest, token_id: int) -> Any:
    """Revoke one of the caller's API keys."""
    if not services.api_token_revoke(user=request.user, token_id=token_id):
        raise Http404
    return Status(204, None)
