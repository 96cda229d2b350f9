"""Django settings. Every knob is an environment variable read through paritrana.env.

The variables, their defaults and meanings are listed in README.md ("Configuration").
"""

from __future__ import annotations

import os
import secrets
from contextlib import suppress
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from paritrana.env import env_bool, env_int, env_list, env_path, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = env_path("PARITRANA_DATA_DIR", Path.cwd() / "data")


# The data folder holds the database, the pseudonym key and uploads with raw NIKs: its folders
# are for the service user alone (0700), and so is the SQLite database (0600; SQLite gives its
# -wal and -shm files the database's mode). Modes are also corrected on folders made earlier.
def _private_folder(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    with suppress(PermissionError):  # not ours: left as its owner set it
        path.chmod(0o700)
    return path


def _private_file(path: Path) -> None:
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))  # never truncates
    with suppress(PermissionError):
        path.chmod(0o600)


_private_folder(DATA_DIR)


def _secret_key() -> str:
    configured = env_str("PARITRANA_SECRET_KEY", "")
    if configured:
        return configured
    # A demo on an office laptop should not need a secret configured by hand, but the key must
    # survive restarts (sessions are signed with it), so it is generated once into the data dir.
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("PARITRANA_DEBUG", False)
ALLOWED_HOSTS = env_list("PARITRANA_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "paritrana.versions",
    "paritrana.regions",
    "paritrana.coverage",
    "paritrana.awards",
    "paritrana.assessment",
    "paritrana.access",
    "paritrana.reports",
    "paritrana.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "paritrana.web.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "paritrana.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "paritrana.web.middleware.DomainErrorMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a password attempt at a locked account or address (access/logins.py).
    "paritrana.access.logins.LockoutGate",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "paritrana.urls"
WSGI_APPLICATION = "paritrana.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


SQLITE_TIMEOUT_SECONDS = 20


def _database() -> dict[str, object]:
    default_url = f"sqlite:///{DATA_DIR / 'paritrana.sqlite3'}"
    url = env_str("DATABASE_URL", default_url)
    try:
        config = dj_database_url.parse(url, conn_max_age=60)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL={url!r} tidak dapat dibaca: {exc}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if config["NAME"] and config["NAME"] != ":memory:":
            _private_file(Path(config["NAME"]))
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # WAL lets the web server read while an import writes.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            # Every transaction takes the write lock when it begins, so concurrent writers
            # queue: the later one then reads what the earlier one committed (a stale score
            # sheet is refused as a conflict, 409) instead of failing midway with "database is
            # locked". A writer waits up to `timeout` seconds for its turn.
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_TIMEOUT_SECONDS,
        }
        # Tests run on a file too: an in-memory database shares one cache between its
        # connections and locks tables differently from the file a deployment uses.
        config["TEST"] = {"NAME": str(DATA_DIR / "test_paritrana.sqlite3")}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Argon2 first (memory-hard); the PBKDF2 hashers stay so existing accounts still log in, and
# Django rehashes their password with Argon2 at their next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]

