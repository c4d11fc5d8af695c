"""Settings for ZPB Certyfikacja, read from the environment.

Defaults give the embedded mode (SQLite, Celery tasks run inline, e-mail printed to the
console), so `make run` needs no services. Production sets DEBUG=false and the variables
listed in .env.example.
"""

import os
import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value not in ("true", "false", "1", "0", "yes", "no"):
        raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")
    return value in ("true", "1", "yes")


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


def envsecret(name: str, default: str = "") -> str:
    """A secret from NAME, or from the file named by NAME_FILE (Docker/systemd credentials)."""
    path = os.getenv(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.getenv(name, default)


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "true")
SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The project's apps, lowest first: core (the shared ground floor, imports no app), then each app imports
# only those before it; zpb (settings, urls, celery, seed_demo) is the wiring that imports them all.
LOCAL_APPS = ["core", "institutions", "partners", "audits", "certification", "surveys", "reports", "api", "zpb"]
# The project's apps come first so that their translations win over Django's for shared words.
INSTALLED_APPS = [
    *LOCAL_APPS,
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from here (no CDN)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "zpb.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zpb.middleware.ChosenLanguageMiddleware",  # not the browser's Accept-Language: see the class
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as its documentation asks: it answers locked-out logins itself.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zpb.urls"
WSGI_APPLICATION = "zpb.wsgi.application"

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
                "core.context_processors.navigation",
            ],
        },
    },
]

# Embedded default: SQLite in var/. Production and tests: DATABASE_URL=postgres://...
VAR_DIR = Path(os.getenv("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zpb.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "0"),
        conn_health_checks=True,  # with persistent connections, one killed by the server is replaced, not a 500
    )
}
if "postgresql" in DATABASES["default"]["ENGINE"]:
    # Seconds to reach PostgreSQL: an unreachable database host fails a request (and /healthz) instead of hanging.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", envint("DB_CONNECT_TIMEOUT", "5"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "institutions.User"
# AxesBackend refuses locked-out logins (and serves get_user for sessions); ModelBackend checks passwords.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesBackend", "django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if envbool("FAST_PASSWORD_HASHER", "false"):  # tests only: MD5 makes force_login/fixtures cheap
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Brute-force protection: lock a username+address pair after 5 failures for an hour, and an address after 15
# failures over any accounts (institutions.lockout.LockoutHandler applies the two limits).
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_ADDRESS_FAILURE_LIMIT = envint("AXES_ADDRESS_FAILURE_LIMIT", "15")
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"]]
AXES_HANDLER = "institutions.lockout.LockoutHandler"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = envbool("AXES_ENABLED", "true")
# Number of trusted reverse proxies in front of gunicorn (nginx: 1); see core.lib.http.client_ip.
PROXY_COUNT = envint("PROXY_COUNT", "0")
AXES_CLIENT_IP_CALLABLE = "core.lib.http.client_ip"

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", "Polski"), ("en", "English")]
# Dates shown to people: one name for one format (|date:"SHORT_DATE_FORMAT", core.lib.dates.short_date);
# core/formats/<language>/formats.py gives both languages 25.11.2026; these are the fallback.
FORMAT_MODULE_PATH = ["core.formats"]
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
# Each app keeps its catalogue in <app>/locale; the project templates keep theirs here.
LOCALE_PATHS = [BASE_DIR / "templates" / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", VAR_DIR / "staticfiles"))
# Uploaded evidence and certificate PDFs live here, outside the web root; they are served
# only through views that check access (never under STATIC/MEDIA URLs).
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", VAR_DIR / "media"))
# Where that media lives: a local folder (default; one machine) or S3-compatible object storage that every web
# host and worker shares (STORAGE_BACKEND=s3, see docs/deployment.md). Code reaches files only through the
# storage API, so both behave the same; downloads are streamed through the access-checked views either way.
STORAGE_BACKEND = os.getenv("STORAGE_BACKEND", "local")
if STORAGE_BACKEND not in ("local", "s3"):
    raise ImproperlyConfigured(f"STORAGE_BACKEND must be local or s3, not {STORAGE_BACKEND!r}")


def s3_storage(options: dict[str, object] | None = None) -> dict[str, object]:
    """The S3 backend from the S3_* variables (tests pass their own endpoint and bucket in `options`)."""
    from botocore.config import Config

    timeout = float(os.getenv("S3_TIMEOUT_SECONDS", "5"))
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.getenv("S3_BUCKET", "zpb-media"),
            "endpoint_url": os.getenv("S3_ENDPOINT_URL") or None,  # empty: AWS itself
            "region_name": os.getenv("S3_REGION") or None,
            "access_key": os.getenv("S3_ACCESS_KEY_ID") or None,
            "secret_key": envsecret("S3_SECRET_ACCESS_KEY") or None,
            "location": os.getenv("S3_PREFIX", ""),  # a folder inside the bucket
            # Bounded waits: a storage that hangs fails a request (and /healthz) in seconds, not minutes.
            "client_config": Config(
                s3={"addressing_style": os.getenv("S3_ADDRESSING_STYLE") or None},  # "path": most self-hosted servers
                signature_version="s3v4",
                connect_timeout=timeout,
                read_timeout=timeout,
                retries={"max_attempts": 2, "mode": "standard"},
            ),
            "default_acl": None,  # the bucket's own policy: private
            "querystring_auth": True,  # never public URLs; the views stream files anyway
            # A re-rendered PDF gets a new name: the old one is deleted after commit, so never overwrite in place.
            "file_overwrite": False,
            "max_memory_size": 2 * 1024 * 1024,  # larger files read for a ZIP spool to disk, not memory
            **(options or {}),
        },
    }


