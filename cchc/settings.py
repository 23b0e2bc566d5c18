"""The one settings module. Every knob comes from an environment variable (see docs/operations.md).

Defaults are safe for a developer's machine: SQLite under ``var/``, DEBUG off unless asked for,
and no literal secret key outside DEBUG.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from cchc.env import database_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CCHC_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("CCHC_DEBUG", False)
# pytest sets PYTEST_VERSION for the whole run: tests get fast hashing and immediate tasks.
TESTING = env_bool("CCHC_TESTING", "PYTEST_VERSION" in os.environ)
DEMO = env_bool("CCHC_DEMO", False)

SECRET_KEY = env_str("CCHC_SECRET_KEY")
if not SECRET_KEY:
    # Local use: a random key kept in var/ so sessions survive restarts, created by `cchc demo`,
    # a debug run or any `cchc` command but `serve`/`worker` (the CLI sets CCHC_LOCAL_KEY), so
    # `cchc import-plan FILE` works on a fresh clone. The servers (`cchc serve`, the WSGI app)
    # use an existing key file but never create one: without CCHC_SECRET_KEY or that file they
    # refuse to start. Never a literal fallback.
    _key_file = VAR_DIR / "secret_key"
    _may_create = DEBUG or TESTING or DEMO or env_bool("CCHC_LOCAL_KEY", False)
    if not (_may_create or _key_file.exists()):
        raise ImproperlyConfigured("CCHC_SECRET_KEY must be set (or run `cchc demo` / CCHC_DEBUG=1 locally)")
    if not _key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        _key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = _key_file.read_text().strip()

ALLOWED_HOSTS = env_list("CCHC_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CCHC_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",  # serves the API docs (Swagger UI) from our own static files, not a CDN
    "cchc.core",
    "cchc.audit",
    "cchc.orgs",
    "cchc.accounts",
    "cchc.plans",
    "cchc.tracking",
    "cchc.reporting",
    "cchc.jobs",
    "cchc.notifications",
    "cchc.surveys",
    "cchc.oversight",
    "cchc.parindex",
    "cchc.indicators",
    "cchc.budget",
]

MIDDLEWARE = [
    "cchc.core.client.TrustedProxyMiddleware",  # proxy headers only from CCHC_TRUSTED_PROXIES
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML and JSON compressed (Django's own BREACH mitigation: random-length padding); static
    # files are served pre-compressed by WhiteNoise (CompressedStaticFilesStorage)
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cchc.accounts.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cchc.accounts.middleware.GrantsMiddleware",  # request.grants, computed once per request
    "django_otp.middleware.OTPMiddleware",
    "cchc.accounts.two_factor.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "cchc.accounts.middleware.CurrentUnitMiddleware",
    # pages translate NotFound/Forbidden/DomainError once (404, 403, a message): cchc/core/pages.py
    "cchc.core.pages.PageErrorMiddleware",
]

ROOT_URLCONF = "cchc.urls"
WSGI_APPLICATION = "cchc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cchc" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "cchc.accounts.context_processors.current_unit",
                "cchc.core.nav.context",
                "cchc.notifications.context_processors.bell",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(env_str("DATABASE_URL"), base_dir=BASE_DIR, var_dir=VAR_DIR)}

# The cache: each process's own memory on the embedded default (one machine); Redis, shared by
# every process and machine, when CCHC_REDIS_URL is set (redis://host:6379/0). Values that must
# agree across processes are keyed by cchc.core.generations (docs/operations.md).
CCHC_REDIS_URL = env_str("CCHC_REDIS_URL", "")
if CCHC_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CCHC_REDIS_URL,
            "KEY_PREFIX": "cchc",
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cchc",
            "TIMEOUT": 300,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["cchc.accounts.backends.LockoutModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (cchc.accounts.throttle): after CCHC_LOGIN_MAX_FAILURES failures for one user
# name from one address (or CCHC_LOGIN_ADDRESS_MAX_FAILURES from one address across names), each
# further attempt waits CCHC_LOGIN_DELAY_SECONDS, doubling, at most CCHC_LOGIN_LOCKOUT_MINUTES.
# Failures older than CCHC_LOGIN_WINDOW_MINUTES are forgotten.
CCHC_LOGIN_MAX_FAILURES = env_int("CCHC_LOGIN_MAX_FAILURES", 5)
CCHC_LOGIN_ADDRESS_MAX_FAILURES = env_int("CCHC_LOGIN_ADDRESS_MAX_FAILURES", 50)
CCHC_LOGIN_DELAY_SECONDS = env_int("CCHC_LOGIN_DELAY_SECONDS", 15)
CCHC_LOGIN_LOCKOUT_MINUTES = env_int("CCHC_LOGIN_LOCKOUT_MINUTES", 15)
CCHC_LOGIN_WINDOW_MINUTES = env_int("CCHC_LOGIN_WINDOW_MINUTES", 60)
# Behind a reverse proxy: the header that carries the client address (e.g. X-Forwarded-For or
# X-Real-IP), believed only from these proxy addresses or networks (X-Forwarded-Proto too, for
# HSTS and https:// links: cchc.core.client). Empty header: the socket's peer, never a header.
CCHC_CLIENT_IP_HEADER = env_str("CCHC_CLIENT_IP_HEADER", "")
CCHC_TRUSTED_PROXIES = env_list("CCHC_TRUSTED_PROXIES", ["127.0.0.1", "::1"])

# The public survey's request limits (cchc.surveys.intake.limit; docs/surveys.md), sized for a
# kiosk at the one-stop desk or a carrier's shared address.
CCHC_SURVEY_ADDRESS_PER_MINUTE = env_int("CCHC_SURVEY_ADDRESS_PER_MINUTE", 600)
CCHC_SURVEY_CODE_PER_MINUTE = env_int("CCHC_SURVEY_CODE_PER_MINUTE", 30)
CCHC_SURVEY_BAD_CODES_PER_10_MINUTES = env_int("CCHC_SURVEY_BAD_CODES_PER_10_MINUTES", 100)
CCHC_SURVEY_OPEN_STARTS_PER_HOUR = env_int("CCHC_SURVEY_OPEN_STARTS_PER_HOUR", 600)

SESSION_COOKIE_AGE = env_int("CCHC_SESSION_SECONDS", 8 * 3600)
# Idle timeout: the age restarts with activity, but the session is written at most once every
# CCHC_SESSION_REFRESH_SECONDS (accounts.middleware.SessionRefreshMiddleware), not on every page
# view (a database write per GET was a large share of a page's cost under load).
SESSION_SAVE_EVERY_REQUEST = False
CCHC_SESSION_REFRESH_SECONDS = env_int("CCHC_SESSION_REFRESH_SECONDS", 300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "cchc" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
FORMAT_MODULE_PATH = ["cchc.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "cchc" / "static"]
# straight from the apps; `cchc serve` collects (and pre-compresses) them first and turns it off
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Uploads: evidence files and plan documents.
CCHC_MAX_UPLOAD_BYTES = env_int("CCHC_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Background jobs' leases (cchc.jobs.lease): a running job renews its lease every heartbeat;
# the worker's sweeper fails (or queues again) a job whose lease expired (its worker died).
CCHC_JOB_LEASE_SECONDS = env_int("CCHC_JOB_LEASE_SECONDS", 60)
CCHC_JOB_HEARTBEAT_SECONDS = env_int("CCHC_JOB_HEARTBEAT_SECONDS", 15)
CCHC_JOB_SWEEP_SECONDS = env_int("CCHC_JOB_SWEEP_SECONDS", 30)
CCHC_JOB_QUEUE_HOURS = env_int("CCHC_JOB_QUEUE_HOURS", 24)
CCHC_JOB_TIME_LIMIT = env_int("CCHC_JOB_TIME_LIMIT", 900)  # a download/report job, seconds
CCHC_DOSSIER_TIME_LIMIT = env_int("CCHC_DOSSIER_TIME_LIMIT", 3600)

# The worker's daily schedule (cchc.jobs.schedule): the reminders of every kind (tasks, reports,
# PAR INDEX) go out once a day at CCHC_REMIND_AT (local time, HH:MM), or at once when a worker
# starts later that day; checked every CCHC_SCHEDULE_SECONDS.
CCHC_REMIND_AT = env_str("CCHC_REMIND_AT", "07:00")
CCHC_SCHEDULE_SECONDS = env_int("CCHC_SCHEDULE_SECONDS", 60)

TASKS = {
    "default": {
        "BACKEND": env_str("CCHC_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

EMAIL_BACKEND = env_str("CCHC_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env_str("CCHC_FROM_EMAIL", "cchc@localhost")

# The canonical address of this installation (e.g. https://cchc.haiphong.gov.vn): links that
# outlive a request (the Atom feed, printed survey QR codes) are built from it, never from a
# request's Host header (cchc.core.client.absolute_url).
CCHC_BASE_URL = env_str("CCHC_BASE_URL", "")

# Security: strict in production, relaxed only for local HTTP (DEBUG/demo/tests).
_LOCAL_HTTP = DEBUG or TESTING or DEMO
SECURE_SSL_REDIRECT = env_bool("CCHC_SECURE_SSL_REDIRECT", not _LOCAL_HTTP)
SESSION_COOKIE_SECURE = not _LOCAL_HTTP
CSRF_COOKIE_SECURE = not _LOCAL_HTTP
SECURE_HSTS_SECONDS = 0 if _LOCAL_HTTP else env_int("CCHC_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not _LOCAL_HTTP
SECURE_HSTS_PRELOAD = not _LOCAL_HTTP
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): our own static files only, no inline script or style
# (no <script> bodies, <style> blocks, style="..." or on*= handlers in any template: see
# docs/architecture.md, "Content-Security-Policy"). data: images only for the API docs' icons.
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CCHC_LOG_LEVEL", "WARNING")},
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    MEDIA_ROOT = VAR_DIR / "test-media"
