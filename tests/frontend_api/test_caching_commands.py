"""With the shipped settings (no CACHE_URL), a change made by a `manage.py` command — an
editor's shell, a cron job — shows in the server's very next response.

The server is this process (the test client, through the whole middleware stack); the
command is `manage.py` in a process of its own, on the shipped settings (`cms.settings.base`)
as cron runs it. Both use the cache exactly as the shipped settings build it without
CACHE_URL, only in a folder of the test's own (`CACHE_ROOT`). The test suite's settings keep
their in-memory cache; this test is the one that exercises the default.

Both processes share the database: on SQLite the test database lives in memory, which no
other process can open, so for this test this process works on a file copy of it.
"""

import json
import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone
from wagtail.models import Locale

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def shipped_environment(tmp_path, database_url):
    """The environment cron gives a command: the shipped settings, no CACHE_URL, no `.env`."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("CACHE_", "DJANGO_"))}
    environ.update(
        DJANGO_SETTINGS_MODULE="cms.settings.base",
        ENV_FILE=str(tmp_path / "no.env"),
        SECRET_KEY="a-key-for-this-test-only",
        DEBUG="0",
        DATABASE_URL=database_url,
        CACHE_ROOT=str(tmp_path / "cache"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    return environ


def run(environ, *arguments):
    result = subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _database_url():
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        credentials = quote(settings["USER"] or "")
        if settings["PASSWORD"]:
            credentials += ":" + quote(settings["PASSWORD"])
        host = settings["HOST"] or "localhost"
        return f"postgres://{credentials}@{host}:{settings['PORT'] or 5432}/{settings['NAME']}"
    return f"sqlite:///{settings['NAME']}"


@pytest.fixture
def on_a_file(tmp_path):
    """On SQLite, this process's connection moves to a file copy of the test database for the
    test (the in-memory one is kept aside and comes back after); elsewhere nothing moves."""
    if connection.vendor != "sqlite":
        yield
        return
    copy = tmp_path / "db.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(copy) as target:
        connection.connection.backup(target)
    target.close()
    in_memory, name = connection.connection, connection.settings_dict["NAME"]
    connection.connection = None  # closing an in-memory database would destroy it
    connection.settings_dict["NAME"] = str(copy)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = in_memory


@pytest.fixture
def command_environment(on_a_file, tmp_path, settings):
    """The command's environment, and this process on the same cache, as the shipped
    settings build it there."""
    environ = shipped_environment(tmp_path, _database_url())
    shipped = json.loads(
        run(
            environ,
            "-c",
            "import json; from cms.settings import base; print(json.dumps(base.CACHES))",
        )
    )
    settings.CACHES = shipped
    return environ


def _assert_equal(value, expected):
    assert value == expected


def get(client, path, **headers):
    response = client.get(path, headers=headers)
    return response.status_code, response.get("X-Cache"), response.get("ETag"), response


def assert_fresh(client, path, old_etag, check):
    status, x_cache, etag, response = get(client, path)
    assert (status, x_cache) == (200, "MISS")
    check(response.json())
    assert etag != old_etag
    assert get(client, path, if_none_match=old_etag)[0] == 200
    assert get(client, path, if_none_match=etag)[0] == 304
    assert get(client, path)[1] == "HIT"


def warm(client, path, check):
    status, x_cache, etag, response = get(client, path)
    assert (status, x_cache) == (200, "MISS")
    check(response.json())
    assert get(client, path)[1] == "HIT"
    assert get(client, path, if_none_match=etag)[0] == 304
    return etag


PUBLISH_FROM_THE_SHELL = """
from wagtail.models import Page
page = Page.objects.get(pk={pk}).specific
page.title = "Nordborg by"
page.save_revision().publish()
"""


@pytest.fixture
def scheduled_retitle(community):
    """A German title for the community's German copy, approved to go live a minute ago:
    the next `publish_scheduled` publishes it."""
    german = community.get_translation(Locale.objects.get(language_code="de"))
    german.title = "Norburg"
    german.save_revision(approved_go_live_at=timezone.now() - timedelta(minutes=1))
    return german


def titles(body):
    return {item["title"] for item in body["items"]}


def test_changes_made_by_commands_show_in_the_next_response(
    client, community, scheduled_retitle, command_environment
):
    detail = f"/api/v2/communities/{community.pk}/"
    listing = "/api/v2/communities/?locale=de"
    detail_etag = warm(client, detail, lambda body: _assert_equal(body["title"], "Nordborg"))
    listing_etag = warm(client, listing, lambda body: _assert_equal(titles(body), {"Nordborg"}))

    # an editor publishes from `manage.py shell`
    code = PUBLISH_FROM_THE_SHELL.format(pk=community.pk)
    run(command_environment, "manage.py", "shell", "--no-imports", "-c", code)
    assert_fresh(
        client, detail, detail_etag, lambda body: _assert_equal(body["title"], "Nordborg by")
    )

    # cron publishes what was scheduled
    run(command_environment, "manage.py", "publish_scheduled")
    assert_fresh(
        client, listing, listing_etag, lambda body: _assert_equal(titles(body), {"Norburg"})
    )
