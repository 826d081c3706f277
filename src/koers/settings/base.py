"""Settings shared by every environment. Everything configurable goes through ``config()``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from koers.env import config

PACKAGE_DIR = Path(__file__).resolve().parent.parent

DATA_DIR: Path = config(
    "KOERS_DATA_DIR",
    Path("var"),
    doc="Directory for the SQLite database, uploaded files, collected static files and kept mail.",
).resolve()

SECRET_KEY: str = config(
    "KOERS_SECRET_KEY",
    "",
    doc="Secret key for signing sessions and tokens. Required in production; at least 50 characters.",
    secret=True,
)
DEBUG: bool = config("KOERS_DEBUG", False, doc="Show detailed error pages. Never in production.")
ALLOWED_HOSTS: list[str] = config(
    "KOERS_ALLOWED_HOSTS",
    ["127.0.0.1", "localhost"],
    doc="Host names Koers answers to. Required in production.",
)
CSRF_TRUSTED_ORIGINS: list[str] = config(
    "KOERS_CSRF_TRUSTED_ORIGINS",
    [],
    doc="Origins (https://koers.example.nl) trusted for forms when behind a proxy.",
)
PROXY_IPS: list[str] = config(
    "KOERS_PROXY_IPS",
    [],
    doc="Addresses of trusted reverse proxies (e.g. 127.0.0.1). From these, the client address is "
    "taken from the last X-Forwarded-For entry, for the audit trail and login rate limits.",
)
SSL_REDIRECT: bool = config(
    "KOERS_SSL_REDIRECT",
    True,
    doc="Production: redirect HTTP to HTTPS (switch off when the proxy does it).",
)
SITE_URL: str = config(
    "KOERS_SITE_URL",
    "http://127.0.0.1:8000",
    doc="Public base URL, used in links in e-mails (invitations, password resets).",
)

DATABASE_URL: str = config(
    "DATABASE_URL",
    "",
    doc="Database connection, e.g. postgres://koers@db.example.nl:5432/koers. "
    "Empty: SQLite in the data directory.",
    secret=True,
)
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "koers.sqlite3"),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": ("PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "koers.accounts",
    "koers.organisations",
    "koers.programmes",
    "koers.audit",
    "koers.teams",
    "koers.analysis",
    "koers.knowledge",
    "koers.analysisdocs",
    "koers.findings",
    "koers.plan",
    "koers.interventions",
    "koers.actions",
    "koers.plandocs",
    "koers.notifications",
    "koers.meetings",
    "koers.monitoring",
    "koers.communication",
    "koers.lessons",
    "koers.indicators",
    "koers.evaluation",
    "koers.search",
    "koers.reports",
    "koers.ui",
    "koers.mailbox",
    "koers.demo",
    "koers.deployment",
    "koers.api",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_htmx",
    "django_tasks_db",
    "rules",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
]

MIDDLEWARE = [
    "koers.api.middleware.ApiMiddleware",  # before the HTTPS redirect: the API refuses plain HTTP
    "django.middleware.security.SecurityMiddleware",
    "koers.ui.middleware.CrossOriginResourcePolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "koers.accounts.middleware.UserLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "koers.audit.middleware.RequestContextMiddleware",
    "koers.accounts.middleware.RequireMFAMiddleware",
]

ROOT_URLCONF = "koers.urls"
WSGI_APPLICATION = "koers.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "koers.ui.context_processors.koers",
            ],
        },
    }
]
FORM_RENDERER = "koers.ui.forms.KoersFormRenderer"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Accounts (django-allauth): e-mail + password, no open sign-up (accounts come from invitations).
ACCOUNT_ADAPTER = "koers.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "koers.accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Koers] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "Koers"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True

MFA_ENFORCE: bool = config(
    "KOERS_MFA_ENFORCE",
    True,
    doc="Require two-factor authentication for administrators and programme managers "
    "(organisations can switch it off for themselves). The demo sets it to false.",
)

OIDC_SERVER_URL: str = config(
    "KOERS_OIDC_SERVER_URL",
    "",
    doc="OpenID Connect issuer URL of the organisation's identity provider. Empty: no SSO login.",
)
OIDC_CLIENT_ID: str = config("KOERS_OIDC_CLIENT_ID", "", doc="OpenID Connect client id.")
OIDC_CLIENT_SECRET: str = config(
    "KOERS_OIDC_CLIENT_SECRET", "", doc="OpenID Connect client secret.", secret=True
)
OIDC_NAME: str = config(
    "KOERS_OIDC_NAME", "Inloggen met uw organisatie", doc="Label of the SSO login button."
)
SOCIALACCOUNT_PROVIDERS: dict = {}
if OIDC_SERVER_URL and OIDC_CLIENT_ID:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "sso",
                "name": OIDC_NAME,
                "client_id": OIDC_CLIENT_ID,
                "secret": OIDC_CLIENT_SECRET,
                "settings": {"server_url": OIDC_SERVER_URL},
            }
        ],
    }

# Internationalisation: Dutch first, English complete.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# Static and uploaded files.
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT: Path = (
    config(
        "KOERS_MEDIA_ROOT",
        None,
        cast=Path,
        doc="Directory for uploaded files (logos, documents). Empty: `media` in the data directory.",
    )
    or DATA_DIR / "media"
)
STORAGES: dict[str, dict[str, Any]] = {
    # Django's file storage, but a write that fails half-way (disk full) leaves no partial file.
    "default": {"BACKEND": "koers.deployment.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files in S3-compatible object storage instead of KOERS_MEDIA_ROOT (several servers
# without a shared directory). Every file is read and written through Django's storage API.
S3_BUCKET: str = config(
    "KOERS_S3_BUCKET",
    "",
    doc="S3 bucket for uploaded files (S3-compatible object storage). Empty: files in KOERS_MEDIA_ROOT.",
)
S3_OPTIONS = {
    "bucket_name": S3_BUCKET,
    "endpoint_url": config(
        "KOERS_S3_ENDPOINT_URL", "", doc="Address of the S3-compatible service (empty: Amazon S3)."
    )
    or None,
    "region_name": config("KOERS_S3_REGION", "", doc="Region of the S3 bucket, e.g. eu-central-1.") or None,
    "access_key": config("KOERS_S3_ACCESS_KEY_ID", "", doc="Access key for the S3 bucket.", secret=True),
    "secret_key": config("KOERS_S3_SECRET_ACCESS_KEY", "", doc="Secret key for the S3 bucket.", secret=True),
    "default_acl": "private",
    "file_overwrite": False,
    "querystring_auth": True,
}
if S3_BUCKET:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": S3_OPTIONS}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
# Uploads are checked by content and size before they are stored (koers.uploads, ADR 0036).
UPLOAD_MAX_BYTES: int = (
    1024
    * 1024
    * config(
        "KOERS_UPLOAD_MAX_MB",
        200,
        doc="Largest upload in MB (statistics imports); documents 20 MB, logos 1 MB.",
    )
)
UPLOAD_MAX_UNPACKED_BYTES: int = (
    1024
    * 1024
    * config(
        "KOERS_UPLOAD_MAX_UNPACKED_MB",
        500,
        doc="Largest unpacked size in MB of an XLSX, ODS, DOCX or ODT file.",
    )
)
UPLOAD_MAX_ZIP_MEMBERS: int = config(
    "KOERS_UPLOAD_MAX_ZIP_MEMBERS", 5000, doc="Most files packed inside an XLSX, ODS, DOCX or ODT upload."
)

# Background tasks: django.tasks with the database backend, no broker needed.
TASKS: dict[str, dict[str, Any]] = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# One cache that the web processes and the task worker share: rate-limit counters and the progress
# of running imports (ADR 0021). Files in the data directory unless Redis is configured.
CACHES: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
        # Room for the kept pages of a single server's users (ADR 0040); Django's default is 300.
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
REDIS_URL: str = config(
    "KOERS_REDIS_URL",
    "",
    doc="Redis URL (redis://127.0.0.1:6379/0) for the shared cache (rate limits, import progress) "
    "when running several app servers. Empty: a file-based cache in the data directory.",
)
if REDIS_URL:
    # django-redis, set to treat an unreachable Redis as an empty cache (logged): pages keep working
    # while Redis is down; logging in works without rate limits, import progress shows as queued.
    CACHES = {
        "default": {
            "BACKEND": "koers.deployment.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
REDIS_PREFIX: str = config(
    "KOERS_REDIS_PREFIX",
    "koers",
    doc="Prefix of Koers's keys and task queues in Redis, so several installations can share one Redis.",
)
if REDIS_URL:
    CACHES["default"]["KEY_PREFIX"] = REDIS_PREFIX

# Background tasks for several servers (ADR 0033): the task queue in Redis, and the workers' upkeep.
TASKS_BACKEND: str = config(
    "KOERS_TASKS_BACKEND",
    "database",
    doc="Task queue: `database` (no broker needed) or `redis` (uses KOERS_REDIS_URL; for several "
    "servers and workers).",
)
if TASKS_BACKEND == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured("KOERS_TASKS_BACKEND=redis needs KOERS_REDIS_URL.")
    TASKS = {
        "default": {
            "BACKEND": "koers.deployment.redis_tasks.RedisBackend",
            "OPTIONS": {"URL": REDIS_URL, "PREFIX": REDIS_PREFIX},
        }
    }
elif TASKS_BACKEND != "database":
    raise ImproperlyConfigured("KOERS_TASKS_BACKEND must be 'database' or 'redis'.")
TASK_WORKER_STALE_AFTER: int = config(
    "KOERS_WORKER_STALE_AFTER",
    60,
    doc="Seconds without a sign of life after which a task worker counts as gone; its running task "
    "is then run again by another worker.",
)
PERIODIC_JOBS: list[str] = config(
    "KOERS_PERIODIC_JOBS",
    ["reminders@07:00", "retention@03:00"],
    doc="Daily jobs the task workers run, once per day in total: command@HH:MM (Europe/Amsterdam). "
    "Empty: none (run them from cron instead).",
)

# E-mail (Django's MAILERS setting).
EMAIL_BACKEND_PATH: str = config(
    "KOERS_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend",
    doc="Django e-mail backend. The demo keeps mail in the data directory "
    "(koers.mailbox.backends.MailboxBackend).",
)
SMTP_OPTIONS = {
    "host": config("KOERS_EMAIL_HOST", "localhost", doc="SMTP server."),
    "port": config("KOERS_EMAIL_PORT", 25, doc="SMTP port."),
    "username": config("KOERS_EMAIL_HOST_USER", "", doc="SMTP user name."),
    "password": config("KOERS_EMAIL_HOST_PASSWORD", "", doc="SMTP password.", secret=True),
    "use_tls": config("KOERS_EMAIL_USE_TLS", False, doc="Use STARTTLS for SMTP."),
    "timeout": 20,
}


def mailers(backend: str) -> dict:
    """The default mailer; SMTP options only for the SMTP backend."""
    options = SMTP_OPTIONS if backend.endswith("smtp.EmailBackend") else {}
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


MAILERS = mailers(EMAIL_BACKEND_PATH)
DEFAULT_FROM_EMAIL: str = config(
    "KOERS_DEFAULT_FROM_EMAIL", "Koers <koers@localhost>", doc="Sender address of Koers's e-mail."
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
DEMO_MAILBOX: bool = config(
    "KOERS_DEMO_MAILBOX",
    False,
    doc="Show kept mail on the demo mailbox page (/demo/postvak/). Only for the demo.",
)
DEMO_MODE: bool = config("KOERS_DEMO", False, doc="Mark every page as a demo with fictional data.")
INVITATION_DAYS: int = config("KOERS_INVITATION_DAYS", 14, doc="Days before a programme invitation expires.")
PAGE_CACHE_SECONDS: int = config(
    "KOERS_PAGE_CACHE_SECONDS",
    300,
    doc="Seconds that milestones and page parts stay in the shared cache. A change made in Koers "
    "shows at once (ADR 0040); this only bounds how long anything else can lag. 0: no such cache.",
)

API_HTTPS_ONLY: bool = config(
    "KOERS_API_HTTPS_ONLY",
    False,
    doc="Refuse API requests over plain HTTP with a problem response (on in production).",
)

# The REST API at /api/v1/ (ADR 0041).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "koers.api.authentication.BearerTokenAuthentication",
        "koers.api.authentication.CsrfSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["koers.api.permissions.TokenScopePermission"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "koers.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "koers.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "koers.api.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATETIME_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Koers API",
    "DESCRIPTION": "Read and change a Koers programme: the same data, rules and audit trail as the pages. "
    "Errors are application/problem+json (RFC 9457).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVERS": [{"url": "/", "description": "This Koers installation"}],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "koers.api.schema.add_problem_component",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ProgrammeStatusEnum": "koers.programmes.models.ProgrammeStatus",
        "DomainEnum": "koers.teams.reference.Domain",
        "CoreGroupEnum": "koers.teams.reference.CoreGroup",
        "BodyKindEnum": "koers.teams.reference.BodyKind",
        "MeetingFrequencyEnum": "koers.teams.reference.Frequency",
    },
    "SORT_OPERATIONS": True,
    "SORT_OPERATION_PARAMETERS": True,
    "TAGS": [],
}

# Retention (`koers retention`, daily): days to keep each kind of data; 0 keeps it for ever.
RETENTION_AUDIT_DAYS: int = config(
    "KOERS_RETENTION_AUDIT_DAYS", 2557, doc="Days to keep audit events (history); 0 keeps them for ever."
)
RETENTION_INVITATIONS_DAYS: int = config(
    "KOERS_RETENTION_INVITATIONS_DAYS",
    90,
    doc="Days after an invitation's expiry date before it is removed (accepted, revoked or unused); "
    "0 keeps them.",
)
RETENTION_IMPORT_FILES_DAYS: int = config(
    "KOERS_RETENTION_IMPORT_FILES_DAYS",
    30,
    doc="Days to keep the uploaded files of a finished dry run or of an import that never started; "
    "0 keeps them.",
)
RETENTION_NOTIFICATIONS_DAYS: int = config(
    "KOERS_RETENTION_NOTIFICATIONS_DAYS",
    365,
    doc="Days to keep notifications after they were read; 0 keeps them.",
)
RETENTION_TASK_RESULTS_DAYS: int = config(
    "KOERS_RETENTION_TASK_RESULTS_DAYS",
    30,
    doc="Days to keep the results of finished background tasks; 0 keeps them.",
)
RETENTION_DEMO_MAIL_DAYS: int = config(
    "KOERS_RETENTION_DEMO_MAIL_DAYS", 30, doc="Days to keep mail in the demo mailbox; 0 keeps it."
)

# Step 2 figures: honest numbers.
SUPPRESS_BELOW: int = config(
    "KOERS_SUPPRESS_BELOW",
    5,
    doc="Counts below this number are shown as “< 5” and not plotted, so small groups cannot be recognised.",
)
RATE_MIN_INHABITANTS: int = config(
    "KOERS_RATE_MIN_INHABITANTS",
    200,
    doc="Rates per 1,000 inhabitants are not shown for areas with fewer inhabitants than this.",
)

# Security headers. Content Security Policy without 'unsafe-inline'.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script reads the token from the cookie; forms carry it
CSRF_COOKIE_SAMESITE = "Lax"
# Messages live in the session: no extra cookie (Django's cookie store deletes it without Secure).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_AGE = 60 * 60 * 10
LANGUAGE_COOKIE_SAMESITE = "Lax"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": config("KOERS_LOG_LEVEL", "INFO", doc="Log level.")},
}
