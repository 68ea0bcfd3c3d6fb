"""Settings for `make bench`: production-like (DEBUG off) on a database of its own.

- The database is `BENCH_DATABASE_URL` (default: `var/bench.sqlite3`), never `DATABASE_URL`,
  so an exported `DATABASE_URL` (or the `.env` one) cannot point the seeder at real data.
- The cache is shared by every gunicorn worker: files under `var/bench-cache` unless
  `BENCH_CACHE_URL` names another backend (e.g. `redis://127.0.0.1:6379/9`).
- `API_CACHE=0` turns the API response cache off (`X-Cache: BYPASS`), for the uncached
  figures.
- Registrations are rate-limited far above production's 20/hour per address
  (`REGISTRATION_RATE`): the mixed workload posts up to 5 a second from 127.0.0.1.
- `ROOT_URLCONF` is `cms.bench_urls`: the product's URLs plus the two comparison points
  (Wagtail's stock pages endpoint, and a static JSON body).
"""

import os
import secrets
import warnings
from pathlib import Path

# Before base reads the environment (and `.env`, which only fills in what is unset).
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ["DEBUG"] = "0"

from .base import *  # noqa: E402,F403
from .base import BASE_DIR, env  # noqa: E402

DEBUG = False
VAR = BASE_DIR / "var"

DATABASES = {
    "default": env.db_url("BENCH_DATABASE_URL", default=f"sqlite:///{VAR / 'bench.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = 600
if DATABASES["default"]["NAME"] == str(BASE_DIR / "db.sqlite3"):
    raise RuntimeError("the benchmark never runs on db.sqlite3: set BENCH_DATABASE_URL")

CACHES = {
    "default": (
        env.cache_url("BENCH_CACHE_URL")
        if os.environ.get("BENCH_CACHE_URL")
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR / "bench-cache"),
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    )
}

# `API_CACHE=0` turns the API response cache off: its middleware stays (its version lookup,
# ETag and headers are part of every response) but stores and serves nothing, so every
# response is rendered: the uncached figures.
API_CACHE = env.bool("API_CACHE", default=True)

# every registration of the mixed workload comes from one address (bench/mixed.py)
REGISTRATION_RATE = "100000/hour"

ALLOWED_HOSTS = ["127.0.0.1"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ROOT_URLCONF = "cms.bench_urls"

MEDIA_ROOT = VAR / "bench-media"
# the API serves no static files; whitenoise is kept (it is in the product's stack) but
# need not complain that nothing was collected
warnings.filterwarnings("ignore", message="No directory at")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"
}

# The static comparison bodies: byte-for-byte copies of our responses, written by the
# benchmark's in-process probe (bench/harness.py).
BENCH_STATIC_DIR = Path(env.str("BENCH_STATIC_DIR", default=str(VAR / "bench-static")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # a 4xx the benchmark asks for on purpose is an answer, not noise
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django_tasks": {"level": "WARNING"},
    },
}