LANGUAGE_CODE = env_str("PARITRANA_LANGUAGE", "id")
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
if LANGUAGE_CODE not in {code for code, _name in LANGUAGES}:
    raise ImproperlyConfigured(f"PARITRANA_LANGUAGE={LANGUAGE_CODE!r}: pilih 'id' atau 'en'.")
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = None  # nothing to collect: WhiteNoise serves the apps' static folders directly
# The package's own static files are served straight from the installed apps, so the demo
# needs no collectstatic step; nothing is ever fetched from a CDN.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# -- security -------------------------------------------------------------------------------
# Behind HTTPS (directly or through a proxy that sets X-Forwarded-Proto), cookies are sent over
# TLS only and browsers are told to stay on HTTPS; `paritrana manage check --deploy` is clean
# with PARITRANA_HTTPS=true, DEBUG off and a strong PARITRANA_SECRET_KEY.
PARITRANA_HTTPS = env_bool("PARITRANA_HTTPS", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PARITRANA_HTTPS
SECURE_SSL_REDIRECT = PARITRANA_HTTPS and env_bool("PARITRANA_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31_536_000 if PARITRANA_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PARITRANA_HTTPS
# The directive only matters once a domain is submitted to the preload list by hand.
SECURE_HSTS_PRELOAD = PARITRANA_HTTPS
if env_bool("PARITRANA_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
# A form sent with a stale or missing CSRF token gets our page (the form expired, or cookies
# are blocked: reload and send again), not Django's English technical one.
CSRF_FAILURE_VIEW = "paritrana.web.views.errors.csrf_failure"
SESSION_COOKIE_AGE = env_int("PARITRANA_SESSION_HOURS", 12, minimum=1) * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
PARITRANA_EXPORT_DAYS = env_int("PARITRANA_EXPORT_DAYS", 7, minimum=1)
# The login lockout (access/logins.py): failed logins of one account before its growing delay
# starts (an address may fail four times as often before it is locked), the first delay and
# the address lock's length.
PARITRANA_LOGIN_ATTEMPTS = env_int("PARITRANA_LOGIN_ATTEMPTS", 5, minimum=1)
PARITRANA_LOGIN_LOCKOUT_MINUTES = env_int("PARITRANA_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
# Reverse proxies in front of the application that append to X-Forwarded-For: 0 counts the
# connection's own address; N takes the Nth entry from the right (what the outermost trusted
# proxy saw). Entries left of that are whatever the caller sent and are never trusted.
PARITRANA_TRUSTED_PROXIES = env_int("PARITRANA_TRUSTED_PROXIES", 0, minimum=0)

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:my_home"  # "Beranda saya": what waits for the person

# The coverage engine's columnar store (Parquet) and the key of participant pseudonyms.
PARITRANA_STORE_DIR = env_path("PARITRANA_STORE_DIR", DATA_DIR / "store")
PARITRANA_PSEUDONYM_SECRET = env_str("PARITRANA_PSEUDONYM_SECRET", "")
PARITRANA_UPLOAD_DIR = _private_folder(DATA_DIR / "uploads")
# Django streams a large upload to a temporary file first: keep it in the private uploads folder,
# where recovery sweeps what a killed request left (coverage/domain/import_recovery.py).
FILE_UPLOAD_TEMP_DIR = str(_private_folder(PARITRANA_UPLOAD_DIR / "partial"))
FILE_UPLOAD_PERMISSIONS = 0o600  # evidence files saved through Django's storage
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Candidates' evidence files; served only through views that check who may see them.
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
PARITRANA_MAX_EVIDENCE_MB = env_int("PARITRANA_MAX_EVIDENCE_MB", 20, minimum=1)
# Uploads of BPJS files can be large; they stream to disk, never into memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
PARITRANA_MAX_UPLOAD_BYTES = env_int("PARITRANA_MAX_UPLOAD_MB", 2048, minimum=1) * 1024 * 1024

# Logs go to standard error (the service manager keeps them). Every handler passes records
# through a filter masking NIK-shaped numbers: nothing should log participant data, and this is
# the net under whatever does (paritrana/logfilter.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_identifiers": {"()": "paritrana.logfilter.RedactIdentifiers"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "one_line_refusals": {"()": "paritrana.logfilter.OneLineRefusals"},
    },
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "paritrana.logfilter.StderrHandler",
            "formatter": "plain",
            "filters": ["redact_identifiers"],
        },
        "django.server": {
            "class": "paritrana.logfilter.StderrHandler",
            "formatter": "django.server",
            "filters": ["redact_identifiers"],
        },
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false", "redact_identifiers"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Replaces Django's own configuration of these loggers, whose handlers lack the filter.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # A refusal (403, 400) is one line without a traceback; a fault (500) keeps its own.
        # On the loggers, not the handlers: a logger's filter sees only its own records.
        "django.request": {"filters": ["one_line_refusals"]},
        "django.security.csrf": {"filters": ["one_line_refusals"]},
        "django.security.DisallowedHost": {"filters": ["one_line_refusals"]},
    },
}

# Work that outlives a request (imports, computations) runs as database-backed tasks; the demo
# starts a worker thread, a deployment runs `paritrana manage db_worker`.
TASKS = {
    "default": {
        "BACKEND": env_str("PARITRANA_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Mail (activation links, reminders): sent through SMTP only when EMAIL_HOST is
# configured; with EMAIL_HOST empty nothing is mailed and the pages show what would have been
# sent (an activation link: once, to the admin who made the account).
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Paritrana <noreply@localhost>")
# The address links in mail point at when no request gives one (the command line).
PARITRANA_BASE_URL = env_str("PARITRANA_BASE_URL", "http://localhost:8000")