STORAGES = {
    "default": s3_storage()
    if STORAGE_BACKEND == "s3"
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

FORMS_URLFIELD_ASSUME_HTTPS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console in the embedded mode; SMTP in production (USE_SMTP=true).
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "ZPB Certyfikacja <zpb@malopolska.policja.gov.pl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if envbool("USE_SMTP", "false"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
    EMAIL_PORT = envint("EMAIL_PORT", "587")
    EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "true")
else:
    EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Seconds an SMTP connection may stay silent before the send fails (and the outbox retries it later);
# without it a hung relay holds a worker for good.
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "10")

# Celery: without a broker, tasks run inline (embedded mode).
CELERY_BROKER_URL = os.getenv("CELERY_BROKER_URL", "memory://")
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", "true" if CELERY_BROKER_URL == "memory://" else "false")
CELERY_TASK_EAGER_PROPAGATES = True
# No result backend: nothing reads task results (progress and outcomes live on rows), and a configured
# backend makes every .delay() retry against a Redis that is down (15-19 s per task).
CELERY_RESULT_BACKEND = os.getenv("CELERY_RESULT_BACKEND") or None
CELERY_TASK_IGNORE_RESULT = True
# Publishing from a request must fail fast when Redis is down or hangs: the work is on a row already
# (outbox, pending PDF) and beat's sweep queues it again (core/lib/dispatch.py).
CELERY_BROKER_CONNECTION_TIMEOUT = float(os.getenv("CELERY_BROKER_CONNECTION_TIMEOUT", "2"))
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# Time limits: no task holds a worker for good (a hung relay, a stuck render). The soft limit raises inside
# the task (recorded on its row, retried by the sweep); the hard limit kills the process. A certificate batch
# is fanned out in tasks of CERTIFICATE_BATCH_CHUNK PDFs each (any worker process takes one), well within them.
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", "60")
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", "90")
CERTIFICATE_BATCH_CHUNK = envint("CERTIFICATE_BATCH_CHUNK", "10")
# A task taken by a worker that dies (SIGKILL, OOM, power) goes back to the queue after the visibility timeout.
# It must exceed the longest hard limit (90 s), or a task still running would be delivered a
# second time; 180 s brings a killed worker's task back within 3 minutes (Redis's default is 1 hour).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": 5,
    "visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", "180"),
    # kombu looks for such tasks every 10 s but, by default, scans only on every 10th look (100 s): scan each time.
    "unacked_restore_throttle": 1,
}
CELERY_TASK_ACKS_LATE = True  # a task whose worker dies is delivered again
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    # Every 30 s: what never reached the broker (it was down) goes out within a minute of its return.
    "email-outbox-flush": {"task": "core.tasks.email_outbox_flush_task", "schedule": 30.0},
    # Hourly, but each reminder is recorded and sent once: a missed hour or a restart loses nothing.
    "self-assessment-reminders": {
        "task": "audits.tasks.self_assessments.self_assessment_reminders_task",
        "schedule": 3600.0,
    },
    # Audit reminders from 7 days before; each audit date is marked once sent, so late runs catch up, never repeat.
    "audit-reminders": {"task": "audits.tasks.audits.audit_reminders_task", "schedule": 3600.0},
    # Certificate PDFs whose render never reached the broker, or was lost with a killed worker, are queued again
    # (the same task sweeps the commission's lists and the ceremony files; core.lib.dispatch.requeue_lost).
    "certificate-pdf-resend": {"task": "certification.tasks.certificate_pdf_resend_task", "schedule": 30.0},
    # Audit protocol PDFs the same way (signed while the broker was down, or lost with a killed worker).
    "audit-protocol-pdf-resend": {"task": "audits.tasks.protocols.protocol_pdf_resend_task", "schedule": 30.0},
    # Expiry reminders 90 and 30 days ahead; each is recorded, so hourly runs never send one twice.
    "certificate-expiry-reminders": {"task": "certification.tasks.certificate_reminders_task", "schedule": 3600.0},
    # Daily: expired sessions, and login-lockout records older than LOCKOUT_RECORDS_KEEP_DAYS.
    "housekeeping": {"task": "core.tasks.housekeeping_task", "schedule": 24 * 3600.0},
}
# Failed logins and the login log are kept this many days (who tried what, for an inquiry), then deleted.
LOCKOUT_RECORDS_KEEP_DAYS = envint("LOCKOUT_RECORDS_KEEP_DAYS", "90")

