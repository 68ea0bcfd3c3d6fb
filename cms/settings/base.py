"""Project settings, read from the environment (and a local `.env` file when present).

Development gets safe defaults; production secrets have none, so a missing
`SECRET_KEY` fails loudly instead of running with a guessable key.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["localhost", ".localhost", "127.0.0.1", "[::1]"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    CORS_ALLOWED_ORIGINS=(list, []),
    SECURE_SSL_REDIRECT=(bool, True),
    SECURE_HSTS_SECONDS=(int, 31536000),
    DEFAULT_FROM_EMAIL=(str, "velkomst@localhost"),
    DEEPL_AUTH_KEY=(str, ""),
    WAGTAILADMIN_BASE_URL=(str, "http://127.0.0.1:8000"),
    HEADLESS_PREVIEW_URL=(str, "http://127.0.0.1:8001/preview"),
    WEBSITE_URL=(str, "http://127.0.0.1:8001"),
)
# A local .env (written by `make run`) fills in what the environment leaves out.
ENV_FILE = Path(env.str("ENV_FILE", default=str(BASE_DIR / ".env")))
if ENV_FILE.is_file():
    environ.Env.read_env(ENV_FILE)

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY")  # no default: required in every environment
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
# Behind pgbouncer in transaction mode (docs/deployment.md) a connection is another's between
# two transactions: no server-side cursors, no prepared statements.
if env.bool("DATABASE_PGBOUNCER", default=False):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache that every process sees: the API's content version must be the same for the
# server, `manage.py` commands and cron jobs, or a change made by a command leaves the server
# answering its old responses. Redis in production (CACHE_URL); else files under CACHE_ROOT,
# shared by every process on this machine (writes are atomic renames; no table to create).
CACHE_ROOT = env.path("CACHE_ROOT", default=BASE_DIR / "var" / "cache")
CACHES = {
    "default": env.cache("CACHE_URL")
    if env.str("CACHE_URL", default="")
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(CACHE_ROOT),
        "OPTIONS": {"MAX_ENTRIES": 10_000},  # Django's 300 would cull all the time
    }
}

# Background work (guide/mail.py's e-mails; Wagtail's reference index, file deletions and
# frontend cache purges): run at once, in the request, by default (development, tests); in
# production "django_tasks_db.DatabaseBackend", a queue in the database that
# `manage.py db_worker` processes, in containers of its own.
TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

INSTALLED_APPS = [
    # ours first: our admin hooks and templates take precedence
    "frontend_api",
    "newcomers",
    "communities",
    "events",
    "directory",
    "figures",
    "guide",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail_headless_preview",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "cms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cms.staff_accounts.middleware.StaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "frontend_api.caching.APICacheMiddleware",  # innermost: see its docstring
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Staff accounts (cms/staff_accounts/, docs/staff-accounts.md). Two-step verification for the
# admin: "off", "optional", "required_for_coordinators" (superusers and coordinators; offered
# to editors) or "required" (every staff user).
STAFF_TWO_FACTOR = env.str("STAFF_TWO_FACTOR", default="required_for_coordinators")
if STAFF_TWO_FACTOR not in ("off", "optional", "required_for_coordinators", "required"):
    raise ImproperlyConfigured(f"STAFF_TWO_FACTOR: unknown value {STAFF_TWO_FACTOR!r}")
OTP_TOTP_ISSUER = "Velkomst"  # the name the authenticator app shows
# after a wrong code a device waits 1, 2, 4 … seconds (django-otp; 0 would turn it off)
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# the admin's sign-in refuses after this many failures per username and per client address
STAFF_LOGIN_ATTEMPTS = env.int("STAFF_LOGIN_ATTEMPTS", default=10)
STAFF_LOGIN_WINDOW_MINUTES = env.int("STAFF_LOGIN_WINDOW_MINUTES", default=15)
WAGTAILADMIN_USER_LOGIN_FORM = "cms.staff_accounts.login_throttle.ThrottledLoginForm"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Danish is the source; English and German are translations.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English")), ("de", _("German"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Staff choose their admin language in their account, apart from the content's language.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Ours first (the first path wins), then our translations of Wagtail's and
# wagtail-localize's own strings, kept apart so `makemessages` never marks them obsolete.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "upstream"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Media on S3-compatible object storage (MinIO, AWS S3 …) once a bucket is named: every app
# container then sees the same files. Without a custom domain, URLs are signed and point at
# the endpoint; with one (a CDN, or the proxy's /media/ in front of MinIO), they are plain and
# the bucket's public prefixes (images, logos) must allow anonymous reads. Documents are
# served through Django (WAGTAILDOCS_SERVE_METHOD), so private collections stay private.
MEDIA_S3_BUCKET = env.str("AWS_STORAGE_BUCKET_NAME", default="") or env.str(
    "MEDIA_S3_BUCKET", default=""
)
if MEDIA_S3_BUCKET:
    media_domain = env.str("AWS_S3_CUSTOM_DOMAIN", default="")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            # unset: boto3's own chain (AWS_ACCESS_KEY_ID, an instance role …)
            "access_key": env.str("AWS_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_S3_SECRET_ACCESS_KEY", default="") or None,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "custom_domain": media_domain or None,
            "url_protocol": env.str("AWS_S3_URL_PROTOCOL", default="https:"),
            "querystring_auth": not media_domain,
            "file_overwrite": False,  # Wagtail names files; never replace another's
            "default_acl": None,  # the bucket's policy decides
        },
    }

WAGTAIL_SITE_NAME = "Velkomst"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_WORKFLOW_REQUIRE_APPROVAL_TO_PUBLISH = True

# A translation is a draft that goes through moderation: never publish it because its
# source is live (the default would skip workflow and permissions).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
DEEPL_AUTH_KEY = env("DEEPL_AUTH_KEY")
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = (
    {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": DEEPL_AUTH_KEY},
    }
    if DEEPL_AUTH_KEY
    else {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}
)

# The newcomer website (website/): the demo site's address, so that pages' html_url is there.
WEBSITE_URL = env("WEBSITE_URL")

# How long the link an editor's Preview opens stays valid (seconds).
PREVIEW_TOKEN_MAX_AGE = env.int("PREVIEW_TOKEN_MAX_AGE", default=60 * 60)
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": {"default": env("HEADLESS_PREVIEW_URL")},
    "SERVE_BASE_URL": None,
    "REDIRECT_ON_PREVIEW": False,
    "ENFORCE_TRAILING_SLASH": True,
}

# The calendar (events/): registrations, iCal out and in.
REGISTRATION_RATE = env.str("REGISTRATION_RATE", default="20/hour")  # per client address
REGISTRATION_RETENTION_DAYS = env.int("REGISTRATION_RETENTION_DAYS", default=30)
REGISTRATION_BASE_URL = env.str("REGISTRATION_BASE_URL", default="")  # cancel links
# UIDs in our iCal feeds: never change it once phones subscribe (every event would double)
EVENTS_ICAL_UID_DOMAIN = env.str("EVENTS_ICAL_UID_DOMAIN", default="velkomst.sonderborg.dk")
CALENDAR_FETCH_TIMEOUT = env.int("CALENDAR_FETCH_TIMEOUT", default=20)  # seconds
CALENDAR_FETCH_MAX_BYTES = env.int("CALENDAR_FETCH_MAX_BYTES", default=10 * 1024 * 1024)

# The associations directory (directory/).
DIRECTORY_SUBMISSION_RATE = env.str("DIRECTORY_SUBMISSION_RATE", default="10/hour")
DIRECTORY_EDIT_LINK_RATE = env.str("DIRECTORY_EDIT_LINK_RATE", default="5/hour")
DIRECTORY_EDIT_LINK_DAYS = env.int("DIRECTORY_EDIT_LINK_DAYS", default=30)
DIRECTORY_STALE_MONTHS = env.int("DIRECTORY_STALE_MONTHS", default=18)
DIRECTORY_REMINDER_DAYS = env.int("DIRECTORY_REMINDER_DAYS", default=30)
DIRECTORY_LOGO_MAX_BYTES = env.int("DIRECTORY_LOGO_MAX_BYTES", default=2 * 1024 * 1024)
DIRECTORY_BASE_URL = env.str("DIRECTORY_BASE_URL", default="")  # confirm and edit links

# Newcomers' passwordless sign-in (newcomers/signin.py): a link's and a session's life, and
# the rates per client address of asking for links and of redeeming them.
NEWCOMER_SIGN_IN_MINUTES = env.int("NEWCOMER_SIGN_IN_MINUTES", default=15)
NEWCOMER_SESSION_DAYS = env.int("NEWCOMER_SESSION_DAYS", default=30)
NEWCOMER_SIGN_IN_RATE = env.str("NEWCOMER_SIGN_IN_RATE", default="10/hour")
NEWCOMER_REDEEM_RATE = env.str("NEWCOMER_REDEEM_RATE", default="30/hour")
# Meet-ups (newcomers/meetups.py): posts, joins and reports per newcomer account.
MEETUP_POST_RATE = env.str("MEETUP_POST_RATE", default="10/day")
MEETUP_JOIN_RATE = env.str("MEETUP_JOIN_RATE", default="60/hour")
MEETUP_REPORT_RATE = env.str("MEETUP_REPORT_RATE", default="20/day")
# Business mentors registering (newcomers/mentors.py), per client address
MENTOR_REGISTRATION_RATE = env.str("MENTOR_REGISTRATION_RATE", default="5/hour")
# Questions to the municipality (newcomers/enquiries.py), per client address
ENQUIRY_RATE = env.str("ENQUIRY_RATE", default="5/hour")
COUPON_CLAIM_RATE = env.str("COUPON_CLAIM_RATE", default="30/hour")  # per account
#: wrong codes a shop's login may type in an hour
COUPON_CODE_ATTEMPTS = env.int("COUPON_CODE_ATTEMPTS", default=30)
# POSTs to the digests' unsubscribe links per client address (newcomers/digests.py)
NEWCOMER_UNSUBSCRIBE_RATE = env.str("NEWCOMER_UNSUBSCRIBE_RATE", default="30/hour")
# Web Push (docs/reminders.md): the VAPID key pair (base64url, as `vapid --gen` prints with
# --applicationServerKey) and the contact the push services see; no keys: e-mail only
VAPID_PUBLIC_KEY = env.str("VAPID_PUBLIC_KEY", default="")
VAPID_PRIVATE_KEY = env.str("VAPID_PRIVATE_KEY", default="")
VAPID_SUBJECT = env.str("VAPID_SUBJECT", default="mailto:velkomst@example.com")
PUSH_SUBSCRIPTION_RATE = env.str("PUSH_SUBSCRIPTION_RATE", default="30/hour")

# The checklist's PDF is cached like the API's responses (API_CACHE, API_CACHE_TIMEOUT).
CHECKLIST_PDF_CACHE = env.bool("CHECKLIST_PDF_CACHE", default=True)

WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_BASE_URL = env("WAGTAILAPI_BASE_URL", default="")

CORS_ALLOWED_ORIGINS = env("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"

REST_FRAMEWORK = {
    # the admin's session only (wagtail-localize's choosers): DRF's default Basic
    # authentication would let anyone try staff passwords here, past the login's limit
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "frontend_api.schema.APISchema",
    "EXCEPTION_HANDLER": "frontend_api.errors.exception_handler",
}

# The OpenAPI document at /api/v2/schema/ and its docs at /api/v2/docs/ (frontend_api.schema).
# Swagger UI's files come from drf-spectacular-sidecar, served as our own static files: no CDN.
SPECTACULAR_SETTINGS = {
    "TITLE": "Velkomst API",
    "DESCRIPTION": "The newcomer API: pages, communities, images, documents and previews.",
    "VERSION": "2",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v2",
    "PREPROCESSING_HOOKS": ["frontend_api.schema.only_the_public_api"],
    "POSTPROCESSING_HOOKS": ["frontend_api.schema.add_the_api_root"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# How long an invitation's set-password link stays valid.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 7

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # one line per background task run is noise
    "loggers": {"django_tasks": {"level": "WARNING"}, "django_tasks_db": {"level": "WARNING"}},
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT")
    if not SECURE_SSL_REDIRECT:  # means: the proxy in front redirects to HTTPS
        SILENCED_SYSTEM_CHECKS = ["security.W008"]
    SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # /healthz is probed over plain HTTP from inside the stack
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- API response cache and CDN purge (frontend_api/caching.py, frontend_api/invalidation.py) ---
# Rendered API responses are cached in CACHES["default"] (shared: CACHE_URL) under a content
# version that every publish, unpublish, move, delete and membership change replaces.
# Clients revalidate with the ETag every time (max-age 0: a change shows in the next
# response); a CDN, purged on every change, may keep a response API_CACHE_CDN_MAX_AGE seconds.
API_CACHE = env.bool("API_CACHE", default=True)
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", default=0)
API_CACHE_CDN_MAX_AGE = env.int("API_CACHE_CDN_MAX_AGE", default=60)
API_CACHE_TIMEOUT = env.int("API_CACHE_TIMEOUT", default=3600)
# how long the change feed (/api/v2/changes/) remembers a removal; an older cursor gets 410
CHANGES_RETENTION_DAYS = env.int("CHANGES_RETENTION_DAYS", default=365)
# the change feed gives changes at least this old: a slower transaction that commits after a
# later one was read is not skipped
CHANGES_SETTLE_SECONDS = env.int("CHANGES_SETTLE_SECONDS", default=5)
WAGTAILFRONTENDCACHE = {}
if env.str("FRONTEND_CACHE_URL", default=""):  # Varnish or another cache that takes PURGE
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env.str("FRONTEND_CACHE_URL"),
    }
if env.str("CLOUDFLARE_BEARER_TOKEN", default=""):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env.str("CLOUDFLARE_BEARER_TOKEN"),
        "ZONEID": env.str("CLOUDFLARE_ZONEID"),  # required with the token
    }
