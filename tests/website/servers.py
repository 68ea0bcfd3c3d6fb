"""The CMS and the website, really running on loopback for the website's tests: the CMS on
a fresh database with the Sønderborg demo (SQLite, or a database of its own on the
PostgreSQL server DATABASE_URL names), e-mail written to files; the website in uvicorn
pointed at it."""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
from email import message_from_bytes
from email.policy import default as email_policy
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "demo-" + secrets.token_urlsafe(12)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A server process of ours: started with its output in `<home>/<name>.log`, up once its
    health URL answers, stopped at the end."""

    process = None

    def serve(self, name, command, env):
        log = self.home / f"{name}.log"
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
        )
        wait_until_up(f"{self.url}/healthz", self.process, log)
        return self

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(10)


def wait_until_up(url, process, log, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early:\n{Path(log).read_text()[-3000:]}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {seconds}s:\n{Path(log).read_text()[-3000:]}")


def fresh_database(home):
    """A URL of an empty database for the CMS: on the suite's PostgreSQL server when the
    suite runs on PostgreSQL, else an SQLite file."""
    suite = os.environ.get("DATABASE_URL", "")
    if not suite.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{home / 'db.sqlite3'}"
    server, _, name = suite.rpartition("/")
    # one database per pytest-xdist worker: two workers may each run the website's tests
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    name = f"{name.split('?')[0]}_website{worker}"
    with psycopg.connect(suite.replace("postgres://", "postgresql://", 1), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


class Cms(Server):
    """The CMS with the demo, on its own port and files under `home`."""

    def __init__(self, home, website_url):
        self.home = Path(home)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.mail = self.home / "mail"
        self.mail.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_"))}
        env.update(
            DJANGO_SETTINGS_MODULE="cms.settings.base",
            ENV_FILE=str(self.home / "no.env"),
            SECRET_KEY=secrets.token_urlsafe(50),
            DEBUG="1",  # the development server then serves the demo's media
            DATABASE_URL=fresh_database(self.home),
            MEDIA_ROOT=str(self.home / "media"),
            CACHE_ROOT=str(self.home / "cache"),
            STATIC_ROOT=str(self.home / "static"),
            EMAIL_URL=f"filemail:///{self.mail}",  # four slashes: an absolute path
            WEBSITE_URL=website_url,
            HEADLESS_PREVIEW_URL=f"{website_url}/preview",
            WAGTAILADMIN_BASE_URL=self.url,
            REGISTRATION_BASE_URL=self.url,
            DIRECTORY_BASE_URL=self.url,
            DEMO_PASSWORD=DEMO_PASSWORD,
            STAFF_TWO_FACTOR="optional",  # the demo users sign in with a password, as in make run
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        self.env = env

    def manage(self, *args):
        log = self.home / "manage.log"
        with log.open("ab") as out:
            done = subprocess.run(
                [sys.executable, "manage.py", *args],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                check=False,
            )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{log.read_text()[-3000:]}")

    def start(self):
        self.manage("migrate", "--no-input", "-v", "0")
        self.manage("seed_demo")
        command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"]
        return self.serve("cms", command, self.env)

    def api(self, path, **params):
        """An API answer, as JSON (for tests that check what the website shows)."""
        response = httpx.get(f"{self.url}/api/v2/{path.lstrip('/')}", params=params, timeout=10)
        response.raise_for_status()
        return response.json()

    def mails(self):
        """Every e-mail the CMS has sent, oldest first, as email.message objects."""
        messages = []
        for path in sorted(self.mail.glob("*.log"), key=lambda p: p.stat().st_mtime):
            # the file backend separates messages by a line of 79 dashes
            for chunk in path.read_bytes().split(b"-" * 79 + b"\n"):
                if chunk.strip():
                    messages.append(message_from_bytes(chunk, policy=email_policy))
        return messages


class Website(Server):
    def __init__(self, home, api_url, port=None):
        self.home = Path(home)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.api_url = api_url

    def start(self):
        env = dict(os.environ)
        env.update(
            VELKOMST_API_URL=self.api_url,
            WEBSITE_URL=self.url,
            WEBSITE_MAP_TILES="",  # no network here: the plain list only
            PYTHONUNBUFFERED="1",
        )
        command = [sys.executable, "-m", "uvicorn", "website.app:app", "--host", "127.0.0.1",
                   "--port", str(self.port), "--log-level", "warning"]  # fmt: skip
        return self.serve("website", command, env)


def axe_source():
    path = ROOT / "tests/website/axe/node_modules/axe-core/axe.min.js"
    return path.read_text() if path.exists() else None


def serious_violations(page, source):
    """axe-core's serious and critical violations on the page as it is now."""
    page.evaluate(source)
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def describe(violations):
    return json.dumps(violations, indent=1, ensure_ascii=False)


def assert_accessible(page, source):
    """No serious or critical axe-core violation on the page as it is now."""
    found = serious_violations(page, source)
    assert not found, describe(found)
