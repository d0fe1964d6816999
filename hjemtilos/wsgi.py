"""WSGI entry point (``gunicorn hjemtilos.wsgi``)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from hjemtilos.core.runtime import tune_garbage_collection

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemtilos.settings")

application = get_wsgi_application()
# Every app's URL patterns and views now, not in the first request a worker serves (0.8 s),
# and so among what is frozen below.
get_resolver().url_patterns  # noqa: B018 - the property imports the URL modules

tune_garbage_collection()
