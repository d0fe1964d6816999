"""Settings shared by every profile, read from the environment.

Defaults are safe for the embedded mode (SQLite, in-process jobs, DEBUG off).
Secrets that are not given in the environment are generated once into
``var/`` so a fresh checkout runs without configuration; the production
profile refuses to start without real ones.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
import django_stubs_ext
from cryptography.fernet import Fernet
from django.utils.translation import gettext_lazy as _

from hjemtilos.settings.env import env_bool, env_int, env_list, env_str
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

# Keys for encrypted model fields, newest first. Older keys stay to decrypt
# rows written before a rotation (see docs/decisions/0004-encrypted-fields.md).
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS") or [
    _local_secret("field_encryption_key", "fernet")
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
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
    "hjemtilos.api",
    "hjemtilos.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "hjemtilos.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Axes must be last: it turns a lockout signal into a response.
    "axes.middleware.AxesMiddleware",
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

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'hjemtilos.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if str(DATABASES["default"]["NAME"]) not in {"", ":memory:"}:
        # Created owner-only before SQLite opens it; its -wal and -shm files take its mode.
        private_file(Path(DATABASES["default"]["NAME"]))
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

# Login throttling (django-axes): lock a username+IP pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# The login form posts "username" (an e-mail); case must not give extra attempts.
AXES_USERNAME_CALLABLE = "hjemtilos.accounts.throttling.axes_username"

OTP_TOTP_ISSUER = "Hjem til Os"
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 7)

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

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

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

# SMS: a pluggable gateway class. The development gateway stores messages so
# staff can read them in the UI; production sets the HTTP gateway.
SMS_GATEWAY = env_str("SMS_GATEWAY", "hjemtilos.messaging.sms.DevelopmentSmsGateway")
SMS_HTTP_URL = env_str("SMS_HTTP_URL", "")
SMS_HTTP_TOKEN = env_str("SMS_HTTP_TOKEN", "")
SMS_SENDER = env_str("SMS_SENDER", "HjemTilOs")
MESSAGE_MAX_ATTEMPTS = env_int("MESSAGE_MAX_ATTEMPTS", 5)

# Background work: django-tasks with the database backend, in every mode. The
# embedded server runs a worker thread in-process (manage.py serve); production
# runs ``manage.py db_worker`` processes on any number of machines.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "messages"],
    }
}

PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "faker": {"level": "WARNING"},
    },
}

FORM_RENDERER = "hjemtilos.core.forms.DkfdsFormRenderer"
