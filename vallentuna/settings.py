"""Settings for the action-plan follow-up system.

Everything that differs between a laptop and production comes from the
environment (see README, section *Drift*). Without any variables the app runs
in development mode on a local SQLite file.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


_TRUE = frozenset({"1", "true", "yes", "on", "ja"})
_FALSE = frozenset({"0", "false", "no", "off", "nej"})


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no variable. A value that is neither (``TWO_FACTOR_REQUIRED=y``) stops the start:
    read as False it would silently turn a protection off."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} är inget ja/nej-värde. Använd 1 eller 0 (true/false, ja/nej)."
    )


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)
# DEMO=1: a local demonstration (no two-factor requirement, demo logins allowed).
DEMO = env_bool("DEMO", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "django-insecure-dev-key-only-for-local-use-never-in-production"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY saknas. Sätt miljövariabeln SECRET_KEY (eller DEBUG=1 för lokal utveckling)."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "vallentuna",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "import_export",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django_celery_beat",
    "actors",
    "plans",
    "followup",
    "spreadsheets",
    "changelog",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Not LocaleMiddleware: Swedish for everyone whatever the browser asks for, so that
    # Django's own texts never mix in English; English only by the user's own choice.
    "vallentuna.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Deactivated users, inactivity timeout and absolute session lifetime.
    "actors.middleware.SessionSecurityMiddleware",
    # Login required everywhere except views marked login_not_required.
    "vallentuna.middleware.LoginRequiredMiddleware",
    # Two-factor authentication for the roles that can change data.
    "actors.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A 405 without a body gets the Swedish page (Django has no handler405).
    "vallentuna.errors.MethodNotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "vallentuna.middleware.NoStoreMiddleware",
    "actors.middleware.SecurityLogMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Must be last (django-axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vallentuna.urls"
WSGI_APPLICATION = "vallentuna.wsgi.application"

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
                "django.template.context_processors.i18n",
                "vallentuna.context_processors.site",
                "vallentuna.navigation.navigation",
                "actors.context_processors.session_timing",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# SQLite by default (zero set-up); DATABASE_URL=postgres://… for production.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db' / 'vallentuna.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Swedish ordering (å ä ö after z) on both databases: the fields that people sort
# by use this collation. On PostgreSQL a migration creates it from ICU's sv-SE;
# on SQLite vallentuna.collation registers a function under the same name.
SWEDISH_COLLATION = "swedish"

# Seconds that counted figures (a plan's progress, Översikt) stay cached; they are keyed by
# the data's version, so an edit is seen at once. 0 counts on every request.
FIGURES_CACHE_SECONDS = env_int("FIGURES_CACHE_SECONDS", 24 * 3600)

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    }
}

# --- Authentication -------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: refuses locked-out username+IP pairs before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Brute-force protection (django-axes): lock on username AND IP together, so
# that one attacker cannot lock a whole office behind the municipality's NAT out.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "actors.views.lockout"
AXES_CLIENT_IP_CALLABLE = "actors.security.client_ip"
AXES_VERBOSE = False

# Two-factor authentication (TOTP, django-otp) for every role that can change
# data. On by default in production; off for DEBUG, DEMO=1 and tests.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", default=not (DEBUG or DEMO))
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Vallentuna handlingsplaner")

# Sessions: the inactivity timeout is SESSION_COOKIE_AGE (renewed by activity, to the
# minute); the absolute lifetime ends a session however active it is.
SESSION_INACTIVITY_TIMEOUT = env_int("SESSION_COOKIE_AGE", 30 * 60)
SESSION_ABSOLUTE_LIFETIME = env_int("SESSION_ABSOLUTE_LIFETIME", 10 * 60 * 60)
# The page warns this many seconds before the session ends (WCAG 2.2.1), with a button
# that renews it.
SESSION_WARNING_SECONDS = env_int("SESSION_WARNING_SECONDS", 3 * 60)

# Links for a new password: at most this many per e-mail address and per IP address
# within PASSWORD_RESET_WINDOW_MINUTES; beyond that nothing is sent (same page either way).
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 3)
PASSWORD_RESET_LIMIT_PER_IP = env_int("PASSWORD_RESET_LIMIT_PER_IP", 10)
PASSWORD_RESET_WINDOW_MINUTES = env_int("PASSWORD_RESET_WINDOW_MINUTES", 60)

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("Engelska"))]
# English dates as "30 April 2017 14:05", not Django's American "April 30, 2017, 2:05 p.m.".
FORMAT_MODULE_PATH = ["vallentuna.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The header's language switch (Django's set_language) remembers the choice for a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Files the app writes (rendered report PDFs): shared by the web processes and the task worker.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "media/"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Uploads (Excel import): refused above this size before they are parsed.
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
# A zip bomb is refused if its members would expand to more than this.
IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("IMPORT_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024)
# The work an import may do, whatever the file's size: cells (XML elements) and characters
# read, rows with values (see plans.importing.cells.Budget; bench/import_limits.py).
IMPORT_MAX_CELLS = env_int("IMPORT_MAX_CELLS", 500_000)
IMPORT_MAX_CHARACTERS = env_int("IMPORT_MAX_CHARACTERS", 20_000_000)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)

# django-import-export: the confirm step keeps the file in the cache so that it
# works with several app servers.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_USE_TRANSACTIONS = True

# --- E-mail ---------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "handlingsplaner@vallentuna.se")

# --- Background tasks (Celery, Redis) ---------------------------------------
# Without a broker (the zero-setup start, and the tests) tasks run eagerly in the process.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "") or "memory://"
CELERY_TASK_ALWAYS_EAGER = not os.environ.get("CELERY_BROKER_URL")
# A task that fails when run eagerly is logged, retried and recorded (e.g. on the e-mail's
# ReminderDelivery) like on a worker, never a 500 for the page that asked for it.
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a task a dying worker had taken is run again by another
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # report PDFs are long: don't hoard them
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/Stockholm"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# A worker process that has grown past this (KiB) after a task is replaced by a fresh one, so
# one large report PDF does not keep its memory in the worker (bench/report_worker.py).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 1_000_000)
# Seconds a report PDF may take in the worker before it is stopped (the job then fails).
REPORT_PDF_TIME_LIMIT = env_int("REPORT_PDF_TIME_LIMIT", 600)

# --- Reporting: deadlines, report links and reminders (followup) -----------------
# Absolute links in e-mails (report links) are built from this address.
SITE_URL = os.environ.get("SITE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}").rstrip(
    "/"
)
# False: SITE_URL is the local default; commands that send links say so (the port of a
# `make start PORT=…` in another shell is not known here).
SITE_URL_IS_SET = bool(os.environ.get("SITE_URL"))
# A plan's tertial must be reported by this many days before the tertial ends, unless the
# coordinator sets another day.
REPORTING_DEADLINE_DAYS_BEFORE_END = env_int("REPORTING_DEADLINE_DAYS_BEFORE_END", 10)
# The first reminder goes this many days before the deadline; the second on the day.
REMINDER_DAYS_BEFORE = env_int("REMINDER_DAYS_BEFORE", 7)
# A report link works until the deadline plus this many days (and never after closing).
REPORT_LINK_GRACE_DAYS = env_int("REPORT_LINK_GRACE_DAYS", 14)
# Requests to report-link pages per client IP address and minute.
REPORT_LINK_RATE_LIMIT = env_int("REPORT_LINK_RATE_LIMIT", 60)

# --- Security -------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 30 * 60)
# Saved when changed: SessionSecurityMiddleware updates the last-seen time once a minute.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "actors.views.csrf_failure"
# Content-Security-Policy (django-csp 4): only the app's own scripts and
# styles; inline scripts need the per-request nonce, never 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Site -----------------------------------------------------------------
MUNICIPALITY_NAME = os.environ.get("MUNICIPALITY_NAME", "Vallentuna kommun")
# Where the accessibility statement asks people to report shortcomings (DIGG's requirement).
ACCESSIBILITY_CONTACT_EMAIL = os.environ.get("ACCESSIBILITY_CONTACT_EMAIL", "kommun@vallentuna.se")
SITE_NAME = _("Handlingsplaner – uppföljning")

# The security log (actors.security.log_event): logins, failures, lockouts,
# refused accesses and imports, one line each. Goes to the console like every
# other log and, with SECURITY_LOG_FILE, also to its own file.
SECURITY_LOG_FILE = os.environ.get("SECURITY_LOG_FILE", "")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        **(
            {
                "security_file": {
                    "class": "logging.handlers.WatchedFileHandler",
                    "filename": SECURITY_LOG_FILE,
                    "formatter": "plain",
                    "encoding": "utf-8",
                }
            }
            if SECURITY_LOG_FILE
            else {}
        ),
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "security": {
            "level": "INFO",
            "handlers": ["security_file"] if SECURITY_LOG_FILE else [],
            "propagate": True,
        },
        # django-axes logs attempts itself; ours are in the security log.
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
