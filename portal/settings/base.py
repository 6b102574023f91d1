"""Settings shared by every environment, read from the environment (django-environ).

Unset ``DATABASE_URL`` means the embedded SQLite default; unset ``CELERY_BROKER_URL``
and ``REDIS_URL`` mean tasks run in-process after the transaction commits.
``SECRET_KEY`` and ``ALLOWED_HOSTS`` have development defaults only when ``DEBUG`` is on.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import environ
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# The .env file is read only when DJANGO_READ_DOT_ENV_FILE=1 (a deployment outside compose
# that keeps its settings in that file; compose passes it with env_file). So a production
# .env beside the checkout never switches bin/demo or bin/test to its database, Redis or
# SMTP server; both say what they run with (portal.runtime).
DOT_ENV_FILE_PRESENT = (BASE_DIR / ".env").is_file()
DOT_ENV_FILE_READ = DOT_ENV_FILE_PRESENT and env.bool("DJANGO_READ_DOT_ENV_FILE", default=False)
if DOT_ENV_FILE_READ:
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-do-not-use-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

SITE_NAME = env.str("SITE_NAME", default="Reliable Research Reports")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
PUBLISHER_NAME = env.str("PUBLISHER_NAME", default=SITE_NAME)

INSTALLED_APPS = [
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_countries",
    "csp",
    "reversion",
    "django_prose_editor",
    "portal",
    "reports",
    "segments",
    "enquiries",
    "desk",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.security.bad_input.BadInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "csp.context_processors.nonce",
                "portal.context_processors.site",
                "portal.i18n.languages",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "portal.jinja2.environment"},
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
# The site's languages (portal.i18n): English at the addresses it always had, each other
# under its prefix (/ja/…). PORTAL_LANGUAGES picks which are on (English always is).
ALL_LANGUAGES = {
    "en-gb": "English",
    "ja": "日本語",
    "ko": "한국어",
    "zh-hans": "简体中文",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
}
LANGUAGES = [
    (code, ALL_LANGUAGES[code])
    for code in dict.fromkeys(["en-gb", *env.list("PORTAL_LANGUAGES", default=list(ALL_LANGUAGES))])
    if code in ALL_LANGUAGES
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Report content per language (reports/translation.py): a column per shipped language, so
# the schema does not change with PORTAL_LANGUAGES; a missing translation reads English.
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_LANGUAGES = tuple(ALL_LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = (LANGUAGE_CODE,)
MODELTRANSLATION_PREPOPULATE_LANGUAGE = LANGUAGE_CODE
FORMAT_MODULE_PATH = ["portal.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0

# Unset CACHE_URL: this process's memory (development, tests). Production requires a shared
# cache (portal.settings.production). A Redis cache that cannot be reached is a miss, never
# an error (django-redis's IGNORE_EXCEPTIONS): pages are rendered without it, each failure
# is logged and counted on the "portal.cache" logger (portal.metrics.CacheOutageFilter),
# and short socket timeouts keep an unreachable host from holding a request for long.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://portal")}
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    CACHES["default"]["OPTIONS"] = {
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": env.float("CACHE_SOCKET_CONNECT_TIMEOUT", default=0.25),
        "SOCKET_TIMEOUT": env.float("CACHE_SOCKET_TIMEOUT", default=0.25),
        **CACHES["default"].get("OPTIONS", {}),
    }
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "portal.cache"

# --- E-mail: a local folder in development so messages can be read, SMTP in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="filemail://" if DEBUG else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
if EMAIL_CONFIG.get("EMAIL_BACKEND") == "django.core.mail.backends.filebased.EmailBackend":
    # django-environ drops the leading "/" of filemail:///abs/path; an absolute path is
    # what is meant, and unset means var/sent-mail in the project.
    _mail_dir = EMAIL_CONFIG.get("EMAIL_FILE_PATH") or ""
    EMAIL_FILE_PATH = str(Path("/", _mail_dir)) if _mail_dir else str(VAR_DIR / "sent-mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <reports@example.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SALES_EMAIL = env.str("SALES_EMAIL", default="sales@example.com")

# --- Celery: unset broker means the tasks run in-process (after commit) in development.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=env.str("REDIS_URL", default=""))
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# --- Catalogue defaults.
REPORT_DEFAULT_CURRENCY = env.str("REPORT_DEFAULT_CURRENCY", default="USD")
REPORT_DEFAULT_LICENCES = [
    {
        "tier": "single",
        "price": Decimal(env.str("LICENCE_SINGLE_PRICE", default="3500")),
        "seats": 1,
        "description": "One named reader. The PDF may not be shared outside that person.",
    },
    {
        "tier": "multi",
        "price": Decimal(env.str("LICENCE_MULTI_PRICE", default="5250")),
        "seats": 5,
        "description": "Up to five named readers in the same company and site.",
    },
    {
        "tier": "enterprise",
        "price": Decimal(env.str("LICENCE_ENTERPRISE_PRICE", default="7000")),
        "seats": 0,
        "description": "Everyone in the buying company, all sites; the figures may be quoted "
        "in internal documents.",
    },
]
REPORTS_PER_PAGE = env.int("REPORTS_PER_PAGE", default=12)

# --- Content Security Policy (django-csp 4): strict by default.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

# One console handler; JSON lines ("json", the default unless DEBUG) or plain text, each
# record with the request id (portal.observability). Add loggers with
# LOGGING["loggers"][name] = {...}.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured('LOG_FORMAT must be "json" or "plain".')
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.observability.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "portal.observability.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "plain": {
            "class": "portal.observability.PlainFormatter",
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "django_guid": {"level": "WARNING"}},
}
LOGGING["filters"]["cache_outage"] = {"()": "portal.metrics.CacheOutageFilter"}
LOGGING["loggers"]["portal.cache"] = {"filters": ["cache_outage"]}

# === Samples and enquiries (enquiries app): queues, reliability, limits ===================
# Two queues: "pdf" for renders, "default" for e-mails and the sweep, so e-mails never wait
# behind renders. Renders have a soft limit (fails the request cleanly) and a hard limit;
# Redis's visibility timeout must exceed both and every retry countdown, or an unacked task
# would be handed to a second worker while the first still holds it.
STORAGES["samples"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {
        "location": env.path("SAMPLES_STORAGE_ROOT", default=str(VAR_DIR / "private" / "samples")),
        "base_url": None,
    },
}
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"enquiries.tasks.render_sample": {"queue": "pdf"}}
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=100)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker whose broker restarts or is away for a while keeps reconnecting (by default it
# gives up after 100 attempts and exits). Tasks running when the connection drops finish:
# their acknowledgement fails and the message is delivered again, where the task's status
# guard finds the work done. Cancelling them instead could stop a task between handing an
# e-mail to the mail server and recording it, and the redelivery would send it twice.
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
SAMPLE_RENDER_SOFT_TIME_LIMIT = env.int("SAMPLE_RENDER_SOFT_TIME_LIMIT", default=60)
SAMPLE_RENDER_TIME_LIMIT = env.int("SAMPLE_RENDER_TIME_LIMIT", default=90)
SAMPLE_MAX_RENDER_ATTEMPTS = env.int("SAMPLE_MAX_RENDER_ATTEMPTS", default=3)
ENQUIRY_EMAIL_MAX_RETRIES = env.int("ENQUIRY_EMAIL_MAX_RETRIES", default=5)
ENQUIRY_EMAIL_RETRY_BACKOFF = env.int("ENQUIRY_EMAIL_RETRY_BACKOFF", default=10)
ENQUIRY_EMAIL_RETRY_BACKOFF_MAX = env.int("ENQUIRY_EMAIL_RETRY_BACKOFF_MAX", default=600)
# Socket timeouts on the broker's connections: without them a Redis that accepts
# connections but does not answer (frozen, partitioned) holds a visitor's form, whose
# commit publishes a task, for as long as the operating system keeps the socket open; with
# them the publish fails after CELERY_TASK_PUBLISH_RETRY_POLICY's few retries and the sweep queues the row
# later. The read timeout must exceed the worker's 1 s BRPOP.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "socket_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=2.0),
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_keepalive": True,
}
if CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= max(
    SAMPLE_RENDER_TIME_LIMIT, ENQUIRY_EMAIL_RETRY_BACKOFF_MAX
):
    raise ImproperlyConfigured(
        "CELERY_VISIBILITY_TIMEOUT must exceed SAMPLE_RENDER_TIME_LIMIT and "
        "ENQUIRY_EMAIL_RETRY_BACKOFF_MAX."
    )
# Rows still pending this long after they were last queued are queued again; after
# ENQUIRY_MAX_REQUEUES such rounds they are marked failed (visible in admin).
ENQUIRY_SWEEP_INTERVAL = env.float("ENQUIRY_SWEEP_INTERVAL", default=60.0)
ENQUIRY_SWEEP_AFTER = env.int("ENQUIRY_SWEEP_AFTER", default=max(120, SAMPLE_RENDER_TIME_LIMIT))
ENQUIRY_MAX_REQUEUES = env.int("ENQUIRY_MAX_REQUEUES", default=10)
CELERY_BEAT_SCHEDULE = {
    "enquiries-sweep-pending": {
        "task": "enquiries.tasks.sweep_pending",
        "schedule": ENQUIRY_SWEEP_INTERVAL,
    },
}
# The same e-mail asking about the same report again within this many seconds gets the
# thank-you page but no second request and no second e-mail.
ENQUIRY_DUPLICATE_WINDOW = env.int("ENQUIRY_DUPLICATE_WINDOW", default=600)
# Submissions allowed per window (seconds), per client IP and per e-mail address.
ENQUIRY_RATE_LIMIT_PER_IP = env.int("ENQUIRY_RATE_LIMIT_PER_IP", default=10)
ENQUIRY_RATE_LIMIT_PER_EMAIL = env.int("ENQUIRY_RATE_LIMIT_PER_EMAIL", default=5)
ENQUIRY_RATE_LIMIT_WINDOW = env.int("ENQUIRY_RATE_LIMIT_WINDOW", default=3600)
# How many reverse proxies in front of Django append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Signed sample download links stop working after this many seconds.
SAMPLE_LINK_MAX_AGE = env.int("SAMPLE_LINK_MAX_AGE", default=7 * 24 * 3600)
ENQUIRY_FREE_MAIL_DOMAINS = env.list(
    "ENQUIRY_FREE_MAIL_DOMAINS",
    default=[
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.co.uk",
        "ymail.com",
        "hotmail.com",
        "hotmail.co.uk",
        "outlook.com",
        "live.com",
        "msn.com",
        "aol.com",
        "icloud.com",
        "me.com",
        "mail.com",
        "gmx.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "proton.me",
        "protonmail.com",
        "yandex.ru",
        "yandex.com",
        "mail.ru",
        "qq.com",
        "163.com",
        "126.com",
        "zoho.com",
        "rediffmail.com",
        "free.fr",
        "orange.fr",
        "libero.it",
    ],
)
LOGGING["loggers"]["weasyprint.progress"] = {"level": "WARNING"}
LOGGING["loggers"]["axes"] = {"level": "WARNING"}
# === end of samples and enquiries =========================================================

# === REST API, import/export and press releases (reports.api, reports.transfer) ============
INSTALLED_APPS += ["rest_framework.authtoken", "django_filters", "drf_spectacular"]
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "reports.api.errors.exception_handler",
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
# Requests per client IP (anonymous) or per user. The visitor POSTs (samples, enquiries)
# are limited by the forms' own per-IP and per-e-mail limits (ENQUIRY_RATE_LIMIT_*).
API_THROTTLE_RATES = {
    "anon": env.str("API_THROTTLE_ANON", default="120/min"),
    "user": env.str("API_THROTTLE_USER", default="1200/min"),
}
API_PAGE_SIZE = env.int("API_PAGE_SIZE", default=20)
SPECTACULAR_SETTINGS = {
    "TITLE": f"{SITE_NAME} API",
    "DESCRIPTION": "The report catalogue (public, read-only), the staff write API and the "
    "visitor endpoints for samples and enquiries. Errors are JSON objects mapping each field "
    'path ("sections.2.heading") to its messages.',
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": f"{STATIC_URL}vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": f"{STATIC_URL}vendor/swagger-ui/favicon-32x32.png",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ReportStatusEnum": "reports.models.ReportStatus",
        "LicenceTierEnum": "reports.models.LicenceTier",
    },
}
# Admin uploads wait here between their preview and their import (never served).
CATALOGUE_IMPORT_DIR = env.path(
    "CATALOGUE_IMPORT_DIR", default=str(VAR_DIR / "private" / "imports")
)
# === end of REST API, import/export and press releases =====================================

# === Finding reports (reports.search, sitemaps, feeds) =====================================
# contrib.postgres registers the pg_trgm lookups on PostgreSQL (inert on SQLite);
# contrib.sitemaps provides the sitemap templates.
INSTALLED_APPS += ["django.contrib.postgres", "django.contrib.sitemaps"]
# Which words get facet counts kept by the database (reports.search.frequent) follows the
# planner's statistics, which autovacuum refreshes as the catalogue grows.
CELERY_BEAT_SCHEDULE["reports-refresh-frequent-lexemes"] = {
    "task": "reports.tasks.refresh_frequent_lexemes",
    "schedule": env.float("FREQUENT_LEXEMES_REFRESH_INTERVAL", default=3600.0),
}
# Reports scheduled to publish at a time go live within this many seconds of it.
CELERY_BEAT_SCHEDULE["reports-publish-due"] = {
    "task": "reports.tasks.publish_due_reports",
    "schedule": env.float("SCHEDULED_PUBLISHING_INTERVAL", default=60.0),
}
# === end of finding reports ===============================================================

# === Buying reports (orders app): payment providers, invoices, delivery ===================
INSTALLED_APPS += ["orders"]
# Offered at checkout in this order; each is enabled by its own settings below.
ORDER_PAYMENT_PROVIDERS = env.list(
    "ORDER_PAYMENT_PROVIDERS",
    default=[
        "orders.payments.stripe_checkout.StripeCheckoutProvider",
        "orders.payments.bank_transfer.BankTransferProvider",
    ],
)
# Stripe is disabled unless both are set. STRIPE_WEBHOOK_SECRET may list several secrets
# (comma-separated) while an endpoint secret is rolled; any of them verifies an event.
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRETS = env.list("STRIPE_WEBHOOK_SECRET", default=[])
STRIPE_WEBHOOK_TOLERANCE = env.int("STRIPE_WEBHOOK_TOLERANCE", default=300)
# Where the Stripe SDK sends its API calls: Stripe's own API unless a test points it at a
# local stand-in server (tests/support/stripe_api.py).
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="https://api.stripe.com").rstrip("/")
# Shown on invoices; bank details also enable the bank-transfer provider (empty: disabled).
ORDER_SELLER = {
    "name": env.str("SELLER_NAME", default=PUBLISHER_NAME),
    "address": env.str(
        "SELLER_ADDRESS", default="1 Example Street\nLondon EC1A 1AA\nUnited Kingdom"
    ),
    "vat_number": env.str("SELLER_VAT_NUMBER", default=""),
    "email": env.str("SELLER_EMAIL", default=SALES_EMAIL),
}
ORDER_BANK_DETAILS = (
    {
        key: value
        for key, value in {
            "Account holder": env.str("BANK_ACCOUNT_HOLDER", default=PUBLISHER_NAME),
            "Bank": env.str("BANK_NAME", default="Example Bank plc"),
            "IBAN": env.str("BANK_IBAN", default="GB33BUKB20201555555555"),
            "BIC / SWIFT": env.str("BANK_BIC", default="BUKBGB22"),
        }.items()
        if value
    }
    if env.bool("BANK_TRANSFER_ENABLED", default=True)
    else {}
)
ORDER_INVOICE_PREFIX = env.str("ORDER_INVOICE_PREFIX", default="INV")
ORDER_TAX_RATE = env.str("ORDER_TAX_RATE", default="0")  # percent, added to the licence price
ORDER_PAYMENT_TERMS_DAYS = env.int("ORDER_PAYMENT_TERMS_DAYS", default=30)
# A delivered report: each link works this many seconds and downloads; a fresh link can be
# had from the order page while the licence runs (days from payment).
ORDER_LINK_MAX_AGE = env.int("ORDER_LINK_MAX_AGE", default=7 * 24 * 3600)
ORDER_LINK_MAX_DOWNLOADS = env.int("ORDER_LINK_MAX_DOWNLOADS", default=5)
ORDER_LICENCE_DAYS = env.int("ORDER_LICENCE_DAYS", default=365)
ORDER_RATE_LIMIT_PER_IP = env.int("ORDER_RATE_LIMIT_PER_IP", default=20)
ORDER_RENDER_SOFT_TIME_LIMIT = env.int("ORDER_RENDER_SOFT_TIME_LIMIT", default=120)
ORDER_RENDER_TIME_LIMIT = env.int("ORDER_RENDER_TIME_LIMIT", default=180)
ORDER_MAX_RENDER_ATTEMPTS = env.int("ORDER_MAX_RENDER_ATTEMPTS", default=5)
ORDER_SWEEP_AFTER = env.int("ORDER_SWEEP_AFTER", default=600)
STORAGES["orders"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {
        "location": env.path("ORDERS_STORAGE_ROOT", default=str(VAR_DIR / "private" / "orders")),
        "base_url": None,
    },
}
CELERY_TASK_ROUTES["orders.tasks.fulfil_order"] = {"queue": "pdf"}
CELERY_TASK_ROUTES["orders.tasks.deliver_edition_copy"] = {"queue": "pdf"}
CELERY_BEAT_SCHEDULE["orders-sweep-undelivered"] = {
    "task": "orders.tasks.sweep_undelivered",
    "schedule": ENQUIRY_SWEEP_INTERVAL,
}
if CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= ORDER_RENDER_TIME_LIMIT:
    raise ImproperlyConfigured("CELERY_VISIBILITY_TIMEOUT must exceed ORDER_RENDER_TIME_LIMIT.")
# === end of buying reports ================================================================

# === Security: CSP reports, headers, admin hardening (portal.security) ====================
# Violations are reported to our own endpoint, which logs them on the "portal.csp" logger
# (report-uri for every browser; report-to and the Reporting-Endpoints header for browsers
# with the Reporting API). The admin adds 'unsafe-inline' to style-src only: Django's admin
# templates use inline style elements and attributes; its script-src stays 'self'.
CSP_REPORT_URL = "/csp-report/"
CSP_REPORTING_ENDPOINT = ("csp-endpoint", CSP_REPORT_URL)
CSP_REPORT_MAX_BYTES = env.int("CSP_REPORT_MAX_BYTES", default=16 * 1024)
CSP_REPORT_RATE_LIMIT = env.int("CSP_REPORT_RATE_LIMIT", default=60)  # per client IP a minute
CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [CSP_REPORT_URL]
CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-to"] = CSP_REPORTING_ENDPOINT[0]
# The admin's rich-text editor needs its import map, an inline script, to run: it carries
# the request's nonce (reports.admin.rich_text), which django-csp adds here once used.
ADMIN_CSP_UPDATE = {"style-src": ["'unsafe-inline'"], "script-src": [NONCE]}
MIDDLEWARE[MIDDLEWARE.index("csp.middleware.CSPMiddleware")] = (
    "portal.security.csp.PortalCSPMiddleware"
)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Powerful browser features none of our pages use, denied to them and to any frame.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "django_permissions_policy.PermissionsPolicyMiddleware",
)
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}

# The admin lives at ADMIN_URL (a path such as "staff-7f3a/"; default "admin/").
ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"
if ADMIN_URL == "/":
    raise ImproperlyConfigured("ADMIN_URL must be a path such as 'admin/'.")
# Two-factor sign-in for the admin (django-otp, TOTP devices): off by default; enrol each
# staff member's device under "TOTP devices" in the admin before turning it on.
ADMIN_REQUIRE_2FA = env.bool("ADMIN_REQUIRE_2FA", default=False)
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "axes"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
OTP_TOTP_ISSUER = SITE_NAME
# Sign-in lockout (django-axes): AXES_FAILURE_LIMIT failures for one username from one client
# IP lock that pair out for AXES_COOLOFF_MINUTES, even with the right password. The client
# IP is ours (portal.ratelimit.client_ip, honouring TRUSTED_PROXY_COUNT).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
MIDDLEWARE.append("axes.middleware.AxesMiddleware")

# Buyer accounts (accounts, django-allauth): sign-in by a one-time code e-mailed to the
# address, no password needed; an address that bought gets its account on first sign-in;
# the same answer whatever the address (no probing who is a customer); allauth rate-limits
# code requests per address and per client. The library is at /account/. A buyer may add
# a password and a second factor (an authenticator app, with recovery codes: allauth.mfa).
INSTALLED_APPS += ["allauth", "allauth.account", "allauth.mfa", "accounts"]
MIDDLEWARE.append("allauth.account.middleware.AccountMiddleware")
AUTHENTICATION_BACKENDS.append("allauth.account.auth_backends.AuthenticationBackend")
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = env.int("ACCOUNT_LOGIN_BY_CODE_TIMEOUT", default=10 * 60)
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_FORMS = {"request_login_code": "accounts.forms.BuyerLoginCodeForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"{SITE_NAME}: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
LOGIN_URL = "account_request_login_code"
LOGIN_REDIRECT_URL = "accounts:library"
ACCOUNT_LOGOUT_REDIRECT_URL = "reports:home"
ACCOUNT_USER_DISPLAY = "accounts.models.user_display"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "portal.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "portal.security.admin_site.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
# === end of security ======================================================================

# === Health, logs, metrics, Sentry, lead retention, media storage (portal.health, ========
# portal.observability, portal.metrics, enquiries.privacy) ===============================
INSTALLED_APPS += ["django_guid"]
MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django_guid.middleware.guid_middleware",
    "portal.observability.AccessLogMiddleware",
    "portal.health.HealthCheckMiddleware",
    *MIDDLEWARE,
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]
# The request id: a valid UUID from the client's X-Request-ID, else a new one; returned in
# the same header and carried into the tasks the request queues.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": False,
}
# /readyz: Redis answers within HEALTH_REDIS_TIMEOUT s; a worker heartbeat (written every
# HEALTH_WORKER_HEARTBEAT_INTERVAL s) is at most HEALTH_WORKER_MAX_AGE s old.
HEALTH_REDIS_TIMEOUT = env.float("HEALTH_REDIS_TIMEOUT", default=1.0)
HEALTH_WORKER_MAX_AGE = env.int("HEALTH_WORKER_MAX_AGE", default=60)
HEALTH_WORKER_HEARTBEAT_INTERVAL = env.float("HEALTH_WORKER_HEARTBEAT_INTERVAL", default=15.0)
# /metrics: open to a bearer of METRICS_TOKEN or to REMOTE_ADDR in METRICS_ALLOWED_IPS
# (addresses or networks); both empty means closed. PDF and e-mail counters live in Redis
# (METRICS_REDIS_URL, default the broker; empty: in-process) so every worker adds to them.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=[])
METRICS_REDIS_URL = env.str("METRICS_REDIS_URL", default=CELERY_BROKER_URL)
# Error reports to Sentry only when SENTRY_DSN is set (no personal data sent).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from portal.observability import init_sentry

    init_sentry(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default=""),
        release=env.str("SENTRY_RELEASE", default=""),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
# Finished sample requests and enquiries older than this many days are anonymised by a
# periodic task, LEAD_ANONYMISE_BATCH_SIZE rows per transaction. Orders are kept whole:
# invoices must keep the buyer's name, company and address for the statutory period.
LEAD_RETENTION_DAYS = env.int("LEAD_RETENTION_DAYS", default=730)
LEAD_ANONYMISE_BATCH_SIZE = env.int("LEAD_ANONYMISE_BATCH_SIZE", default=500)
CELERY_BEAT_SCHEDULE["enquiries-anonymise-expired-leads"] = {
    "task": "enquiries.tasks.anonymise_expired_leads",
    "schedule": env.float("LEAD_ANONYMISE_INTERVAL", default=6 * 3600.0),
}
# MEDIA_STORAGE=s3 keeps media, samples and delivered reports in an S3-compatible bucket
# (django-storages, the optional "s3" extra) so several web and worker machines share them:
# private objects, reached only through short-lived signed URLs or our own views.
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE == "s3":
    _s3_options = {
        "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
    }
    for _name, _prefix in [("default", "media"), ("samples", "samples"), ("orders", "orders")]:
        STORAGES[_name] = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**_s3_options, "location": _prefix},
        }
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured('MEDIA_STORAGE must be "filesystem" or "s3".')
# === end of health, logs, metrics, Sentry, retention, media storage ======================