# A shared cache (Redis) in production, so per-address limits hold across gunicorn workers.
# Short socket timeouts: a Redis that hangs costs a request at most about a second; core/lib/throttle.py then
# counts in process memory (fail-safe, see docs/security.md) instead of failing the page.
CACHE_TIMEOUT_SECONDS = float(os.getenv("CACHE_TIMEOUT_SECONDS", "1"))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["CACHE_URL"],
        "OPTIONS": {"socket_connect_timeout": CACHE_TIMEOUT_SECONDS, "socket_timeout": CACHE_TIMEOUT_SECONDS},
    }
    if os.getenv("CACHE_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# The public register and verification pages are cached (certification/public_cache.py) only where every process
# shares one cache: with CACHE_URL, or in the embedded mode's single process. A per-process cache in several
# gunicorn workers would keep showing a revoked certificate as valid in the workers that did not revoke it.
PUBLIC_PAGE_CACHE = envbool(
    "PUBLIC_PAGE_CACHE", "true" if os.getenv("CACHE_URL") or CELERY_BROKER_URL == "memory://" else "false"
)
# Public certificate look-ups allowed per client address and minute (codes cannot be tried in bulk).
CERTIFICATE_LOOKUPS_PER_MINUTE = envint("CERTIFICATE_LOOKUPS_PER_MINUTE", "20")

# The read-only API (/api/v1/, docs/api.md): JSON only, a personal token (or the signed-in session), limits per
# minute for anonymous clients (per address) and token holders (per account), counted in the cache like the rest.
API_ANONYMOUS_REQUESTS_PER_MINUTE = envint("API_ANONYMOUS_REQUESTS_PER_MINUTE", "60")
API_USER_REQUESTS_PER_MINUTE = envint("API_USER_REQUESTS_PER_MINUTE", "600")
API_PAGE_SIZE = 50
API_MAX_PAGE_SIZE = 500
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ZPB Certyfikacja API",
    "DESCRIPTION": "Read-only access to the register of certificates of the Integrated Security Policy "
                   "(Zintegrowana Polityka Bezpieczeństwa) and, with a personal token, to what its holder sees "
                   "in the application. See docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Deep links would put a link inside each operation's button (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "persistAuthorization": False},
    "ENUM_NAME_OVERRIDES": {
        "StageEnum": "audits.models.Stage",
        "PoliceUnitKindEnum": "institutions.models.PoliceUnit.Kind",
        "CertificateStatusEnum": "certification.models.Certificate.Status",
        "AuditStatusEnum": "audits.models.Audit.Status",
        "SelfAssessmentStatusEnum": "audits.models.SelfAssessment.Status",
    },
}
# Signed PDFs (docs/signing.md): certificates and audit protocols are signed (PAdES) with the key in this PKCS#12
# file; its password in PDF_SIGNING_P12_PASSWORD or in the file named by PDF_SIGNING_P12_PASSWORD_FILE. No file:
# PDFs are unsigned and `check --deploy` warns. `make run` points these at a throw-away demo key in var/.
PDF_SIGNING_P12 = os.getenv("PDF_SIGNING_P12", "")
# pyHanko imports cryptography's DSA (deprecated there) for validating old signatures; the app never uses DSA.
warnings.filterwarnings("ignore", message="DSA is deprecated", module="pyhanko")
PDF_SIGNING_P12_PASSWORD = os.getenv("PDF_SIGNING_P12_PASSWORD", "")
PDF_SIGNING_P12_PASSWORD_FILE = os.getenv("PDF_SIGNING_P12_PASSWORD_FILE", "")
# A timestamp authority (RFC 3161) makes the signatures PAdES B-T; empty: B-B (the signer's own clock).
PDF_SIGNING_TSA_URL = os.getenv("PDF_SIGNING_TSA_URL", "")
# Older signing certificates (PEM or DER files, comma-separated) whose signatures still count as KWP's after the
# key is rotated; the current key's certificate always counts.
PDF_SIGNING_TRUSTED_CERTS = envlist("PDF_SIGNING_TRUSTED_CERTS", "")
PDF_SIGNING_REASON = os.getenv("PDF_SIGNING_REASON", "Dokument wydany przez Komendę Wojewódzką Policji w Krakowie")
PDF_SIGNING_LOCATION = os.getenv("PDF_SIGNING_LOCATION", "Kraków")
# The public check of an uploaded PDF (the verification page): its largest size and the checks per address and minute.
PDF_UPLOAD_CHECK_MAX_BYTES = envint("PDF_UPLOAD_CHECK_MAX_BYTES", str(5 * 1024 * 1024))
PDF_UPLOAD_CHECKS_PER_MINUTE = envint("PDF_UPLOAD_CHECKS_PER_MINUTE", "10")
# Open data downloads (the register as CSV or JSON, docs/open-data.md) allowed per client address and minute.
OPEN_DATA_DOWNLOADS_PER_MINUTE = envint("OPEN_DATA_DOWNLOADS_PER_MINUTE", "30")
# The load benchmark's floor page (/bench/floor/, bench/README): exists only when this is on.
BENCH = envbool("BENCH", "false")
# Diagnosis surveys: results of smaller groups stay hidden (anonymity); a school answers from one address
# (its network) in one lesson, so the per-address limit on answers is generous.
SURVEY_MIN_RESPONDENTS = envint("SURVEY_MIN_RESPONDENTS", "10")
SURVEY_ANSWERS_PER_MINUTE = envint("SURVEY_ANSWERS_PER_MINUTE", "300")

