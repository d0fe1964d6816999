"""The JSON API at /api/ (django-ninja), documented at /api/openapi.json and /api/docs.

Every operation authenticates with the browser session or a bearer token
and asks the same policy functions as the pages. Every error is JSON with a
``detail`` message in the caller's language; nothing returns an HTML page.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Status
from ninja.openapi.schema import OpenAPISchema

from hjemtilos.accounts.models import User
from hjemtilos.api import policies, selectors, services
from hjemtilos.api.auth import BearerToken, VerifiedSession, used_api_token
from hjemtilos.api.errors import install_error_handlers
from hjemtilos.api.schemas import (
    Me,
    MunicipalityOut,
    SiteOut,
    TokenCreated,
    TokenIn,
    TokenOut,
    answers,
)
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.organisations.models import Municipality, Site

# The errors any operation may answer, each as ``{"detail": ...}`` (errors.py).
COMMON_ERRORS = {
    "401": "Not signed in, or no valid API key",
    "403": "The caller may not do this",
    "404": "No such object, or not one the caller may know of",
    "413": "The request body is too large",
    "422": "The request is not valid: ``errors`` or ``fields`` say what to fix",
}
ERROR_BODY = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
        "fields": {"type": "object", "additionalProperties": {"type": "array"}},
    },
    "required": ["detail"],
}


class DocumentedErrorsApi(NinjaAPI):
    """The API whose schema lists, on every operation, the errors it can answer."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in COMMON_ERRORS.items():
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": ERROR_BODY}},
                        },
                    )
        return schema


api = DocumentedErrorsApi(
    title="Hjem til Os API",
    version="1",
    urls_namespace="api",
    # A bearer token first: a request that sends one means it (and needs no CSRF token).
    auth=[BearerToken(), VerifiedSession()],
    docs_url="/docs",
)


install_error_handlers(api)
# The case apps' routers are added from the registry in ``api/routers.py`` (urls.py).


@api.get("/", auth=None, url_name="index", tags=["api"])
def index(request: HttpRequest) -> dict[str, str]:
    """Where to find the API's description."""
    return {"name": api.title, "version": api.version, "openapi": "/api/openapi.json"}


@api.get("/me", response=Me, url_name="me", tags=["accounts"])
def me(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """The caller."""
    user = request.user
    return {
        "id": user.pk,
        "email": user.email,
        "name": user.get_full_name(),
        "role": user.role,
        "municipality_code": user.municipality.code if user.municipality else None,
        "preferred_language": user.preferred_language,
    }


@api.get(
    "/municipalities", response=list[MunicipalityOut], url_name="municipalities", tags=["sites"]
)
def municipalities(request: AuthenticatedHttpRequest) -> Any:
    """The 98 Danish municipalities with their official codes."""
    return Municipality.objects.order_by("code")


def _site_out(site: Site, user: User) -> dict[str, Any]:
    if not policies.can_see_site_details(user):
        # Evaluators compare sites by name; the settings are staff matters.
        return {"id": site.pk, "name": site.name}
    return {
        "id": site.pk,
        "name": site.name,
        "municipality_code": site.municipality.code,
        "child_min_age": site.child_min_age,
        "child_max_age": site.child_max_age,
        "supervision_interval_months": site.supervision_interval_months,
        "max_travel_minutes": site.max_travel_minutes,
    }


@api.get(
    "/sites",
    response=answers(list[SiteOut], refused=(403,)),
    url_name="sites",
    tags=["sites"],
    exclude_unset=True,
)
def sites(request: AuthenticatedHttpRequest) -> Any:
    """The sites the caller works with (evaluators: every site, id and name only)."""
    if not policies.can_list_sites(request.user):
        raise PermissionDenied
    return [_site_out(s, request.user) for s in policies.visible_sites(request.user)]


@api.get(
    "/sites/{site_id}",
    response=answers(SiteOut, refused=(404,)),
    url_name="site",
    tags=["sites"],
    exclude_unset=True,
)
def site(request: AuthenticatedHttpRequest, site_id: int) -> Any:
    """One site, if the caller may see it; 404 otherwise."""
    return _site_out(selectors.site_for_user_or_404(user=request.user, pk=site_id), request.user)


@api.get("/tokens", response=list[TokenOut], url_name="tokens", tags=["api keys"])
def tokens(request: AuthenticatedHttpRequest) -> Any:
    """The caller's active API keys (never their secrets)."""
    return selectors.active_tokens(request.user)


@api.post(
    "/tokens",
    response=answers(TokenCreated, status=201, refused=(403, 422)),
    url_name="token_create",
    tags=["api keys"],
)
def token_create(request: AuthenticatedHttpRequest, payload: TokenIn) -> Any:
    """Create an API key. Only from a signed-in browser session: a key cannot make keys."""
    if not policies.can_create_api_token(request.user, with_api_token=used_api_token(request)):
        raise PermissionDenied(_("API keys can only be created from a signed-in browser session."))
    token, secret = services.api_token_create(
        user=request.user, name=payload.name, expires_in_days=payload.expires_in_days
    )
    return Status(201, {**TokenOut.from_orm(token).model_dump(), "secret": secret})


@api.delete(
    "/tokens/{token_id}",
    response=answers(None, status=204, refused=(404,)),
    url_name="token_revoke",
    tags=["api keys"],
)
def token_revoke(request: AuthenticatedHttpRequest, token_id: int) -> Any:
    """Revoke one of the caller's API keys."""
    if not services.api_token_revoke(user=request.user, token_id=token_id):
        raise Http404
    return Status(204, None)
