"""Settings for the test suite: the environment's database (SQLite unless DATABASE_URL
says otherwise), in-memory e-mail and cache, fast password hashing."""

import atexit
import os
import secrets
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("DEBUG", "0")

from .base import *  # noqa: E402,F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# background work runs at once, whatever TASKS_BACKEND the shell has (tests switch per test)
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# fast; the shipped default (files every process shares) is exercised by
# tests/frontend_api/test_caching_commands.py
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# a folder per test process, removed at its end: two runs at once (SQLite and PostgreSQL in
# .ci/run) never write the same files
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="velkomst-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# staff log in without a second step in most tests; tests/cms/test_staff_two_factor.py turns
# it on
STAFF_TWO_FACTOR = "off"
