"""The site as an app: it installs (manifest, service worker), the pages a visitor opened open
again without a network, and any other page then says "you are offline" in the visitor's
language; search engines find every page in every language (sitemap, robots.txt)."""

from xml.etree import ElementTree

import httpx
import pytest

from website.app import app

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def get(website, path, **headers):
    return httpx.get(f"{website.url}{path}", headers=headers, timeout=10)


def test_the_manifest_makes_the_site_installable(website):
    response = get(website, "/manifest.webmanifest", **{"Accept-Language": "en-GB,en;q=0.8"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = response.json()
    assert manifest["name"] and manifest["short_name"]
    assert manifest["start_url"] == "/en/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0b5e6b"
    assert manifest["background_color"]
    pngs = [icon for icon in manifest["icons"] if icon["type"] == "image/png"]
    # Chromium installs with a 192 and a 512 pixel icon; Android masks the maskable ones
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in pngs}
    assert any(icon.get("purpose") == "maskable" for icon in pngs)
    for icon in pngs:
        answer = get(website, icon["src"])
        assert answer.status_code == 200, icon
        assert answer.headers["content-type"] == "image/png"


def test_chromium_finds_the_site_installable(context):
    page = context.new_page()
    page.goto("/en/")
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    cdp = context.new_cdp_session(page)
    assert cdp.send("Page.getAppManifest")["errors"] == []
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # a test's browser profile is a private one, where nothing can be installed
    assert {error["errorId"] for error in errors} <= {"in-incognito"}, errors


@pytest.mark.parametrize(
    ("headers", "lang"),
    [
        ({}, "da"),
        ({"Accept-Language": "de-DE,de;q=0.9"}, "de"),
        ({"Accept-Language": "fr", "Referer": "/en/checklist/"}, "en"),
    ],
)
def test_the_app_starts_in_the_visitors_language(website, headers, lang):
    if "Referer" in headers:
        headers["Referer"] = website.url + headers["Referer"]
    manifest = get(website, "/manifest.webmanifest", **headers).json()
    assert manifest["lang"] == lang
    assert manifest["start_url"] == f"/{lang}/"


def test_the_service_worker_may_control_the_whole_site(website):
    response = get(website, "/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["service-worker-allowed"] == "/"
    assert "no-cache" in response.headers["cache-control"]
    for lang in ("da", "en", "de"):
        assert f"/{lang}/offline/" in response.text


def test_the_offline_page_says_what_still_works(website):
    response = get(website, "/de/offline/")
    assert response.status_code == 200
    assert "<h1>Sie sind offline</h1>" in response.text
    assert 'href="/de/checklist/"' in response.text


def test_the_accessibility_statement_names_the_standard_and_a_contact(website, cms):
    contact = cms.api("contacts/", locale="en", topic="welcome", limit=1)["items"][0]
    text = get(website, "/en/accessibility/").text
    assert "WCAG" in text and "2.1" in text
    assert f'href="mailto:{contact["email"]}"' in text
    assert "was.digst.dk" in text


def test_robots_points_at_the_sitemap_and_keeps_previews_out(website):
    lines = get(website, "/robots.txt").text.splitlines()
    assert "Disallow: /preview" in lines
    assert f"Sitemap: {website.url}/sitemap.xml" in lines


def test_the_sitemap_lists_every_page_in_every_language(website, cms):
    response = get(website, "/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    entries = {
        url.find("s:loc", SITEMAP).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP)
        }
        for url in root.findall("s:url", SITEMAP)
    }
    for lang in ("da", "en", "de"):
        assert f"{website.url}/{lang}/" in entries
        assert f"{website.url}/{lang}/checklist/" in entries
    assert entries[f"{website.url}/en/checklist/"] == {
        "da": f"{website.url}/da/checklist/",
        "en": f"{website.url}/en/checklist/",
        "de": f"{website.url}/de/checklist/",
        "x-default": f"{website.url}/da/checklist/",
    }
    community = cms.api("communities/", locale="en", limit=1)["items"][0]["meta"]["slug"]
    assert f"{website.url}/de/communities/{community}/" in entries
    associations = cms.api("associations/", locale="en", limit=0)["meta"]["total_count"]
    listed = [loc for loc in entries if "/en/associations/" in loc and loc[-2].isdigit()]
    assert len(listed) == associations


def event_path(cms):
    """An event page of the website: the API's first event page in English."""
    event = cms.api("pages/", locale="en", type="events.EventPage", limit=1)["items"][0]
    return str(app.url_path_for("event", lang="en", id=event["id"]))


def heading(page):
    return page.locator("h1").first.inner_text()


def test_pages_once_opened_open_offline(context, website, cms):
    page = context.new_page()
    page.goto("/en/checklist/")
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.reload()
    assert page.evaluate("() => navigator.serviceWorker.controller !== null")
    visited = ["/en/checklist/", "/en/contacts/", "/en/culture-guide/", event_path(cms)]
    headings = {}
    for path in visited:
        page.goto(path)
        headings[path] = heading(page)

    context.set_offline(True)
    for path in visited:
        page.goto(path)
        assert heading(page) == headings[path], path
        # the stylesheets come from the worker's cache too, the municipality's colour with
        # them (Sønderborg's #00594f)
        assert (
            page.evaluate(
                "() => getComputedStyle(document.querySelector('.site-header')).backgroundColor"
            )
            == "rgb(0, 89, 79)"
        )
    page.goto("/de/links/")
    assert heading(page) == "Sie sind offline"
    assert page.locator("html").get_attribute("lang") == "de"
    page.goto("/en/stories/")
    assert heading(page) == "You are offline"
