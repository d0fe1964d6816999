"""The API's URLs. The API answers for itself (JSON 401), so Django's login redirect is off."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, re_path
from django.utils.translation import gettext as _

from hjemtilos.api.api import api

patterns, _app_name, namespace = api.urls
for pattern in patterns:
    if isinstance(pattern, URLPattern):
        pattern.callback = login_not_required(pattern.callback)

app_name = namespace  # "api": ninja reverses its own URLs in it


@login_not_required
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Unknown API paths answer in JSON like the rest of the API."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


urlpatterns = [*patterns, re_path(r"^(?P<rest>.*)$", not_found)]
