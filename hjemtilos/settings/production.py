"""Production profile: PostgreSQL, HTTPS, secrets only from the environment.

``DJANGO_SETTINGS_MODULE=hjemtilos.settings.production manage.py check --deploy``
passes without warnings when the required variables are set.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from hjemtilos.settings.base import *  # noqa: F403
from hjemtilos.settings.env import env_bool, env_int, env_str

for _required in ("SECRET_KEY", "DATABASE_URL", "FIELD_ENCRYPTION_KEYS", "ALLOWED_HOSTS"):
    if not os.environ.get(_required):
        raise ImproperlyConfigured(f"{_required} must be set in the production profile")

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":  # noqa: F405
    raise ImproperlyConfigured("Production runs on PostgreSQL: DATABASE_URL must be postgres://")

DEBUG = False
# JSON log lines for the log collector, unless told otherwise.
LOGGING = logging_settings(env_str("LOG_FORMAT", "json"))  # noqa: F405
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Off only where no browser is involved and TLS is not (the load test on 127.0.0.1);
# `check --deploy` warns when they are off.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=True)
# Each gunicorn thread serves one request at a time (gunicorn.conf.py), so a persistent
# connection per thread is a pool of one: no connection set-up per request (half of
# PostgreSQL's CPU per request in the load baseline), and CONN_HEALTH_CHECKS (base.py)
# replaces a connection the database dropped. See docs/decisions/0073 and 0075.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 600)  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
