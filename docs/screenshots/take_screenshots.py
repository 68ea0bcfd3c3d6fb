"""Screenshots of the admin in Danish: the dashboard and the page editor, as the coordinator
and as a community's editor, on the Sønderborg demo with a day's work in it.

    apt-get install chromium && .venv/bin/pip install playwright
    .venv/bin/python docs/screenshots/take_screenshots.py

Builds the demo in a temporary database (a few minutes), serves it on a free local port and
saves docs/screenshots/admin-{dashboard,editor}-{coordinator,editor}-da.png.
"""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "skaermbillede-2027"
COMMUNITY = "nordborg"

#: a day's work: a page with the coordinator, one sent back, a draft, registrations, a
#: calendar whose import failed (run in `manage.py shell`)
WORK = f"""
from django.contrib.auth import get_user_model
from communities.models import CommunityPage, TrialHomePage
from events.models import EventPage, ExternalCalendar, JoinMode
from events.registrations import register
User = get_user_model()
editor = User.objects.get(username="editor-{COMMUNITY}")
coordinator = User.objects.get(username="coordinator")
community = CommunityPage.objects.get(slug="{COMMUNITY}", locale__language_code="da")
homes = list(TrialHomePage.objects.descendant_of(community).filter(locale__language_code="da"))
pages = [community, *homes]
first = pages[0].specific
first.intro = first.intro + " Nyt: fællesspisning hver torsdag."
first.save_revision(user=editor)
first.get_workflow().start(first, editor)
for other in CommunityPage.objects.filter(locale__language_code="da").exclude(pk=first.pk)[:2]:
    other = other.specific
    editor_of_other = User.objects.get(username="editor-" + other.slug)
    other.save_revision(user=editor_of_other)
    other.get_workflow().start(other, editor_of_other)
if len(pages) > 1:
    home = pages[1].specific
    home.save_revision(user=editor)
    state = home.get_workflow().start(home, editor)
    state.current_task_state.specific.reject(
        user=coordinator, comment="Tilføj venligst husleje og et billede af stuen."
    )
registering = EventPage.objects.filter(join_mode=JoinMode.REGISTRATION, locale__language_code="da")
for event in registering:
    year = event.start.replace(year=event.start.year + 1)
    for start in [occurrence.start for occurrence in event.occurrences(event.start, year)][:2]:
        for n, name in enumerate(["Amira Haddad", "Jonas Berg", "Lucas Silva", "Maria Nowak"]):
            try:
                register(event, start, name=name, email=f"deltager{{n}}@example.dk", seats=2,
                         language="da", consent=True)
            except Exception as error:
                print("skipped a registration:", error)
calendar = ExternalCalendar.objects.first()
if calendar:
    calendar.last_error = "HTTP 404 Not Found"
    calendar.save(update_fields=["last_error"])
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args, **kwargs):
    return subprocess.run(  # noqa: S603  (manage.py: absolute paths, no shell)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs
    )


def shoot(browser, base, username, shots):
    # a Danish browser, as the municipality's staff and volunteers have
    page = browser.new_context(locale="da-DK", viewport={"width": 1400, "height": 1700}).new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    for path, name in shots:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=OUT / name, full_page=True)
        print("saved", OUT / name)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DEBUG": "1",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3",
            "MEDIA_ROOT": f"{tmp}/media",
            "DEMO_PASSWORD": PASSWORD,
            "ENV_FILE": f"{tmp}/.env",
        }
        manage(env, "migrate", "--no-input", stdout=subprocess.DEVNULL)
        manage(env, "seed_demo", stdout=subprocess.DEVNULL)
        manage(env, "shell", "-c", WORK)
        community_id = manage(
            env, "shell", "-c",
            "from communities.models import CommunityPage;"
            f"print(CommunityPage.objects.get(slug='{COMMUNITY}', locale__language_code='da').pk)",
            capture_output=True, text=True,
        ).stdout.split()[-1]  # fmt: skip
        port = free_port()
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _attempt in range(60):
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310
                    break
                except OSError:
                    time.sleep(1)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium")
                editor_url = f"/admin/pages/{community_id}/edit/"
                shoot(browser, base, "coordinator", [
                    ("/admin/", "admin-dashboard-coordinator-da.png"),
                    (editor_url, "admin-editor-coordinator-da.png"),
                ])  # fmt: skip
                shoot(browser, base, f"editor-{COMMUNITY}", [
                    ("/admin/", "admin-dashboard-editor-da.png"),
                    (editor_url, "admin-editor-editor-da.png"),
                ])  # fmt: skip
                browser.close()
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
