"""Settings for the claims tracker, read from the environment.

DATABASE_URL   database to use (default: SQLite file db.sqlite3 beside manage.py)
SECRET_KEY     required unless DEBUG is on
DEBUG          "1"/"true"/"yes" or "0"/"false"/"no" (default: off)
ALLOWED_HOSTS  comma-separated host names (default with DEBUG: localhost and 127.0.0.1)
HTTPS          "1" when served over HTTPS: SSL redirect, HSTS, secure cookies, proxy header
STATIC_ROOT    where collectstatic puts static files (default: staticfiles beside manage.py)
API_ANONYMOUS_RATE  requests an anonymous API client may make, e.g. "60/minute" (default)
API_TRUSTED_PROXIES  how many proxies in front append X-Forwarded-For, which then names the
               client the throttle counts (default 0: the connecting address; make production: 1)
EMAIL_HOST     SMTP host for review emails (default: none, emails are printed to the console);
               with EMAIL_PORT (587), EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS (on)
DEFAULT_FROM_EMAIL  the sender of review emails
CACHE_URL      redis://host:port/db for a cache shared by every worker and machine
               (default: local memory, one per process)
READER_PAGE_CACHE  serve anonymous readers' pages from the cache (default: on)
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def envrate(name: str, default: str) -> str:
    raw = os.environ.get(name)
    if raw is None:
        return default
    count, _, period = raw.strip().partition("/")
    if not count.isdigit() or period not in {"second", "minute", "hour", "day"}:
        raise ImproperlyConfigured(
            f"{name} must be a number of requests per second, minute, hour or day, "
            f"e.g. 60/minute; got {raw!r}"
        )
    return f"{int(count)}/{period}"


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if not raw.strip().isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}")
    return int(raw)


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def envcache(name: str) -> dict[str, Any]:
    raw = os.environ.get(name, "").strip()
    if not raw:
        # One per process: the page cache stays correct (its generation is in the database),
        # but each worker renders each page once.
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    if raw.split("://", 1)[0] in {"redis", "rediss", "unix"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": raw}
    raise ImproperlyConfigured(f"{name} must be a redis://, rediss:// or unix:// URL; got {raw!r}")


DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment, or set DEBUG=1 for development."
        )
    SECRET_KEY = "development-only-key-never-used-when-debug-is-off"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "simple_history",
    "tracker",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and the rest: a cached page needs none of them.
    "tracker.page_cache.ReaderPageCache",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "tracker.middleware.ExplainOversizedRequests",
    "tracker.middleware.RejectNullCharacters",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "tracker.middleware.PrivateForStaff",
    "simple_history.middleware.HistoryRequestMiddleware",
]

CSRF_FAILURE_VIEW = "tracker.views.csrf_refused"
ROOT_URLCONF = "tracker.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

WSGI_APPLICATION = "tracker.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock (BEGIN IMMEDIATE, waiting up to 20 s) instead of failing
    # half-way with "database is locked"; WAL lets readers go on while one writes. The
    # losers of a race then meet the same version check, and message, as on PostgreSQL.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The default random_page_cost (4) prices index reads for spinning disks: with it the
    # planner scans all 100,000 statements rather than read the trigram index for a word in
    # 3 % of them (64 ms against 15 ms). 1.1 is the usual value for SSDs and cached tables.
    # A plan priced over 100,000 is compiled to machine code first (JIT): 400-600 ms for a
    # search that runs in 20, the compiling never paid back by pages that read a few rows.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c random_page_cost=1.1 -c jit=off"
    )
    # A form's <select> reads its choices through .iterator(), which on PostgreSQL opens a
    # server-side cursor: three round trips (DECLARE, FETCH, CLOSE) for a few dozen rows.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    if envbool("DATABASE_PREPARED_STATEMENTS", True):
        # A reader page runs the same few queries on every request: prepared on a connection
        # after their second run, PostgreSQL stops parsing and planning them afresh, which
        # took more of its time than running them (a claim page: 2.2 ms of its CPU to 0.95).
        # Needs the parameters bound by the server. Off (0) behind a pooler that hands one
        # session's transactions to several connections and keeps no prepared statements.
        DATABASES["default"]["OPTIONS"].update(
            {"server_side_binding": True, "prepare_threshold": 2}
        )


CACHES = {"default": envcache("CACHE_URL")}
READER_PAGE_CACHE = envbool("READER_PAGE_CACHE", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "tracker" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# In development (and tests, which import settings with DEBUG on) static files are
# served straight from the app folders, without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

LOGIN_URL = "admin:login"

API_ANONYMOUS_RATE = envrate("API_ANONYMOUS_RATE", "60/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "tracker.api.pagination.ListPagination",
    "DEFAULT_THROTTLE_CLASSES": ["tracker.api.throttling.AnonymousClientThrottle"],
    # Left unset, DRF counts each different X-Forwarded-For, which any client writes, as
    # another client: the throttle would hold back nobody who varies it.
    "NUM_PROXIES": envint("API_TRUSTED_PROXIES", 0),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Claims tracker API",
    "DESCRIPTION": "Published claims, every party's statements on them in the exact words of "
    "their sources, and the cases, parties and sources they use. Read-only.",
    # The version is given to the schema view (tracker/api/urls.py): left here, drf-spectacular
    # adds the query's ?version= to it, in the schema and in a header (a newline there was a 500).
    "VERSION": None,
    "SERVE_INCLUDE_SCHEMA": False,
    # Schema warnings are for API authors (tests/test_api.py), not a deployment's check.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    "ENUM_NAME_OVERRIDES": {
        "PartyKindEnum": "tracker.models.parties.Party.Kind",
        "PartyAliasKindEnum": "tracker.models.parties.PartyAlias.Kind",
        "SourceKindEnum": "tracker.models.sources.Source.Kind",
        "StatementKindEnum": "tracker.models.statements.Statement.Kind",
    },
}

if not DEBUG:
    SESSION_COOKIE_HTTPONLY = True
    CSRF_COOKIE_HTTPONLY = False
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

# Served over HTTPS (directly or behind a proxy that sets X-Forwarded-Proto): one switch.
HTTPS = envbool("HTTPS", False)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Scripts and styles come only from our own static files: no inline code, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# A pasted source of 5 MB percent-encodes to up to three times that.
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Review emails to researchers: printed to the console unless an SMTP host is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "claims-tracker@localhost")
