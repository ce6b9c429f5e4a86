"""Podium's one settings module.

Every setting an operator may change comes from an environment variable, read
through the typed helpers below; `.env.example` documents each one. Nothing here
differs between development, test and production except through those variables.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def read_secret_key() -> str:
    """SECRET_KEY, or the contents of the file named by SECRET_KEY_FILE."""
    key = env_str("SECRET_KEY")
    key_file = env_str("SECRET_KEY_FILE")
    if not key and key_file:
        try:
            key = Path(key_file).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(f"SECRET_KEY_FILE {key_file!r}: {error}") from None
    return key


def is_insecure_secret_key(key: str) -> bool:
    # The same test as Django's security.W009 check.
    return len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-")


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = read_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

if not DEBUG:
    if is_insecure_secret_key(SECRET_KEY):
        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set to at least 50 random characters "
            "when DEBUG is off. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must list the host names Podium is served on when DEBUG is off."
        )
elif not SECRET_KEY:
    SECRET_KEY = "django-insecure-development-only"  # noqa: S105 - only ever with DEBUG on

# The site is served over HTTPS (directly or behind a proxy). Turn off only for a
# local instance on http://127.0.0.1, as `make run` does.
HTTPS = env_bool("PODIUM_HTTPS", True)
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto.
if env_bool("PODIUM_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = False

# Which address a request comes from, for the sign-in rate limits and the audit log
# (podium.core.http.client_ip). By default REMOTE_ADDR: behind a reverse proxy that is
# the proxy, so set how many proxies in front of Podium append to X-Forwarded-For, or
# the header your proxy sets to the client's address (e.g. X-Real-IP). Never set
# either unless every request reaches Podium through those proxies.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("PODIUM_TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("PODIUM_TRUSTED_CLIENT_IP_HEADER") or None

# Bench mode mounts a no-op view and a bare WSGI callable for `make bench`.
BENCH = env_bool("PODIUM_BENCH", False)

INSTALLED_APPS = [
    "podium.core",
    "podium.accounts",
    "podium.audit",
    "podium.notify",
    "podium.api",
    "podium.resources",
    "podium.training",
    "podium.events",
    "podium.speakers",
    "podium.privacy",
    "podium.subject_access",
    "podium.concerns",
    "podium.sharing",
    "podium.exchange",
    "podium.research",
    "podium.governance",
    "podium.reporting",
    "podium.home",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_tasks",
    "django_tasks_db",
    # Sign-in, MFA and sessions (docs/security.md). Only the parts Podium uses.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # django-csp, with the constant policy built once (podium/core/middleware.py).
    "podium.core.middleware.ConstantPolicyCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with the signed-in person's row read with the session in one
    # statement (podium/accounts/sessions.py).
    "podium.accounts.sessions.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # allauth's, left out while USERSESSIONS_TRACK_ACTIVITY is off (it would do nothing).
    "podium.accounts.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The request size limit (before any view or CsrfViewMiddleware.process_view
    # reads the body) and no-store for signed-in pages, in one layer.
    "podium.core.middleware.request_middleware",
    # Session limits, then mandatory two-factor enrolment, in one layer.
    "podium.accounts.middleware.account_session_middleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
                "podium.core.context_processors.navigation",
                "podium.accounts.context_processors.session_limits",
            ],
        },
    },
]

# Form templates come from TEMPLATES too, so templates/core/forms/ can style them.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Data --------------------------------------------------------------------

VAR_DIR = Path(env_str("PODIUM_VAR_DIR", str(BASE_DIR / "var")))
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # Django's backend, with the health check made without a round trip while
        # the server has said nothing (podium/core/postgresql/base.py).
        DATABASES["default"]["ENGINE"] = "podium.core.postgresql"
        # No JIT: PostgreSQL compiles a query whose estimated cost passes
        # jit_above_cost, and the return's and dashboards' grouped counts pass it at
        # national scale: 3.8 s of compiling for a 1.2 s query (docs/performance.md).
        # A web page's queries are short; compiling never pays for itself here.
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "podium.sqlite3"),
            "OPTIONS": {
                # WAL lets the web server read while the worker writes; IMMEDIATE takes
                # the write lock up front so concurrent writers wait instead of failing.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every app server, surviving restarts: a database table (made
# by a migration, podium/core/migrations/0002_cache_table.py). It holds sign-in
# rate-limit counters; there is no cache server to run.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "podium_cache",
    },
    # Rendered fragments kept by the version of the figures they draw
    # (podium/core/fragments.py): in each process's memory, so reading one costs
    # no query; a fragment is never stale, as its key holds the figures' version.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "podium-fragments",
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
    # Each person's navigation, kept by the versions of what it shows
    # (podium/core/navigation.py, `navigation_for`): in each process's memory, so
    # reading it costs no query.
    "navigation": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "podium-navigation",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

TASKS = {
    "default": {
        "BACKEND": env_str("PODIUM_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- People ------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "account_login"
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]

# django-allauth: sign-in by e-mail address only; administrators create accounts.
ACCOUNT_ADAPTER = "podium.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_USER_DISPLAY = "podium.accounts.adapters.user_display"
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Podium: "
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # never e-mail an address that has no account
ACCOUNT_FORMS = {
    "login": "podium.accounts.forms.SignInForm",
    "reset_password": "podium.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "podium.accounts.forms.SetPasswordForm",
    "change_password": "podium.accounts.forms.ChangePasswordForm",
}
ACCOUNT_REAUTHENTICATION_REQUIRED = False
# QUALITY.md: at most 10 failed guesses per 5 minutes per account and per address,
# no permanent lock-out. Counted in the shared database cache below.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/5m/ip,10/5m/key",
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}
MFA_ADAPTER = "podium.accounts.adapters.MfaAdapter"
MFA_FORMS = {
    "authenticate": "podium.accounts.forms.TotpCodeForm",
    "reauthenticate": "podium.accounts.forms.ReauthenticateCodeForm",
    "activate_totp": "podium.accounts.forms.ActivateTotpForm",
    "add_webauthn": "podium.accounts.forms.AddSecurityKeyForm",
}
# WebAuthn: security keys and passkeys (QUALITY.md asks for it), as a second factor
# and, for a key that holds the account (a passkey), to sign in without a password.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_PASSKEY_SIGNUP_ENABLED = False
MFA_TOTP_ISSUER = "Podium"
MFA_RECOVERY_CODE_COUNT = 10
# Sessions are recorded at sign-in; "last seen" is not written on every request.
USERSESSIONS_TRACK_ACTIVITY = False
# Single sign-on: OpenID Connect providers that administrators add on
# /accounts/single-sign-on/ (stored as allauth SocialApps). People are matched to
# existing accounts by e-mail address; no one is signed up.
SOCIALACCOUNT_ADAPTER = "podium.accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_LOGIN_ON_GET = False  # starting a sign-in is a POST (CSRF-protected)
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # Podium matches by e-mail itself (adapters.py)
AUTH_PASSWORD_VALIDATORS = [
    # NCSC and NIST SP 800-63B: length and a common-password list, no composition rules.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]

# --- Sessions, cookies and headers (QUALITY.md, security) ----------------------

# A session ends after PODIUM_SESSION_IDLE_SECONDS without a request and
# PODIUM_SESSION_ABSOLUTE_SECONDS after sign-in whatever happens, both enforced on
# the server (podium.accounts.middleware). Pages warn before the idle end.
PODIUM_SESSION_IDLE_SECONDS = env_int("PODIUM_SESSION_IDLE_SECONDS", 30 * 60)
PODIUM_SESSION_ABSOLUTE_SECONDS = env_int("PODIUM_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
PODIUM_SESSION_WARNING_SECONDS = env_int("PODIUM_SESSION_WARNING_SECONDS", 2 * 60)
SESSION_COOKIE_AGE = PODIUM_SESSION_ABSOLUTE_SECONDS
# Django's database sessions; loading one also reads its person's row, in the same
# statement (podium/accounts/sessions.py).
SESSION_ENGINE = "podium.accounts.sessions"
# An API token's last_used_at is written at most once in this many seconds
# (podium.api.services.note_token_use); reads write nothing else.
PODIUM_API_TOKEN_LAST_USED_SECONDS = env_int("PODIUM_API_TOKEN_LAST_USED_SECONDS", 60)

# --- Information sharing (podium.sharing) ------------------------------------------
# Working days the DPO has to review an urgent disclosure sent before sign-off, and
# the default due date of a speaker information request (the Welsh protocol's 10).
PODIUM_SHARING_URGENT_REVIEW_DAYS = env_int("PODIUM_SHARING_URGENT_REVIEW_DAYS", 5)
PODIUM_SHARING_REQUEST_DUE_DAYS = env_int("PODIUM_SHARING_REQUEST_DUE_DAYS", 10)

# --- The Podium-to-Podium exchange (podium.exchange, docs/exchange.md) -----------------
# The instance's Ed25519 private key (PEM), generated on first use with mode 0600.
# Keep it out of the database's backups; back it up separately, as the secret key.
PODIUM_EXCHANGE_KEY_FILE = env_str("PODIUM_EXCHANGE_KEY_FILE") or str(
    VAR_DIR / "exchange" / "ed25519-key.pem"
)
# After a rotation, peers accept the old key for this many days.
PODIUM_EXCHANGE_KEY_OVERLAP_DAYS = env_int("PODIUM_EXCHANGE_KEY_OVERLAP_DAYS", 7)
# A message's signature is valid this many seconds after it is made (`expires`).
PODIUM_EXCHANGE_SIGNATURE_SECONDS = env_int("PODIUM_EXCHANGE_SIGNATURE_SECONDS", 300)
# The largest message body accepted, in bytes.
PODIUM_EXCHANGE_MAX_BODY_BYTES = env_int("PODIUM_EXCHANGE_MAX_BODY_BYTES", 64 * 1024)
# Messages accepted from one peer per minute; more are refused (429).
PODIUM_EXCHANGE_PEER_MESSAGES_PER_MINUTE = env_int("PODIUM_EXCHANGE_PEER_MESSAGES_PER_MINUTE", 60)
# Delivery: tries before a message is shown undelivered, the first retry's delay in
# seconds (doubling each time) and the HTTP timeout.
PODIUM_EXCHANGE_DELIVERY_ATTEMPTS = env_int("PODIUM_EXCHANGE_DELIVERY_ATTEMPTS", 6)
PODIUM_EXCHANGE_RETRY_SECONDS = env_int("PODIUM_EXCHANGE_RETRY_SECONDS", 60)
PODIUM_EXCHANGE_TIMEOUT_SECONDS = env_int("PODIUM_EXCHANGE_TIMEOUT_SECONDS", 10)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "podium.core.views.csrf_failure"
# Messages ("Successfully signed in as <name>") live in the session, not in Django's
# default `messages` cookie, which has no __Host- prefix and carries the text.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
if HTTPS:
    # __Host- cookies: Secure, no Domain, Path=/ — they cannot be set by a sibling host.
    SESSION_COOKIE_NAME = "__Host-podium-session"
    CSRF_COOKIE_NAME = "__Host-podium-csrf"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env_int("PODIUM_HSTS_SECONDS", 365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("PODIUM_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("PODIUM_HSTS_PRELOAD", True)
else:
    SESSION_COOKIE_NAME = "podium-session"
    CSRF_COOKIE_NAME = "podium-csrf"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    },
}

# --- Static files ------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "PODIUM_STATIC_STORAGE", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- E-mail ------------------------------------------------------------------

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# For the file backend (`make run` uses it): one file per batch of messages sent.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Podium <podium@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Podium operators", address) for address in env_list("ADMINS")]

# --- Locale ------------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Podium --------------------------------------------------------------------

PODIUM_INSTITUTION_NAME = env_str("PODIUM_INSTITUTION_NAME", "University of Exampleshire")
# Where people reach Podium, for links in e-mails sent outside a web request (reminders).
PODIUM_BASE_URL = env_str("PODIUM_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Uploaded evidence and import files: outside the web root, served only through
# permission-checked views (QUALITY.md, uploads).
PODIUM_PRIVATE_DIR = VAR_DIR / "private"
# The largest request body Podium reads, in bytes: a 50 MB import file and its form.
# A larger body is refused (413) from its Content-Length before any of it is read
# (`podium.core.middleware.request_middleware`); the reverse proxy's
# `client_max_body_size` should agree (docs/deployment.md).
PODIUM_MAX_REQUEST_BYTES = env_int("PODIUM_MAX_REQUEST_BYTES", 51 * 1024 * 1024)
# Form fields (not files) are held in memory up to this; file parts over
# FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to a temporary file. Django's defaults,
# stated here because the API's body limit (`podium.api.kit.body_limit`) uses one.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Imports (`podium.training.files`): at most this many rows, and an XLSX workbook
# whose parts unpack to at most this many bytes (checked before it is parsed, so a
# small file that unpacks to gigabytes is refused).
PODIUM_IMPORT_MAX_ROWS = env_int("PODIUM_IMPORT_MAX_ROWS", 200_000)
PODIUM_IMPORT_MAX_XLSX_UNPACKED_BYTES = env_int(
    "PODIUM_IMPORT_MAX_XLSX_UNPACKED_BYTES", 500 * 1024 * 1024
)
# The worker saves a signed audit checkpoint (entry count, head hash) here every
# PODIUM_AUDIT_CHECKPOINT_HOURS; `podium audit-verify` fails if the log no longer
# holds the newest. Keep it off the database's disk and out of its backups.
PODIUM_AUDIT_CHECKPOINT_DIR = Path(
    env_str("PODIUM_AUDIT_CHECKPOINT_DIR", str(VAR_DIR / "audit-checkpoints"))
)
PODIUM_AUDIT_CHECKPOINT_HOURS = env_int("PODIUM_AUDIT_CHECKPOINT_HOURS", 24)
# The fewest words a free-speech record's practicable steps and proportionality
# answers may have when a decision restricts or rejects an event (events/free_speech.py).
PODIUM_FREE_SPEECH_MIN_WORDS = env_int("PODIUM_FREE_SPEECH_MIN_WORDS", 8)
# Code-of-conduct links (`podium.events.speakers.acknowledgements`): at most this many
# sent to one speaker of one request, and by one person, in any window of this many
# hours. A send over either limit is refused with a message saying which.
PODIUM_ACKNOWLEDGEMENT_SENDS_PER_SPEAKER = env_int("PODIUM_ACKNOWLEDGEMENT_SENDS_PER_SPEAKER", 3)
PODIUM_ACKNOWLEDGEMENT_SENDS_PER_SENDER = env_int("PODIUM_ACKNOWLEDGEMENT_SENDS_PER_SENDER", 30)
PODIUM_ACKNOWLEDGEMENT_SEND_WINDOW_HOURS = env_int("PODIUM_ACKNOWLEDGEMENT_SEND_WINDOW_HOURS", 24)
# Refuse an audit entry whose code or data keys are not declared (podium/audit/codes.py):
# on under DEBUG and in the test suite; off in production, where a state change is
# never refused for its audit entry's shape.
PODIUM_AUDIT_CHECK_CODES = DEBUG
# How often `podium worker` looks for queued and scheduled work, in seconds.
PODIUM_WORKER_INTERVAL = env_int("PODIUM_WORKER_INTERVAL", 5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        "refusals_on_one_line": {"()": "podium.core.logging.RefusalsOnOneLine"},
        # Django's request warnings name the path ("Not Found: /…"): never a secret in it.
        "scrub_secrets": {"()": "podium.core.logscrub.ScrubSecretsFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["scrub_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"filters": ["refusals_on_one_line"]},
        # The worker loop logs every idle round at INFO; task outcomes still log.
        "django_tasks_db": {"level": "WARNING"},
    },
}
