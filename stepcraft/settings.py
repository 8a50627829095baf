"""Django settings for Stepcraft: every value comes from an environment variable.

With no variables set at all Stepcraft runs embedded: SQLite in the repository root, Celery's
in-memory broker and Channels' in-memory layer, one process, no servers. ``DATABASE_URL`` and
``REDIS_URL`` switch to PostgreSQL and Redis. A malformed value stops start-up with
ImproperlyConfigured naming the variable, rather than being silently replaced by a default.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def envstr(name: str, default: str) -> str:
    """The variable's value; unset or empty means ``default``."""
    return os.environ.get(name) or default


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={os.environ[name]!r} is not a boolean: use true or false")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer") from None


def envlist(name: str, default: str) -> list[str]:
    """A comma-separated list; blanks around items are dropped."""
    return [item.strip() for item in envstr(name, default).split(",") if item.strip()]


def database_config(url: str) -> dict[str, Any]:
    """Django's DATABASES["default"] for a database URL (sqlite:///path, postgres://...)."""
    try:
        # conn_max_age stays 0: Django advises against persistent connections under ASGI.
        config = dj_database_url.parse(url)
    except ValueError as exc:  # unknown scheme or unparsable URL
        raise ImproperlyConfigured(f"DATABASE_URL is not a usable database URL: {exc}") from None
    if not config.get("ENGINE") or not config.get("NAME"):
        raise ImproperlyConfigured("DATABASE_URL names no database")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Embedded mode has web and worker threads writing at once: take the write lock at BEGIN
        # (no lock upgrades that deadlock) and wait for it rather than fail.
        # WAL lets readers go on while one thread writes; synchronous=NORMAL is safe with WAL.
        config["OPTIONS"] = {"timeout": 30, "transaction_mode": "IMMEDIATE",
                             "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    return dict(config)


def channel_layers(redis_url: str) -> dict[str, Any]:
    """In-memory layer in embedded mode (one process); Redis once there may be several."""
    if not redis_url:
        # A viewer's channel holds at most `capacity` unread batches (the default, 100, overflows when a
        # Map fans out); what overflows is not lost: the consumer reads the gap from the database.
        return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": {"capacity": 1000}}}
    # Redis pub/sub: a group send is one PUBLISH (the sorted-set layer takes three round trips and a
    # script per send), and each ASGI process receives a batch once, however many viewers it serves.
    # Pub/sub delivers at most once; the consumers read whatever they missed from the database.
    return {"default": {"BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer", "CONFIG": {"hosts": [redis_url]}}}


# The default key is public (it is in this file): fine on your own machine, never for a
# deployment others can reach. Running with DEBUG off refuses to start while it is still in use.
_DEV_SECRET_KEY = "stepcraft-dev-only-insecure-secret-key-set-SECRET_KEY-for-real-use"
SECRET_KEY = envstr("SECRET_KEY", _DEV_SECRET_KEY)
DEBUG = envbool("DEBUG", True)
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

# Used to build ARNs that look like AWS's (arn:aws:states:<region>:<account>:...).
STEPCRAFT_REGION = envstr("STEPCRAFT_REGION", "us-east-1")
STEPCRAFT_ACCOUNT_ID = envstr("STEPCRAFT_ACCOUNT_ID", "123456789012")

INSTALLED_APPS = [
    # daphne first: it replaces runserver with an ASGI (HTTP + websocket) server.
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "accounts",
    "designer",
    "executions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a signed-in user; the REST API answers 401 itself (see the class).
    "accounts.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "stepcraft.urls"
ASGI_APPLICATION = "stepcraft.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": database_config(envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The built frontend (`make frontend`): its index.html is served for the app's pages
# (stepcraft.views.frontend_app), its hashed assets under /static/ straight from the build
# folder through whitenoise's finders, so no collectstatic step is needed.
FRONTEND_DIST = BASE_DIR / "frontend" / "dist"
STATICFILES_DIRS = [FRONTEND_DIST] if FRONTEND_DIST.is_dir() else []
WHITENOISE_USE_FINDERS = True
# While developing, pick up a rebuilt frontend without restarting the server.
WHITENOISE_AUTOREFRESH = DEBUG

# Unset: embedded mode (in-memory broker and channel layer, everything in one process).
REDIS_URL = envstr("REDIS_URL", "")
CHANNEL_LAYERS = channel_layers(REDIS_URL)

# Celery reads every CELERY_* setting below (stepcraft/celery.py, namespace "CELERY").
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A message is acknowledged after its task ran, so a worker killed mid-task loses nothing; the
# runtime's sequence numbers make the redelivered message harmless.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# Celery's Django fixup closes the task thread's database connections around every task unless this is
# set: each task would open a new connection (a new PostgreSQL backend, several ms of CPU on both sides).
# Workers keep them for this many tasks instead; executions.tasks drops one that broke.
CELERY_DB_REUSE_MAX = envint("STEPCRAFT_DB_REUSE_MAX", 500)
# The database is what makes executions durable: a run whose message is lost (a worker killed, Redis
# restarted) is found by the sweeper once its lease ends (STEPCRAFT_LEASE_SECONDS) and sent again. Redis's
# own redelivery of unacknowledged messages ("ack emulation": two Redis transactions per task, a tenth of a
# worker's CPU) would act only after the visibility timeout, an hour later, so it is off unless asked for.
# The in-memory broker is polled: poll often, or every message waits up to a second.
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, Any] = (
    {"ack_emulation": envbool("STEPCRAFT_ACK_EMULATION", False),
     "visibility_timeout": envint("STEPCRAFT_VISIBILITY_TIMEOUT", 3600)}
    if REDIS_URL else {"polling_interval": 0.005}
)

# ---- the durable runtime (executions/) ----
# A run that has had no news for this long has its message sent again by the sweeper.
STEPCRAFT_LEASE_SECONDS = envint("STEPCRAFT_LEASE_SECONDS", 30)
# How often each worker's sweeper looks for overdue runs.
STEPCRAFT_SWEEP_SECONDS = envint("STEPCRAFT_SWEEP_SECONDS", 5)
# Worker threads of the embedded (make run) worker.
STEPCRAFT_EMBEDDED_CONCURRENCY = envint("STEPCRAFT_EMBEDDED_CONCURRENCY", 4)
# Python modules whose @handler functions Tasks can invoke as Lambda functions (comma-separated).
# Only these are imported (executions.handlers.load_handler_modules): a definition names handlers, never code.
STEPCRAFT_HANDLER_MODULES = envlist("STEPCRAFT_HANDLER_MODULES", "examples.handlers")

# Sign-in (accounts/): every page but the sign-in page needs a signed-in user.
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/machines/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# Request bodies above this are refused (413 from the REST API); definitions are at most 1 MiB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# REST API under /api/: bearer tokens for scripts, the session (with CSRF) for the browser.
# The bearer scheme comes first so that an unauthenticated call gets 401 with WWW-Authenticate.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["stepcraft.api_parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["stepcraft.api_parsers.JSONRenderer"],
    "EXCEPTION_HANDLER": "stepcraft.api_errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # ?format= belongs to the export endpoint (json, json-compact, yaml), not to content negotiation.
    "URL_FORMAT_OVERRIDE": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Stepcraft API",
    "DESCRIPTION": "State machines, versions, aliases, sharing and API tokens. Authenticate with "
    "`Authorization: Bearer <token>` (create one under /api/tokens/ or with `manage.py create_api_token`), "
    "or with the browser session.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "stepcraft.api.add_error_responses"],
    "ENUM_NAME_OVERRIDES": {
        "LoggingLevelEnum": "designer.models.LoggingLevel",
        "StateMachineTypeEnum": "designer.models.StateMachineType",
        "SharePermissionEnum": "designer.models.SharePermission",
        "ExecutionStatusEnum": "executions.models.ExecutionStatus",
        "StateStatusEnum": "executions.summaries.STATUSES",
    },
    # Swagger UI and Redoc from drf-spectacular-sidecar's static files: the docs work offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
