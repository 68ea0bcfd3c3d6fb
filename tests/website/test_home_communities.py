"""The front page, the one question about the visitor, the communities and their trial homes,
and CMS paths: in a real browser against the demo, and without servers where the logic is
the website's own (the map, the ambassadors' languages)."""

from urllib.parse import urlsplit

import httpx
import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from tests.website.servers import describe, serious_violations
from website.audience import COOKIE
from website.views.communities import map_layout, matches, read_filters

NO_HOUSEHOLD = {"children": "false", "partner": "false", "student": "false"}


def assert_accessible(page, axe):
    violations = serious_violations(page, axe)
    assert not violations, describe(violations)


def get(website, path, **kwargs):
    return httpx.get(website.url + path, timeout=20, **kwargs)


def soup(response):
    assert response.status_code == 200, response.text[:500]
    return BeautifulSoup(response.text, "html.parser")


def shown_steps(page):
    return [s.strip() for s in page.locator(".next-steps li strong").all_inner_texts()]


def first_steps(cms, origin):
    answer = cms.api("checklist/", locale="en", origin=origin, limit=5, **NO_HOUSEHOLD)
    return [step["title"] for step in answer["items"]]


def test_first_visit_asks_who_you_are_and_the_answer_personalises_the_steps(page, context, cms):
    page.goto("/en/")
    question = page.get_by_role("region", name="First, tell us about you")
    expect(question).to_be_visible()
    assert question.get_by_role("radio").count() == 4  # where from; the household, no more
    assert question.get_by_role("checkbox").count() == 3

    # keyboard only: choose with the arrow keys, send with Enter
    question.get_by_label("From elsewhere in Denmark").focus()
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert question.get_by_label("From a country outside the EU/EEA").is_checked()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    cookie = next(c for c in context.cookies() if c["name"] == COOKIE)
    assert cookie["value"] == "non_eu"
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
    assert not page.get_by_role("region", name="First, tell us about you").count()
    non_eu = shown_steps(page)
    assert non_eu == first_steps(cms, "non_eu")

    # changed at any time, from any page
    page.get_by_role("link", name="Change").click()
    assert page.get_by_label("From a country outside the EU/EEA").is_checked()
    page.get_by_label("From elsewhere in Denmark").check()
    with page.expect_navigation(url="**/en/"):
        page.get_by_role("button", name="Save my answer").click()
    danish = shown_steps(page)
    assert danish == first_steps(cms, "denmark")
    assert (
        "Get a residence and work permit" in non_eu
        and "Get a residence and work permit" not in danish
    )

    # and forgotten
    page.goto("/en/about-you/")
    page.get_by_role("button", name="Forget my answer").click()
    expect(page.get_by_role("region", name="First, tell us about you")).to_be_visible()


