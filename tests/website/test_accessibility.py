"""WCAG 2.1 AA, as Danish law asks of a public website: axe-core finds no serious or critical
violation on any page template, in Danish, English and German, at phone and desktop width;
and the keyboard alone gets a visitor to the content, with the focus always visible."""

from urllib.parse import urlsplit

import pytest

from tests.website.conftest import DESKTOP, PHONE
from tests.website.servers import describe, serious_violations
from website.app import app
from website.audience import COOKIE

LANGUAGES = ("da", "en", "de")
#: the visitor of these tests has said who they are, so that pages show what they personalise
AUDIENCE = "non_eu|children"
AUDIENCE_PARAMS = {"origin": "non_eu", "children": "true", "partner": "false", "student": "false"}
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}


def path(name, lang, **params):
    return str(app.url_path_for(name, lang=lang, **params))


def first(cms, endpoint, lang, **params):
    return cms.api(endpoint, locale=lang, limit=1, **params)["items"][0]


def event_with_registration(cms, lang):
    """An event page whose registration form is open: the richest page of the calendar."""
    for event in cms.api("events/", locale=lang, limit=100)["items"]:
        if event["meta"]["type"] == "events.EventPage" and event["join"]["mode"] == "registration":
            return event
    return first(cms, "pages/", lang, type="events.EventPage")


def imported_event(cms, lang):
    for event in cms.api("events/", locale=lang, limit=100)["items"]:
        if event["meta"]["type"] == "events.ImportedEvent":
            return event
    pytest.skip("the demo has no imported event in the coming dates")


def trial_home(cms, lang):
    home = first(cms, "pages/", lang, type="communities.TrialHomePage")
    community = urlsplit(home["meta"]["html_url"]).path.rstrip("/").split("/")[-2]
    return path("trial_home", lang, community=community, slug=home["meta"]["slug"])


#: every page template: its name -> (cms, lang) -> a path that shows it
TEMPLATES = {
    "home": lambda cms, lang: path("home", lang),
    "about-you": lambda cms, lang: path("about_you", lang),
    "communities": lambda cms, lang: path("communities", lang),
    "community": lambda cms, lang: path(
        "community", lang, slug=first(cms, "communities/", lang)["meta"]["slug"]
    ),
    "trial-homes": lambda cms, lang: path("trial_homes", lang),
    "trial-home": trial_home,
    "events": lambda cms, lang: path("events", lang),
    "event": lambda cms, lang: path("event", lang, id=event_with_registration(cms, lang)["id"]),
    "imported-event": lambda cms, lang: path(
        "imported_event", lang, id=imported_event(cms, lang)["id"]
    ),
    "associations": lambda cms, lang: path("associations", lang),
    "association": lambda cms, lang: path(
        "association", lang, id=first(cms, "associations/", lang)["id"]
    ),
    "association-form": lambda cms, lang: path("association_new", lang),
    "doctors": lambda cms, lang: path("doctors", lang),
    "checklist": lambda cms, lang: path("checklist", lang),
    "culture-guide": lambda cms, lang: path("culture_guide", lang),
    "contacts": lambda cms, lang: path("contacts", lang),
    "links": lambda cms, lang: path("links", lang),
    "facts": lambda cms, lang: path("facts", lang),
    "coupons": lambda cms, lang: path("coupons", lang),
    "stories": lambda cms, lang: path("stories", lang),
    "story": lambda cms, lang: path(
        "story",
        lang,
        slug=first(cms, "pages/", lang, type="guide.StoryPage", **AUDIENCE_PARAMS)["meta"]["slug"],
    ),
    "search": lambda cms, lang: path("search", lang) + "?q=Nordborg",
    "enquiry": lambda cms, lang: path("enquiry", lang),
    "enquiry-sent": lambda cms, lang: path("enquiry_sent", lang),
    "sign-in": lambda cms, lang: path("sign_in", lang),
    "sign-in-sent": lambda cms, lang: path("sign_in_sent", lang),
    "sign-in-link": lambda cms, lang: path("sign_in_link", lang, token="a-link-never-sent"),
    "accessibility": lambda cms, lang: path("accessibility", lang),
    "offline": lambda cms, lang: path("offline", lang),
    "not-found": lambda cms, lang: f"/{lang}/no-such-page/",
}


@pytest.fixture(scope="module", params=list(WIDTHS))
def visitor(request, browser, website):
    """One browser tab per width."""
    context = browser.new_context(viewport=WIDTHS[request.param], base_url=website.url)
    context.add_cookies([{"name": COOKIE, "value": AUDIENCE, "url": website.url}])
    yield context.new_page()
    context.close()


def open_template(page, cms, template, lang):
    url = TEMPLATES[template](cms, lang)
    response = page.goto(url)
    expected = 404 if template == "not-found" else 200
    assert response.status == expected, f"{url} answered {response.status}"
    assert page.locator("html").get_attribute("lang") == lang
    return url


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("template", TEMPLATES)
def test_no_serious_violations(visitor, cms, axe, template, lang):
    url = open_template(visitor, cms, template, lang)
    violations = serious_violations(visitor, axe)
    assert not violations, f"{url}:\n{describe(violations)}"


FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    id: element.id, className: element.className, tag: element.tagName,
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
    onScreen: box.bottom > 0 && box.right > 0 && box.width > 0,
  };
}"""


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_keyboard_reaches_the_content_with_a_visible_focus(visitor, cms, template):
    url = open_template(visitor, cms, template, "en")
    visitor.keyboard.press("Tab")
    skip = visitor.evaluate(FOCUSED)
    assert "skip-link" in skip["className"], f"{url}: the first Tab reached {skip}"
    assert skip["onScreen"] and (skip["outline"] or skip["shadow"]), f"{url}: {skip}"
    visitor.keyboard.press("Enter")
    assert visitor.evaluate(FOCUSED)["id"] == "main", url
    # the next stops are inside the content, each with a focus that can be seen
    for _ in range(3):
        visitor.keyboard.press("Tab")
        focused = visitor.evaluate(FOCUSED)
        if focused["tag"] == "BODY":
            break
        assert focused["outline"] or focused["shadow"], f"{url}: no visible focus on {focused}"
