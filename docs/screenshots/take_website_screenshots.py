"""Screenshots of the website's main pages at phone width, in English, for the README.

Against a running CMS and website (`make run`):

    .venv/bin/python docs/screenshots/take_website_screenshots.py \
        [--cms http://127.0.0.1:8000] [--website http://127.0.0.1:8001]

(or CMS_URL / WEBSITE_URL in the environment). Writes docs/screenshots/website-<page>.png with
Debian's Chromium (CHROMIUM, default /usr/bin/chromium).
"""

import argparse
import os
import sys
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from website.audience import COOKIE  # noqa: E402 - after the repository is on the path

PHONE = {"width": 390, "height": 844}
#: how much of a page a screenshot shows (CSS pixels): past the header, into the content
HEIGHT = 1400
#: the visitor the screenshots show: moving from outside the EU with children
AUDIENCE = "non_eu|children"


def api(cms, path, **params):
    response = httpx.get(f"{cms}/api/v2/{path}", params={"locale": "en", **params}, timeout=10)
    response.raise_for_status()
    return response.json()


def pages(cms):
    """Each screenshot's name and the path that shows it, found through the API."""
    community = api(cms, "communities/", limit=1)["items"][0]["meta"]["slug"]
    events = api(cms, "events/", limit=100)["items"]
    registration = [e for e in events if e["join"]["mode"] == "registration"] or events
    return {
        "home": "/en/",
        "community": f"/en/communities/{community}/",
        "events": "/en/events/",
        "event": f"/en/events/{registration[0]['id']}/",
        "checklist": "/en/checklist/",
        "associations": "/en/associations/",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cms", default=os.environ.get("CMS_URL", "http://127.0.0.1:8000"))
    parser.add_argument("--website", default=os.environ.get("WEBSITE_URL", "http://127.0.0.1:8001"))
    args = parser.parse_args()
    website = args.website.rstrip("/")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(
            viewport=PHONE, device_scale_factor=2, base_url=website, reduced_motion="reduce"
        )
        context.add_cookies([{"name": COOKIE, "value": AUDIENCE, "url": website}])
        page = context.new_page()
        for name, path in pages(args.cms.rstrip("/")).items():
            response = page.goto(path, wait_until="networkidle")
            if not response or response.status != 200:
                sys.exit(f"{website}{path} answered {response.status if response else 'nothing'}")
            target = HERE / f"website-{name}.png"
            height = min(HEIGHT, page.evaluate("document.documentElement.scrollHeight"))
            clip = {"x": 0, "y": 0, "width": PHONE["width"], "height": height}
            page.screenshot(path=target, full_page=True, clip=clip)
            print(target.relative_to(HERE.parents[1]))
        browser.close()


if __name__ == "__main__":
    main()
