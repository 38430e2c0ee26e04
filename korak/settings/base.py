"""All settings, read from the environment. test.py and demo.py override a few.

A production start (KORAK_ENV=production, the default) refuses to run without a secret key
or with DEBUG on."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP  # type: ignore[import-not-found,unused-ignore]
from django.utils.translation import gettext_lazy as _

from korak.core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
KORAK_ENV = env_str("KORAK_ENV", "production")
DEBUG = env_bool("KORAK_DEBUG", default=False)
SECRET_KEY = env_str("KORAK_SECRET_KEY", "")
if KORAK_ENV == "production":
    if DEBUG:
        raise ImproperlyConfigured("KORAK_DEBUG must be off in production.")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("KORAK_SECRET_KEY must be set to at least 50 random characters.")

# Keys of the encrypted fields (protection categories and narratives), apart from SECRET_KEY:
# Fernet keys (`korak keys generate`), comma-separated, newest first. The newest encrypts;
# every listed key decrypts, so a rotation adds a key in front and `korak keys rotate` then
# re-encrypts every value before the old key is dropped.
KORAK_FIELD_KEYS = env_list("KORAK_FIELD_KEYS", default=[])
if KORAK_ENV == "production" and not KORAK_FIELD_KEYS:
    raise ImproperlyConfigured("KORAK_FIELD_KEYS must hold at least one key (run `korak keys generate`).")

# ISO 3166 alpha-2 code of the country this node serves.
KORAK_COUNTRY = env_str("KORAK_COUNTRY", "BA")
ALLOWED_HOSTS = env_list("KORAK_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_htmx",
    "django_countries",
    "korak.core",
    "korak.organisations",
    "korak.audit",
    "korak.events",
    "korak.people",
    "korak.identity",
    "korak.protection",
    "korak.asylum",
    "korak.returns",
    "korak.programme",
    "korak.operations",
    "korak.timelines",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "korak.core.middleware.SessionLifetimeMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "korak.core.middleware.NoStoreForAuthenticatedMiddleware",
    "korak.core.idempotency.IdempotencyMiddleware",
    "korak.core.errors.ApiErrorShapeMiddleware",
    "korak.policy.middleware.PolicyRefusalMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "korak.urls"
WSGI_APPLICATION = "korak.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "korak.organisations.context.membership",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("KORAK_DATABASE_URL", f"sqlite:///{BASE_DIR.parent / 'var' / 'korak.sqlite3'}"),
        conn_max_age=env_int("KORAK_DB_CONN_MAX_AGE", default=60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # FULL, not NORMAL: an acknowledged write must survive a power loss (SQLite docs, WAL mode).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisations.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"

# Lockout after repeated failures (django-axes): per username and address.
AXES_FAILURE_LIMIT = env_int("KORAK_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "korak.organisations.views.auth.locked_out"
AXES_VERBOSE = False
# Never log the username typed at a failed login: it may be personal data.
AXES_SENSITIVE_PARAMETERS = ["username", "password", "ip_address"]

# Sessions: idle timeout and absolute lifetime (ASVS V7.3.1, V7.3.2).
SESSION_COOKIE_AGE = env_int("KORAK_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
KORAK_SESSION_ABSOLUTE_SECONDS = env_int("KORAK_SESSION_ABSOLUTE_SECONDS", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

_secure = env_bool("KORAK_SECURE_COOKIES", default=True)
SESSION_COOKIE_SECURE = _secure
CSRF_COOKIE_SECURE = _secure
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("KORAK_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool(
    "KORAK_BEHIND_PROXY", default=False
) else None
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("bs", _("Bosnian")),
    ("hr", _("Croatian")),
    ("sr", _("Serbian (Cyrillic)")),
    ("sr-latn", _("Serbian (Latin)")),
    ("cnr", _("Montenegrin")),
    ("mk", _("Macedonian")),
    ("sq", _("Albanian")),
]
# Only languages whose catalogue is complete are offered in the switcher; the rest follow.
KORAK_UI_LANGUAGES = ["en", "bs"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("KORAK_TIME_ZONE", "Europe/Sarajevo")

STATIC_URL = "/static/"
# Where collectstatic writes; a test or a second node on one machine points it elsewhere.
STATIC_ROOT = Path(env_str("KORAK_STATIC_ROOT", str(BASE_DIR.parent / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("KORAK_LOG_LEVEL", "INFO")},
    # Request URLs can carry search terms: keep the request logger to errors without the path.
    # Even at KORAK_LOG_LEVEL=DEBUG, two Django loggers stay above DEBUG, because their DEBUG
    # records carry personal data: django.template prints the context of a failed variable
    # lookup (a person's names), django.db.backends the parameters of every query.
    "loggers": {"django.request": {"level": "ERROR"}, "axes": {"level": "WARNING"},
                "django.template": {"level": "INFO"}, "django.db.backends": {"level": "INFO"}},
}

# Outgoing mail (follow-up surveys of the programme): an SMTP relay named by the environment.
# Tests swap every mailer for the in-memory one.
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                       "OPTIONS": {"host": env_str("KORAK_SMTP_HOST", "localhost"),
                                   "port": env_int("KORAK_SMTP_PORT", default=25)}}}