def test_a_missing_origin_is_shown_beside_the_field_and_the_ticks_are_kept(page, website):
    page.goto("/en/about-you/?next=/en/communities/")
    page.get_by_label("Children are moving with me").check()
    page.get_by_role("button", name="Save my answer").click()

    summary = page.get_by_role("alert")
    assert "Choose where you move from." in summary.inner_text()
    assert page.locator("#f-origin-error").inner_text().endswith("Choose where you move from.")
    assert page.get_by_label("Children are moving with me").is_checked()
    assert page.locator("input[name=next]").input_value() == "/en/communities/"

    answer = httpx.post(
        f"{website.url}/en/about-you/", data={"household": "student", "next": "/en/"}, timeout=20
    )
    assert answer.status_code == 400
    # never a redirect to another site
    answer = httpx.post(
        f"{website.url}/en/about-you/",
        data={"origin": "eu", "next": "https://elsewhere.example/"},
        timeout=20,
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/en/"


def test_communities_and_a_community_with_ambassadors_homes_and_events(website, cms):
    listing = soup(get(website, "/en/communities/"))
    titles = {c["title"] for c in cms.api("communities/", locale="en", limit=100)["items"]}
    linked = {a.get_text(strip=True) for a in listing.select(".cards h3 a")}
    assert titles == linked
    assert listing.select_one("a[href='/en/communities/nordborg/']")

    nordborg = soup(get(website, "/en/communities/nordborg/"))
    assert nordborg.h1.get_text(strip=True) == "Nordborg"
    ambassadors = {
        li.h3.get_text(strip=True): li for li in nordborg.select(".ambassadors .ambassador")
    }
    assert {"Mette Sørensen", "Tomasz Kowalski"} <= set(ambassadors)
    assert ambassadors["Mette Sørensen"].select("a[href^='mailto:']")
    # Tomasz has published no contact details: none are shown
    assert not ambassadors["Tomasz Kowalski"].select("a[href^='mailto:'], a[href^='tel:']")
    assert "Polish" in ambassadors["Tomasz Kowalski"].get_text()

    community = cms.api("communities/", locale="en", slug="nordborg")["items"][0]["id"]
    homes = cms.api("pages/", locale="en", type="communities.TrialHomePage", community=community)
    shown_homes = [a.get_text(strip=True) for a in nordborg.select("#homes-title ~ ul h3 a")]
    assert shown_homes == [home["title"] for home in homes["items"]]
    events = cms.api("events/", locale="en", community=community, limit=5)["items"]
    assert events, "the demo has events in Nordborg"
    shown_events = nordborg.select("#events-title ~ ul a")
    assert [a.get_text(strip=True) for a in shown_events] == [e["title"] for e in events]
    assert shown_events[0]["href"] == f"/en/events/{events[0]['id']}/"
    assert nordborg.select("#stories-title ~ ul a")
    place = [s for s in nordborg.select("script[type='application/ld+json']") if "Place" in s.text]
    assert place and '"latitude": 55.0577' in place[0].text


def test_a_trial_home_and_the_filters(website, cms):
    homes = cms.api("pages/", locale="en", type="communities.TrialHomePage", fields="*")["items"]
    listing = soup(get(website, "/en/trial-homes/"))
    assert len(listing.select(".home-card")) == len(homes)
    assert listing.select_one("form.filters[method=get] select[name=community]")

    big = soup(get(website, "/en/trial-homes/", params={"size": 90}))
    assert {a.get_text(strip=True) for a in big.select(".home-card h3 a")} == {
        h["title"] for h in homes if h["size_m2"] >= 90
    }
    cheap = soup(get(website, "/en/trial-homes/", params={"rent": 4500}))
    assert {a.get_text(strip=True) for a in cheap.select(".home-card h3 a")} == {
        h["title"] for h in homes if float(h["rent_per_month"]) <= 4500
    }
    nordborg = cms.api("communities/", locale="en", slug="nordborg")["items"][0]
    in_nordborg = soup(get(website, "/en/trial-homes/", params={"community": nordborg["id"]}))
    assert len(in_nordborg.select(".home-card")) == 2
    assert in_nordborg.select_one(f"option[value='{nordborg['id']}'][selected]")

    first = listing.select_one(".home-card h3 a")
    assert first["href"].startswith("/en/communities/")
    detail = soup(get(website, first["href"]))
    assert detail.h1.get_text(strip=True) == first.get_text(strip=True)
    assert detail.select_one("a[href^='mailto:']")


def test_a_cms_path_goes_to_its_page_and_languages_differ(website):
    moved = get(website, "/en/lokalsamfund/nordborg/")
    assert moved.status_code == 301
    assert urlsplit(moved.headers["location"]).path == "/en/communities/nordborg/"
    assert get(website, "/en/no-such-page/").status_code == 404

    english = soup(get(website, "/en/communities/nordborg/"))
    german = soup(get(website, "/de/communities/nordborg/"))
    assert german.html["lang"] == "de"
    assert german.h1.get_text() != english.h1.get_text()
    assert german.select_one(".lead").get_text() != english.select_one(".lead").get_text()
    alternates = {link["hreflang"]: link["href"] for link in german.select("link[hreflang]")}
    assert urlsplit(alternates["en"]).path == "/en/communities/nordborg/"


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/en/about-you/",
        "/en/communities/",
        "/en/communities/nordborg/",
        "/en/trial-homes/",
        "/en/communities/nordborg/nordborg-lejlighed-ved-soen/",
        "/da/",
        "/de/communities/nordborg/",
    ],
)
def test_no_serious_accessibility_violations_at_phone_width(page, axe, path):
    response = page.goto(path)
    assert response.status == 200
    assert_accessible(page, axe)


def test_the_map_fits_every_place_and_draws_nothing_without_tiles():
    places = [
        {"href": "/en/communities/a/", "label": "A", "lat": 55.06, "lon": 9.74},
        {"href": "/en/communities/b/", "label": "B", "lat": 54.84, "lon": 9.98},
        {"href": "/en/communities/c/", "label": "C", "lat": None, "lon": None},
    ]
    layout = map_layout(places, "https://tiles.example/{z}/{x}/{y}.png")
    left, top, width, height = map(float, layout["view_box"].split())
    assert [m["label"] for m in layout["markers"]] == ["A", "B"]
    for marker in layout["markers"]:
        assert left < marker["x"] < left + width and top < marker["y"] < top + height
    assert 0 < len(layout["tiles"]) <= 12
    assert map_layout(places, "") is None


def test_the_trial_home_filters_apply_what_the_api_cannot():
    home = {
        "status": "available",
        "available_from": "2026-09-01",
        "available_to": "2027-08-31",
        "size_m2": 72,
        "rent_per_month": "5400.00",
    }
    assert matches(home, read_filters({"available": "2026-10-01", "size": "70"}))
    assert not matches(home, read_filters({"available": "2026-08-01"}))
    assert not matches(home, read_filters({"rent": "5000"}))
    assert read_filters({"size": "71", "rent": "x", "community": "abc"}) == {
        "community": None,
        "available": None,
        "size": None,
        "rent": None,
    }
