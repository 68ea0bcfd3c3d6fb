"""The response cache is right across app processes: a change made in one process shows in
the very next response of another, through the shared cache backend.

Two real Python processes share a file-based cache (as gunicorn workers share Redis in
production) and the database: one serves API requests through the whole middleware stack
and keeps running, the other makes changes through Wagtail, as the admin or
`publish_scheduled` would. On SQLite the test database lives in memory, which no other
process can open, so it is copied to a file first; PostgreSQL's test database is shared as
it is (hence a transactional test: what the fixtures make must be committed). Each municipality
(site) keeps its own version across processes too.
"""

import json
import os
import select
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import TrialHomePageFactory

ROOT = Path(__file__).resolve().parents[2]

SETUP = """
import json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
from django.conf import settings
shared = json.loads(os.environ["VELKOMST_SHARED"])
settings.DATABASES = {"default": shared["database"]}
settings.CACHES = {"default": shared["cache"]}
settings.MEDIA_ROOT = shared["media_root"]
import django
django.setup()
"""

# Serves one request per line of stdin ({"path": …, "headers": {…}}, or a "json" body to
# POST) and answers with one line of JSON (with the SQL queries it ran), until stdin
# closes: one long-lived app process.
SERVER = (
    SETUP
    + """
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="localhost")
for line in sys.stdin:
    asked = json.loads(line)
    headers = asked.get("headers", {})
    with CaptureQueriesContext(connection) as queries:
        if "json" in asked:
            response = client.post(
                asked["path"], asked["json"], content_type="application/json", headers=headers
            )
        else:
            response = client.get(asked["path"], headers=headers)
    print(json.dumps({
        "status": response.status_code,
        "x_cache": response.get("X-Cache"),
        "etag": response.get("ETag"),
        "body": response.content.decode(),
        "queries": len(queries),
    }), flush=True)
"""
)

# One change, made through Wagtail in a process of its own.
CHANGE = (
    SETUP
    + """
from django.contrib.auth import get_user_model
from wagtail.models import Page
from communities import access
action, pk = sys.argv[1], int(sys.argv[2])
page = Page.objects.get(pk=pk).specific
if action == "retitle":
    page.title = sys.argv[3]
    page.save_revision().publish()
elif action == "add-member":
    user = get_user_model().objects.create(username=sys.argv[3])
    access.access_for(page).group.user_set.add(user)
elif action == "unpublish":
    page.unpublish()
"""
)


def shared_environment(tmp_path):
    """The environment of processes that share this test's database and a file-based cache."""
    database = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        copy = tmp_path / "db.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(copy) as target:
            connection.connection.backup(target)
        target.close()
        database["NAME"] = str(copy)
    cache = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path / "cache"),
    }
    environ = {
        **os.environ,
        "VELKOMST_SHARED": json.dumps(
            {"database": database, "cache": cache, "media_root": str(tmp_path / "media")},
            default=str,
        ),
    }
    return environ


@pytest.fixture
def shared(tmp_path):
    """What both processes share: the database and a file-based cache."""
    return shared_environment(tmp_path)


class Server:
    def __init__(self, environ):
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVER],
            cwd=ROOT,
            env=environ,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def get(self, path, **headers):
        return self._ask({"path": path, "headers": headers})

    def post(self, path, body):
        return self._ask({"path": path, "json": body})

    def _ask(self, asked):
        self.process.stdin.write(json.dumps(asked) + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], 120)
        line = self.process.stdout.readline() if ready else ""
        if not line:
            self.process.kill()
            pytest.fail("the serving process gave no answer:\n" + self.process.stderr.read())
        return json.loads(line)

    def stop(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def server(shared):
    server = Server(shared)
    yield server
    server.stop()


def change(environ, *args, script=CHANGE):
    """Run `script` (by default: one change through Wagtail) in a process of its own."""
    result = subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_in_one_process_shows_in_the_next_response_of_another(community, shared, server):
    detail = f"/api/v2/communities/{community.pk}/"
    listing = "/api/v2/pages/?type=communities.CommunityPage"

    first = server.get(detail)
    assert (first["status"], first["x_cache"]) == (200, "MISS")
    assert json.loads(first["body"])["title"] == "Nordborg"
    assert server.get(detail)["x_cache"] == "HIT"
    assert server.get(listing)["x_cache"] == "MISS"
    assert server.get(listing)["x_cache"] == "HIT"

    change(shared, "retitle", community.pk, "Nordborg by")
    retitled = server.get(detail)
    assert retitled["x_cache"] == "MISS"
    assert json.loads(retitled["body"])["title"] == "Nordborg by"
    titles = [item["title"] for item in json.loads(server.get(listing)["body"])["items"]]
    assert "Nordborg by" in titles and "Nordborg" not in titles
    assert server.get(detail, if_none_match=first["etag"])["status"] == 200
    assert server.get(detail, if_none_match=retitled["etag"])["status"] == 304

    change(shared, "add-member", community.pk, "ny-redaktoer")
    after_members = server.get(detail)
    assert after_members["x_cache"] == "MISS"
    # nothing public changed: the client's copy is still good
    assert server.get(detail, if_none_match=retitled["etag"])["status"] == 304

    change(shared, "unpublish", community.pk)
    assert server.get(detail)["status"] == 404
    items = json.loads(server.get(listing)["body"])["items"]
    assert community.pk not in [item["id"] for item in items]


@pytest.fixture
def aabenraa_home(aabenraa):
    return TrialHomePageFactory(parent=aabenraa.site.root_page, title="Hus ved fjorden")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_in_one_municipality_leaves_the_others_entries_in_every_process(
    community, aabenraa_home, shared, server
):
    """Aabenraa's publish, made in another process, renders Aabenraa's responses afresh
    in the serving process; Sønderborg's stay cached there."""
    listing = "/api/v2/pages/?limit=100"
    aabenraa_host = {"host": "aabenraa.localhost"}
    for headers in ({}, aabenraa_host):
        assert server.get(listing, **headers)["x_cache"] == "MISS"
        assert server.get(listing, **headers)["x_cache"] == "HIT"

    change(shared, "retitle", aabenraa_home.pk, "Hus ved stranden")
    assert server.get(listing)["x_cache"] == "HIT"
    fresh = server.get(listing, **aabenraa_host)
    assert fresh["x_cache"] == "MISS"
    assert "Hus ved stranden" in fresh["body"]