# Production hardening; `manage.py check --deploy` passes when DEBUG is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false" if DEBUG else "true")
# The load balancer probes each host directly over plain HTTP (docs/deployment.md).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): only our own files run or style the page; no inline scripts,
# handlers or style attributes (htmx's indicator styles are off, see base_bare.html). Bootstrap's CSS
# draws its form icons as data: SVGs, hence img-src data:.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    },
}
# Browser features the app never uses are switched off for every page (zpb.middleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), fullscreen=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), screen-wake-lock=(), "
    "serial=(), usb=(), xr-spatial-tracking=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # The security log (zpb.audit): one line per login, failed login, lockout, refusal, export or download,
        # certificate issue and revocation. Refusals are logged there once, so Django's per-403/404 warning (with
        # a traceback for each PermissionDenied) is left out; server errors are still logged.
        "zpb.audit": {"level": "INFO"},
        "django.request": {"level": "ERROR"},
    },
}
# Public application form: submissions per address and minute, and the least time a person needs to fill it in.
APPLICATIONS_PER_MINUTE = envint("APPLICATIONS_PER_MINUTE", "5")
# Password reset: requests per client address and minute (then 429), and e-mails per target address and hour
# (further requests get the usual answer, without an e-mail).
PASSWORD_RESETS_PER_MINUTE = envint("PASSWORD_RESETS_PER_MINUTE", "5")
PASSWORD_RESETS_PER_ACCOUNT = envint("PASSWORD_RESETS_PER_ACCOUNT", "3")
APPLICATION_MIN_FILL_SECONDS = envint("APPLICATION_MIN_FILL_SECONDS", "3")

