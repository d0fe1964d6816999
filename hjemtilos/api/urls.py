"""The API's URLs. The API answers for itself (JSON 401), so Django's login redirect is off."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from http import HTTPStatus
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.urls import URLPattern, re_path
from django.utils.translation import gettext as _

from hjemtilos.api.api import api
from hjemtilos.api.routers import mount_routers


def _json_method_not_allowed(view: Callable[..., HttpResponseBase]) -> Callable[..., Any]:
    """ninja answers a wrong method with a plain-text 405; make it JSON like every other error."""

    @wraps(view)  # keeps csrf_exempt and login_required=False on the wrapper
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.status_code == HTTPStatus.METHOD_NOT_ALLOWED and not response.get(
            "Content-Type", ""
        ).startswith("application/json"):
            allowed = response.get("Allow", "")
            response = JsonResponse(
                {
                    "detail": _("This method is not allowed here. Allowed: %(methods)s.")
                    % {"methods": allowed}
                },
                status=405,
            )
            response["Allow"] = allowed
        return response

    return wrapper


# Every app registered its router in its AppConfig.ready, which has run by now.
mount_routers(api)
patterns, _app_name, namespace = api.urls
for pattern in patterns:
    if isinstance(pattern, URLPattern):
        pattern.callback = login_not_required(_json_method_not_allowed(pattern.callback))

app_name = namespace  # "api": ninja reverses its own URLs in it


@login_not_required
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Unknown API paths answer in JSON like the rest of the API."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


urlpatterns = [*patterns, re_path(r"^(?P<rest>.*)$", not_found)]
