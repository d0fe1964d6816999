"""Test profile: the embedded defaults with a fast password hasher and
synchronous background tasks. ``DATABASE_URL`` picks SQLite or PostgreSQL."""

from __future__ import annotations

from hjemtilos.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "messages"],
    },
    "database": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "messages"],
    },
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_GATEWAY = "hjemtilos.messaging.sms.DevelopmentSmsGateway"
AXES_ENABLED = True
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Tests serve static files through the finders; an empty STATIC_ROOT keeps
# WhiteNoise from warning about a missing directory.
STATIC_ROOT = VAR_DIR / "static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not Django's shared-cache in-memory database: shared cache turns
    # concurrent access from the embedded worker's thread into immediate
    # "database schema is locked" errors instead of waiting on the busy timeout.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
