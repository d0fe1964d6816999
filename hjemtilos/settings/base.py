"""Settings shared by every profile, read from the environment.

Defaults are safe for the embedded mode (SQLite, in-process jobs, DEBUG off).
Secrets that are not given in the environment are generated once into
``var/`` so a fresh checkout runs without configuration; the production
profile refuses to start without real ones.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from hjemtilos.settings.env import env_bool, env_float, env_int, env_list, env_str
from hjemtilos.settings.files import private_dir, private_file, write_private

# Django's admin, form and field classes subscriptable at run time
# (``admin.ModelAdmin[Site]``), as the type checker sees them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Secrets, the SQLite file and uploads: owner-only (settings/files.py).
VAR_DIR = private_dir(Path(env_str("HJEMTILOS_VAR_DIR", str(BASE_DIR / "var"))))


def _local_secret(filename: str, make: str) -> str:
    """Return a secret kept in ``var/`` for the embedded mode, creating it once."""
    path = VAR_DIR / filename
    if not path.exists():
        value = Fernet.generate_key().decode() if make == "fernet" else secrets.token_urlsafe(50)
        write_private(path, value)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY") or _local_secret("secret_key", "django")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# A refused form gets our page (what happened, what to do), not Django's English one.
CSRF_FAILURE_VIEW = "hjemtilos.core.errors.csrf_failure"

# Keys for encrypted model fields, newest first. Older keys stay to decrypt
# rows written before a rotation (see docs/decisions/0004-encrypted-fields.md).
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS") or [
    _local_secret("field_encryption_key", "fernet")
]

INSTALLED_APPS = [
    # The admin site for administrators with a fresh second factor (ADR 0008).
    "hjemtilos.accounts.admin_apps.HjemtilosAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "csp",
    "django_otp",
    # Backup codes; the authenticator app is accounts.AuthenticatorDevice (secret encrypted).
    "django_otp.plugins.otp_static",
    "axes",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    # Serves the API docs' Swagger UI from our static files instead of a CDN.
    "ninja",
    "hjemtilos.core",
    "hjemtilos.organisations",
    "hjemtilos.accounts",
    "hjemtilos.privacy",
    "hjemtilos.messaging",
    "hjemtilos.referrals",
    "hjemtilos.volunteers",
    "hjemtilos.friendships",
    "hjemtilos.followups",
    "hjemtilos.reports",
    "hjemtilos.safeguarding",
    "hjemtilos.matching",
    "hjemtilos.surveys",
    "hjemtilos.support",
    "hjemtilos.api",
    "hjemtilos.demo",
]

MIDDLEWARE = [
    # Request latency by view for /metrics (django-prometheus: first and last).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # A request id on every log line and response (hjemtilos.core.requests_log).
    "hjemtilos.core.requests_log.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: static files stay cacheable and carry no page policy.
    "csp.middleware.CSPMiddleware",
    "hjemtilos.core.middleware.PrivateResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "hjemtilos.accounts.middleware.SessionLimitsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "hjemtilos.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # django-auditlog's, reading the client address as every part does (core.clientip).
    "hjemtilos.privacy.middleware.AuditlogMiddleware",
    # Axes must be last but for the metrics: it turns a lockout signal into a response.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "hjemtilos.urls"
WSGI_APPLICATION = "hjemtilos.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hjemtilos" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hjemtilos.core.context_processors.navigation",
            ],
        },
    },
]

# CONN_HEALTH_CHECKS: a persistent connection is checked before a request
# reuses it, so after a database restart the app reconnects by itself instead
# of failing one request per connection. A connection attempt gives up after
# DATABASE_CONNECT_TIMEOUT seconds: while the database is away, requests fail
# fast with the 503 page (core/errors.py) instead of piling up.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'hjemtilos.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {
        "connect_timeout": env_int("DATABASE_CONNECT_TIMEOUT", 5),
        # Planner settings for this app's queries, sent with every connection
        # (ADR 0075): the data is read from memory or SSD, so an index lookup
        # costs little more than a sequential read; and a page's joins are
        # written from the row it lists outwards, so the planner searches join
        # orders in groups of four rather than eight (planning a task list with
        # its subjects took 6 ms, running it under 1 ms).
        "options": "-c random_page_cost=1.1 -c join_collapse_limit=4",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    sqlite_file = Path(str(DATABASES["default"]["NAME"]))
    if str(sqlite_file) not in {"", ":memory:"} and sqlite_file.parent.is_dir():
        # Created owner-only before SQLite opens it; its -wal and -shm files take its mode.
        # (A missing folder stays SQLite's own error, or the production profile's refusal.)
        private_file(sqlite_file)
    # WAL lets the in-process worker read while a request writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes, docs/decisions/0009-sessions-and-throttling.md):
# an account tried from one address is locked after AXES_FAILURE_LIMIT failures;
# one address trying many accounts (password spraying) after
# LOGIN_FAILURES_PER_ADDRESS, whatever the accounts. The handler weighs both.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 20)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "hjemtilos.accounts.throttling.AccountsAxesHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# The login form posts "username" (an e-mail or a mobile number); how it is
# typed must not give extra attempts.
AXES_USERNAME_CALLABLE = "hjemtilos.accounts.throttling.axes_username"
# The client address: behind TRUSTED_PROXY_COUNT reverse proxies, read from
# X-Forwarded-For that many entries from the right; with none, the header is
# ignored. Never the left-most entry, which the client writes itself.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "hjemtilos.core.clientip.client_ip"

OTP_TOTP_ISSUER = "Hjem til Os"
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 7)
# A password-reset link works for an hour, and once.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_MINUTES", 60) * 60
# API keys: valid for 90 days unless chosen otherwise at creation, never above a
# year; the owner is warned this many days before a key expires.
API_KEY_DEFAULT_DAYS = env_int("API_KEY_DEFAULT_DAYS", 90)
API_KEY_MAX_DAYS = env_int("API_KEY_MAX_DAYS", 365)
API_KEY_WARN_DAYS = env_int("API_KEY_WARN_DAYS", 14)

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "hjemtilos" / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# DKFDS and htmx come from npm (package.json) and are served by us, never a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "hjemtilos" / "static",
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    # axe-core, the accessibility checker the browser tests run on every page
    # (core/tests/test_browser_crawl.py); no page of ours loads it.
    ("axe", BASE_DIR / "node_modules" / "axe-core"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

# Matching: where addresses get their points. The default uses the postal
# district's point (offline); production may name the Danish address service,
# "hjemtilos.matching.geo.DawaGeocoder" (docs/decisions/0021).
MATCHING_GEOCODER = env_str("MATCHING_GEOCODER", "hjemtilos.matching.geo.PostalCodeGeocoder")
MATCHING_GEOCODER_URL = env_str("MATCHING_GEOCODER_URL", "https://api.dataforsyningen.dk")
# Friendship-book photos: largest upload accepted, in bytes.
MATCHING_PHOTO_MAX_BYTES = env_int("MATCHING_PHOTO_MAX_BYTES", 8 * 1024 * 1024)
# Photos in greetings between the families (a phone's photo): largest upload, in bytes.
GREETING_PHOTO_MAX_BYTES = env_int("GREETING_PHOTO_MAX_BYTES", 12 * 1024 * 1024)

# Sessions (docs/decisions/0009-sessions-and-throttling.md): staff, the advisory
# team and administrators are signed out after 30 minutes without a request and
# 12 hours after signing in; caseworkers, families, parents and evaluators after
# 2 hours idle and 12 hours. A sensitive action asks for the second factor again
# if it was typed more than SECOND_FACTOR_FRESH_MINUTES ago.
SESSION_IDLE_MINUTES_SECOND_FACTOR = env_int("SESSION_IDLE_MINUTES_SECOND_FACTOR", 30)
SESSION_ABSOLUTE_HOURS_SECOND_FACTOR = env_int("SESSION_ABSOLUTE_HOURS_SECOND_FACTOR", 12)
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 120)
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 12)
SECOND_FACTOR_FRESH_MINUTES = env_int("SECOND_FACTOR_FRESH_MINUTES", 15)
# The cookie never outlives the longest absolute limit; the middleware ends sooner.
SESSION_COOKIE_AGE = max(SESSION_ABSOLUTE_HOURS, SESSION_ABSOLUTE_HOURS_SECOND_FACTOR) * 3600
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# A strict Content-Security-Policy (django-csp): scripts, styles, fonts and
# requests from our own origin only; no inline script or style (templates have
# none; htmx's indicator styles are in app.css), no plug-ins, no framing, forms
# post only to us. Images may also be data: URIs (DKFDS's icons, Swagger UI).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Devices and browser features no page uses (hjemtilos.core.middleware).
PERMISSIONS_POLICY: dict[str, tuple[str, ...]] = {
    feature: ()
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# E-mail: Django's SMTP backend by default; the embedded mode points it at
# nothing real unless EMAIL_HOST is given, so the console backend is used.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Hjem til Os <noreply@hjemtilos.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Notifications about a child to a municipality (underretninger) may go through their own
# mail server (a secure relay agreed with the municipalities); each value left empty falls
# back to the general EMAIL_* one (hjemtilos/safeguarding/transport.py, README).
SAFEGUARDING_EMAIL_HOST = env_str("SAFEGUARDING_EMAIL_HOST", "")
SAFEGUARDING_EMAIL_PORT = env_int("SAFEGUARDING_EMAIL_PORT", 0)
SAFEGUARDING_EMAIL_HOST_USER = env_str("SAFEGUARDING_EMAIL_HOST_USER", "")
SAFEGUARDING_EMAIL_HOST_PASSWORD = env_str("SAFEGUARDING_EMAIL_HOST_PASSWORD", "")
# "starttls", "ssl" or "" (plain: only for a relay on the same machine).
SAFEGUARDING_EMAIL_SECURITY = env_str("SAFEGUARDING_EMAIL_SECURITY", "starttls")
if SAFEGUARDING_EMAIL_SECURITY not in ("starttls", "ssl", ""):
    raise ImproperlyConfigured("SAFEGUARDING_EMAIL_SECURITY must be starttls, ssl or empty")
SAFEGUARDING_EMAIL_FROM = env_str("SAFEGUARDING_EMAIL_FROM", "")
# The advisory team's shared mailbox: the municipality's acknowledgement is a reply to it.
SAFEGUARDING_EMAIL_REPLY_TO = env_str("SAFEGUARDING_EMAIL_REPLY_TO", "")

# SMS: a pluggable gateway class. The development gateway stores messages so
# staff can read them in the UI; production sets the HTTP gateway.
SMS_GATEWAY = env_str("SMS_GATEWAY", "hjemtilos.messaging.sms.DevelopmentSmsGateway")
SMS_HTTP_URL = env_str("SMS_HTTP_URL", "")
SMS_HTTP_TOKEN = env_str("SMS_HTTP_TOKEN", "")
SMS_SENDER = env_str("SMS_SENDER", "HjemTilOs")
# Attempts before a message is marked failed (retried with back-off for about
# eight hours: messaging.tasks.BACKOFF_MINUTES), and how long a message may stay
# "sending" before it counts as left by a stopped worker.
MESSAGE_MAX_ATTEMPTS = env_int("MESSAGE_MAX_ATTEMPTS", 8)
MESSAGE_STUCK_AFTER_SECONDS = env_float("MESSAGE_STUCK_AFTER_SECONDS", 300.0)

# Background work: django-tasks with the database backend, in every mode. The
# embedded server runs a worker thread in-process (manage.py serve); production
# runs ``manage.py db_worker`` processes on any number of machines.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "messages"],
    }
}

# A database worker writes a heartbeat this often while it runs tasks; a task
# running longer than TASK_ABANDONED_AFTER_SECONDS on a worker without a recent
# heartbeat is run again by another worker (hjemtilos.core.workers).
TASK_HEARTBEAT_SECONDS = env_float("TASK_HEARTBEAT_SECONDS", 10.0)
TASK_ABANDONED_AFTER_SECONDS = env_float("TASK_ABANDONED_AFTER_SECONDS", 60.0)

# Operators: /healthz reports "degraded" when the oldest waiting task has waited
# longer than this, or the scheduler has not run a job for this long (seconds).
HEALTH_MAX_QUEUE_LAG = env_float("HEALTH_MAX_QUEUE_LAG", 300.0)
HEALTH_MAX_SCHEDULER_AGE = env_float("HEALTH_MAX_SCHEDULER_AGE", 300.0)
# The Prometheus scraper's bearer token for /metrics; without one the endpoint is off.
METRICS_TOKEN = env_str("METRICS_TOKEN", "")

PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8000")


def logging_settings(log_format: str) -> dict[str, Any]:
    """Logs go to standard error, as JSON lines (``json``, the production default) or
    as text, each with the id of the request it belongs to."""
    if log_format not in {"json", "text"}:
        raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, got {log_format!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "hjemtilos.core.requests_log.RequestIdFilter"}},
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            },
            "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": log_format,
            }
        },
        "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            "faker": {"level": "WARNING"},
        },
    }


LOGGING = logging_settings(env_str("LOG_FORMAT", "text"))

FORM_RENDERER = "hjemtilos.core.forms.DkfdsFormRenderer"