# Accessibility statement (/deklaracja-dostepnosci/): the date of the last automated check (axe-core) lives
# in this file, written by the browser test run or `manage.py a11y_check_record`.
A11Y_CHECK_FILE = Path(os.getenv("A11Y_CHECK_FILE", VAR_DIR / "a11y-check.json"))
# The statement's facts come from KWP through the environment (no personal data in code; see docs/accessibility.md).
A11Y_ENTITY = os.getenv("A11Y_ENTITY", "Komenda Wojewódzka Policji w Krakowie")
A11Y_PUBLISHED_ON = os.getenv("A11Y_PUBLISHED_ON", "2026-09-01")  # the service's publication date, YYYY-MM-DD
A11Y_UPDATED_ON = os.getenv("A11Y_UPDATED_ON", "2026-12-07")  # its last significant update
A11Y_PREPARED_ON = os.getenv("A11Y_PREPARED_ON", "2026-12-07")  # when the statement was prepared
A11Y_REVIEWED_ON = os.getenv("A11Y_REVIEWED_ON", "2026-12-07")  # its last review
A11Y_STATUS = os.getenv("A11Y_STATUS", "partial")  # full | partial | none
A11Y_CONTACT_NAME = os.getenv("A11Y_CONTACT_NAME", "")  # the person (or post) that handles accessibility requests
A11Y_CONTACT_EMAIL = os.getenv("A11Y_CONTACT_EMAIL", "")
A11Y_CONTACT_PHONE = os.getenv("A11Y_CONTACT_PHONE", "")
# The building's accessibility (entrances, lifts, parking, sign-language interpreter), free text.
A11Y_BUILDING = os.getenv("A11Y_BUILDING", "")
A11Y_MOBILE_APPS = os.getenv("A11Y_MOBILE_APPS", "")  # empty: the service has no mobile application

# RODO art. 13 notice (/privacy/, the application form, invitation e-mails): KWP's data, from the environment.
PRIVACY_CONTROLLER = os.getenv("PRIVACY_CONTROLLER", "Komendant Wojewódzki Policji w Krakowie")
PRIVACY_CONTROLLER_ADDRESS = os.getenv("PRIVACY_CONTROLLER_ADDRESS", "ul. Mogilska 109, 31-571 Kraków")
PRIVACY_CONTROLLER_EMAIL = os.getenv("PRIVACY_CONTROLLER_EMAIL", "")
PRIVACY_DPO_EMAIL = os.getenv("PRIVACY_DPO_EMAIL", "")  # the data protection officer (inspektor ochrony danych)
PRIVACY_DPO_ADDRESS = os.getenv("PRIVACY_DPO_ADDRESS", "")
# Retention (days): unconfirmed applications are deleted, rejected ones anonymised, unused invitations deleted,
# by the daily `retention` routine (beat) or `manage.py retention --dry-run`.
RETENTION_UNCONFIRMED_APPLICATION_DAYS = envint("RETENTION_UNCONFIRMED_APPLICATION_DAYS", "30")
RETENTION_REJECTED_APPLICATION_DAYS = envint("RETENTION_REJECTED_APPLICATION_DAYS", "365")
RETENTION_UNUSED_INVITATION_DAYS = envint("RETENTION_UNUSED_INVITATION_DAYS", "90")
CELERY_BEAT_SCHEDULE["retention"] = {"task": "institutions.tasks.retention_task", "schedule": 24 * 3600.0}

# Exports are built by workers (reports.ExportJob): a finished file may be downloaded by its owner for
# EXPORT_KEEP_HOURS, then beat deletes it from storage; the job rows go after EXPORT_ROWS_KEEP_DAYS.
EXPORT_KEEP_HOURS = envint("EXPORT_KEEP_HOURS", "24")
EXPORT_ROWS_KEEP_DAYS = envint("EXPORT_ROWS_KEEP_DAYS", "30")
# Jobs never published (broker down) or lost with a killed worker are queued again; expired files deleted hourly.
CELERY_BEAT_SCHEDULE["export-jobs-resend"] = {"task": "reports.tasks.export_jobs_resend_task", "schedule": 30.0}
CELERY_BEAT_SCHEDULE["export-jobs-purge"] = {"task": "reports.tasks.export_jobs_purge_task", "schedule": 3600.0}
