"""One website serves every municipality of the deployment: the host the visitor asked for
decides whose communities, name, colour and contact details they see (the demo's Aabenraa at
aabenraa.localhost beside Sønderborg, the default site)."""

import httpx
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from tests.website.servers import describe, serious_violations

AABENRAA = "aabenraa.localhost"


def at(website, host, path):
    return httpx.get(website.url + path, headers={"Host": f"{host}:{website.port}"}, timeout=20)


def soup(response):
    assert response.status_code == 200, response.text[:500]
    return BeautifulSoup(response.text, "html.parser")


def community_names(page):
    return {link.get_text(strip=True) for link in page.select("main a[href*='/communities/']")}


def test_each_host_shows_its_own_municipalitys_communities(website):
    aabenraa = community_names(soup(at(website, AABENRAA, "/en/communities/")))
    sonderborg = community_names(soup(at(website, "127.0.0.1", "/en/communities/")))
    assert {"Rødekro", "Padborg", "Kollund"} <= aabenraa
    assert "Nordborg" in sonderborg
    assert not aabenraa & sonderborg


def test_the_header_footer_and_colour_are_the_municipalitys(website):
    page = soup(at(website, AABENRAA, "/da/"))
    assert page.select_one(".brand").get_text(strip=True) == "Aabenraa"
    assert "Aabenraa" in page.title.get_text()
    assert "Aabenraa" in page.select_one(".municipality-contact").get_text()
    stylesheet = page.select_one("link[href^='/brand.css']")["href"]
    css = at(website, AABENRAA, stylesheet)
    assert css.headers["content-type"].startswith("text/css")
    assert "--brand: #005b9a" in css.text
    sonderborg = soup(at(website, "127.0.0.1", "/da/"))
    assert sonderborg.select_one(".brand").get_text(strip=True) == "Sønderborg"


def test_links_and_the_sitemap_stay_on_the_municipalitys_address(website):
    page = soup(at(website, AABENRAA, "/en/communities/"))
    assert page.select_one("link[rel=canonical]")["href"].startswith(f"http://{AABENRAA}:")
    sitemap = at(website, AABENRAA, "/sitemap.xml").text
    assert f"http://{AABENRAA}:{website.port}/" in sitemap
    assert "nordborg" not in sitemap


def test_another_municipality_in_a_browser_is_accessible(browser, website, axe):
    context = browser.new_context(base_url=f"http://{AABENRAA}:{website.port}")
    try:
        page = context.new_page()
        page.goto("/da/communities/")
        expect(page.get_by_role("link", name="Rødekro").first).to_be_visible()
        violations = serious_violations(page, axe)
        assert not violations, describe(violations)
    finally:
        context.close()


def test_a_host_the_cms_does_not_serve_is_refused(website):
    response = at(website, "evil.example", "/da/")
    assert response.status_code == 400
