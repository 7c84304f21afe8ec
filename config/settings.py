"""Tandem's settings: one file, every value from the environment through a typed helper.

TANDEM_ENV=production turns on every safety switch and refuses to start with a missing or
demo secret; TANDEM_ENV=development (the default) is for `make demo` and the tests.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


TANDEM_ENV = env_str("TANDEM_ENV", "development")
if TANDEM_ENV not in {"production", "development"}:
    raise ImproperlyConfigured("TANDEM_ENV must be 'production' or 'development'")
PRODUCTION = TANDEM_ENV == "production"

# The development key is public (it is in this file), so production refuses it.
DEMO_SECRET_KEY = "tandem-demo-key-not-secret-do-not-use-in-production-0123456789"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else DEMO_SECRET_KEY)
if PRODUCTION and (not SECRET_KEY or SECRET_KEY == DEMO_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "TANDEM_ENV=production needs SECRET_KEY: a random value of at least 50 characters "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )

# Earlier keys, comma-separated, when SECRET_KEY is changed: sessions and signed links made
# with them stay valid, and the secrets Tandem encrypts under a key derived from SECRET_KEY
# (schools' badge signing keys, single sign-on client secrets) can still be decrypted.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

DEBUG = env_bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG cannot be on when TANDEM_ENV=production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The address families open in sign-in links and e-mails, e.g. https://plp.example.org
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Before the admin (its admin integration); registers each app's translation.py.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    # tandem.core first: its `db_worker` (django-tasks-db's, plus a heartbeat) wins.
    "tandem.core",
    "django_tasks",
    "django_tasks_db",
    "tandem.accounts",
    "tandem.schools",
    "tandem.people",
    "tandem.advisories",
    "tandem.rosters",
    "tandem.plans",
    "tandem.outreach",
    "tandem.referrals",
    "tandem.evidence",
    "tandem.transcripts",
    "tandem.conferences",
    "tandem.meetings",
    "tandem.records",
    "tandem.portfolios",
    "tandem.exhibitions",
    "tandem.archive",
    "tandem.onboarding",
    "tandem.oversight",
    "tandem.participation",
    "tandem.schoolpage",
    "tandem.quality",
    "tandem.family",
    "tandem.demo",
    "tandem.api",
    "tandem.credentials",
    "tandem.sso",
    # django-ninja: the JSON API's framework; listed for its Swagger UI static files.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below), then ours:
    # Permissions-Policy, and a narrower policy for PDFs.
    "csp.middleware.CSPMiddleware",
    "tandem.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After auth: a signed-in person's own language wins over the browser's.
    "tandem.accounts.middleware.UserLanguageMiddleware",
    # Times on a page are the signed-in person's school's (tandem/core/dates.py).
    "tandem.core.middleware.SchoolTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tandem.accounts.middleware.StaffTwoFactorMiddleware",
    # After auth and sessions: a device handed over in a meeting reaches only the approval.
    "tandem.meetings.handover.HandOverMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "tandem.core.context_processors.tandem",
            ],
        },
    },
]

# SQLite by default (WAL, set by init_command below); PostgreSQL 15+ through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'tandem.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so two writers are serialized
    # instead of failing half-way with "database is locked" (waiting up to `timeout` seconds,
    # SQLite's busy timeout). WAL: readers never wait for the writer. Connections are kept
    # (DATABASE_CONN_MAX_AGE, as for PostgreSQL): a new SQLite connection reads the whole
    # schema on its first query, which costs more than all of a booking's reads.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "tandem.accounts.backends.SignInLinkBackend",
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
LOGIN_URL = "accounts:signin"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:signin"
PASSWORD_RESET_TIMEOUT = 60 * 60  # one hour

# Sign-in links for families and students (tandem/accounts/links.py): each works once. One
# asked for on the sign-in page works this many minutes; one in a document e-mail works the
# school's `family_link_days` (outreach settings).
TANDEM_SIGNIN_LINK_MINUTES = env_int("TANDEM_SIGNIN_LINK_MINUTES", 15)
# Sign-in-link requests let through per address and per client address (core.clients) in a
# sliding window; past either, the page answers the same and sends nothing.
TANDEM_SIGNIN_LINKS_PER_ADDRESS = env_int("TANDEM_SIGNIN_LINKS_PER_ADDRESS", 5)
TANDEM_SIGNIN_LINKS_PER_CLIENT = env_int("TANDEM_SIGNIN_LINKS_PER_CLIENT", 20)
TANDEM_SIGNIN_LINK_LIMIT_MINUTES = env_int("TANDEM_SIGNIN_LINK_LIMIT_MINUTES", 15)
# How many proxies in front of the web processes append to X-Forwarded-For (0: none, the client
# is REMOTE_ADDR). Behind a load balancer set it, or every family shares the balancer's address.
TANDEM_TRUSTED_PROXIES = env_int("TANDEM_TRUSTED_PROXIES", 0)

# Lockout after repeated failures, per address and account.
AXES_FAILURE_LIMIT = env_int("TANDEM_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = env_int("TANDEM_LOCKOUT_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

OTP_TOTP_ISSUER = "Tandem"

# The JSON API (tandem/api): calls a minute per token or signed-in person (a fixed window).
API_RATE_LIMIT = env_int("TANDEM_API_RATE_LIMIT", 600)

# Content-Security-Policy (django-csp): scripts and styles only from our own static files; an
# inline <script> or <style> needs nonce="{{ request.csp_nonce }}"; no inline event handlers
# or style="" attributes (htmx's own indicator style is off, see base.html; the rule is in
# tandem.css). Data URLs for images: Pico's icons and the SVG charts (evidence.charts).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# No Referer to any other site (a video link, a link in a piece of work): Tandem's addresses
# carry student ids and, on the sign-in link page, a one-time token. Our own pages keep it.
SECURE_REFERRER_POLICY = "same-origin"

SESSION_COOKIE_AGE = env_int("TANDEM_SESSION_HOURS", 12) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
    SILENCED_SYSTEM_CHECKS: list[str] = []

# Languages: adding one is adding a catalog under locale/ and a line here.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LANGUAGE_NAMES_NATIVE = {"en": "English", "es": "Español"}
# The school's own content (plan sections, term names, competencies, rooms…) has a column per
# language (django-modeltranslation; each app's translation.py lists its fields, and
# tandem/core/content.py is the one home of how a reader gets them). Content languages are the
# catalog languages: a new one here needs `makemigrations` for its columns.
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_FALLBACK_LANGUAGES = MODELTRANSLATION_LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"  # stored times; each school's own zone is shown (tandem/core/dates.py)
FORMAT_MODULE_PATH = ["tandem.core.formats"]  # one formats.py per language

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not env_bool("TANDEM_PLAIN_STATIC", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded files (the default storage); backed up with the database by `manage.py backup`.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Roster import (OneRoster zip) from the page: the upload, and what it may unpack to. A larger
# district imports on the server with `manage.py import_oneroster`.
TANDEM_ROSTER_MAX_UPLOAD_MB = env_int("TANDEM_ROSTER_MAX_UPLOAD_MB", 50)
TANDEM_ROSTER_MAX_UNZIPPED_MB = env_int("TANDEM_ROSTER_MAX_UNZIPPED_MB", 500)
# Processes the task worker forks to draw a year's archive (its PDFs take a core each); 1 draws
# it in the worker itself. Set it to the cores the worker's machine can spare.
TANDEM_ARCHIVE_PROCESSES = env_int("TANDEM_ARCHIVE_PROCESSES", 1)

# Mail: SMTP when EMAIL_HOST is set, the console otherwise (the demo prints sign-in links).
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Tandem <tandem@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Text messages: a class with send(to, body); see tandem/core/sms.py.
TANDEM_SMS_BACKEND = env_str("TANDEM_SMS_BACKEND", "tandem.core.sms.ConsoleBackend")

# Background work: Django's Tasks API on the database queue (`manage.py db_worker`).
TASKS = {
    "default": {
        "BACKEND": env_str("TANDEM_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Deliveries (tandem/core/deliveries.py): a temporary failure is retried with exponential
# backoff (from TANDEM_DELIVERY_BACKOFF seconds, doubling, with jitter) for up to
# TANDEM_DELIVERY_RETRY_FOR seconds; a delivery left "being sent" longer than
# TANDEM_DELIVERY_LEASE seconds (its worker died mid-send) is sent again, same Message-ID.
TANDEM_DELIVERY_RETRY_FOR = env_int("TANDEM_DELIVERY_RETRY_FOR", 24 * 3600)
TANDEM_DELIVERY_BACKOFF = env_int("TANDEM_DELIVERY_BACKOFF", 60)
TANDEM_DELIVERY_LEASE = env_int("TANDEM_DELIVERY_LEASE", 300)
# Tasks survive a crash: `manage.py recover_tasks` re-queues a task running longer than this
# (seconds) whose worker has not written its heartbeat for as long (a worker beats every
# TANDEM_WORKER_HEARTBEAT seconds).
TANDEM_TASK_RECOVER_AFTER = env_int("TANDEM_TASK_RECOVER_AFTER", 300)
TANDEM_WORKER_HEARTBEAT = env_int("TANDEM_WORKER_HEARTBEAT", 15)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "mail.log": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
