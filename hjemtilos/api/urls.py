"""The API's URLs. The API answers for itself (JSON 401), so Django's login redirect is off."""

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern

from hjemtilos.api.api import api

patterns, _app_name, namespace = api.urls
for pattern in patterns:
    if isinstance(pattern, URLPattern):
        pattern.callback = login_not_required(pattern.callback)

app_name = namespace  # "api": ninja reverses its own URLs in it
urlpatterns = patterns
