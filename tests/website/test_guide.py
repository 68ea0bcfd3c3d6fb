"""The guide in a real browser: the checklist follows where the newcomer moves from, in an
order that respects every step it waits for, with ticks kept in the browser and the PDF;
search finds communities, events and associations; an editor's preview shows the draft
while the live page stays as it is; no serious accessibility violations."""

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.sync_api import expect

from tests.website.conftest import DESKTOP
from tests.website.servers import DEMO_PASSWORD, describe, serious_violations


def assert_accessible(page, axe):
    violations = serious_violations(page, axe)
    assert not violations, describe(violations)


def choose_origin(page, origin):
    page.goto("/en/about-you/")
    page.check(f"input[name=origin][value={origin}]")
    page.get_by_role("button", name="Save my answer").click()


def shown_steps(page):
    """(title, [titles it comes after]) of each step, in the order shown."""
    return [
        (step.locator("h2").inner_text(), step.locator(".step-after").all_inner_texts())
        for step in page.locator("li.step").all()
    ]


@pytest.fixture(scope="module")
def plan(cms):
    """The demo's steps for a non-EU and for an EU mover, by who they are for."""
    steps = cms.api("checklist/", locale="en", limit=100)["items"]
    return {
        "permit": next(s["title"] for s in steps if s["audiences"] == ["non_eu"]),
        "certificate": next(s["title"] for s in steps if s["audiences"] == ["eu"]),
    }


def test_the_checklist_follows_where_the_newcomer_moves_from(page, plan, axe):
    choose_origin(page, "non_eu")
    page.goto("/en/checklist/")
    steps = shown_steps(page)
    titles = [title for title, _after in steps]
    assert plan["permit"] in titles
    assert plan["certificate"] not in titles
    for position, (title, after) in enumerate(steps):
        for earlier in after:
            assert titles.index(earlier) < position, f"{title} comes before {earlier}"
    assert any(after for _title, after in steps), "no step says what it comes after"
    assert_accessible(page, axe)

    choose_origin(page, "denmark")
    page.goto("/en/checklist/")
    titles = [title for title, _after in shown_steps(page)]
    assert plan["permit"] not in titles
    assert plan["certificate"] not in titles


def test_ticks_are_kept_in_the_browser(page):
    choose_origin(page, "non_eu")
    page.goto("/en/checklist/")
    total = page.locator("li.step").count()
    boxes = page.get_by_role("checkbox")
    boxes.nth(0).check()
    boxes.nth(2).check()
    progress = page.locator(".checklist-progress")
    assert progress.get_attribute("aria-live") == "polite"
    assert progress.inner_text() == f"2 of {total} steps done"

    page.reload()
    assert page.get_by_role("checkbox").nth(0).is_checked()
    assert not page.get_by_role("checkbox").nth(1).is_checked()
    assert page.get_by_role("checkbox").nth(2).is_checked()
    assert page.locator(".checklist-progress").inner_text() == f"2 of {total} steps done"


def test_without_javascript_the_checklist_offers_no_ticks(browser, website):
    context = browser.new_context(base_url=website.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/checklist/")
    assert page.locator("li.step").count() > 5
    assert page.get_by_role("checkbox").count() == 0
    context.close()


def test_the_pdf_link_gives_the_visitors_checklist_as_a_pdf(page):
    choose_origin(page, "non_eu")
    page.goto("/en/checklist/")
    href = page.get_by_role("link", name="Download the checklist (PDF)").get_attribute("href")
    assert parse_qs(urlsplit(href).query)["origin"] == ["non_eu"]
    response = httpx.get(href, timeout=30)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    "path",
    ["/en/culture-guide/", "/en/contacts/", "/en/links/", "/en/stories/", "/de/stories/"],
)
def test_the_guide_pages_show_the_apis_content(page, cms, axe, path):
    lang = path.split("/")[1]
    endpoint = {
        "culture-guide": ("culture-guide/", "question"),
        "contacts": ("contacts/", "name"),
        "links": ("links/", "label"),
        "stories": ("pages/", "title"),
    }[path.split("/")[2]]
    params = {"type": "guide.StoryPage"} if endpoint[0] == "pages/" else {}
    first = cms.api(endpoint[0], locale=lang, limit=1, **params)["items"][0]
    page.goto(path)
    expect(page.get_by_text(first[endpoint[1]], exact=True).first).to_be_visible()
    assert_accessible(page, axe)


def test_a_story_opens_from_the_list(page, cms, axe):
    page.goto("/en/stories/")
    story = cms.api("pages/", type="guide.StoryPage", locale="en", fields="quote", limit=1)
    story = story["items"][0]
    page.get_by_role("link", name=story["title"]).click()
    assert page.get_by_role("heading", level=1).inner_text() == story["title"]
    expect(page.get_by_text(story["quote"])).to_be_visible()
    assert_accessible(page, axe)
    assert page.goto("/en/stories/no-such-story/").status == 404


def test_a_story_for_others_still_opens_by_its_address(page, cms):
    """Someone sent a link opens the story, though their audience would not list it."""
    stories = {"type": "guide.StoryPage", "locale": "en", "fields": "title", "limit": 100}
    every = cms.api("pages/", **stories)
    theirs = cms.api("pages/", **stories, origin="denmark", children=0, partner=0, student=0)
    not_for_danes = [s for s in every["items"] if s not in theirs["items"]]
    assert not_for_danes, "the demo has a story that is not for Danish movers"
    story = not_for_danes[0]
    choose_origin(page, "denmark")
    assert page.goto(f"/en/stories/{story['meta']['slug']}/").status == 200
    assert page.get_by_role("heading", level=1).inner_text() == story["title"]


def test_search_finds_a_community_an_event_and_an_association(page, axe):
    page.goto("/en/search/")
    page.get_by_label("What are you looking for?").fill("Nordborg")
    page.get_by_label("What are you looking for?").press("Enter")
    pages = page.locator("#results-pages")
    events = page.locator("#results-events")
    associations = page.locator("#results-associations")
    assert pages.get_by_role("link", name="Nordborg", exact=True).get_attribute("href") == (
        "/en/communities/nordborg/"
    )
    assert events.get_by_role("link").first.get_attribute("href").startswith("/en/events/")
    expect(associations.get_by_role("link", name="Nordborg Roklub")).to_be_visible()
    expect(page.get_by_role("link", name="Associations (9)")).to_be_visible()
    assert_accessible(page, axe)

    assert associations.get_by_role("link", name="Nordborg Roklub").get_attribute("href") == (
        "/en/associations/1/"
    )

    page.goto("/en/search/?q=x")
    expect(page.get_by_text("Please type at least two letters.")).to_be_visible()
    page.goto("/en/search/?q=qwxzyvnonsense")
    expect(page.get_by_text("Nothing was found.")).to_be_visible()


def test_an_editor_previews_a_draft_and_the_live_page_stays(browser, cms, website):
    story = cms.api("pages/", type="guide.StoryPage", locale="da", fields="quote", limit=1)
    story = story["items"][0]
    draft = "Kladde: en helt ny sætning om livet her."
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{cms.url}/admin/login/")
    page.fill("input[name=username]", "coordinator")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{cms.url}/admin/")

    page.goto(f"{cms.url}/admin/pages/{story['id']}/edit/")
    page.fill("#id_quote", draft)
    # what the admin's Preview does: post the edited form, then open the preview
    preview = f"{cms.url}/admin/pages/{story['id']}/edit/preview/"
    posted = page.evaluate(
        """async (url) => {
            const form = document.getElementById("page-edit-form");
            const response = await fetch(url, {method: "POST", body: new FormData(form)});
            return await response.json();
        }""",
        preview,
    )
    assert posted["is_valid"]
    page.goto(preview)
    # the admin shows the website in a frame: the draft, marked as a preview
    frame = page.frame_locator("iframe")
    assert frame.locator("blockquote").inner_text() == draft
    expect(frame.locator(".notice-preview")).to_be_visible()

    link = page.locator("iframe").get_attribute("src")
    assert link.startswith(f"{website.url}/preview")
    response = httpx.get(link, timeout=10)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-robots-tag"] == "noindex"
    assert draft in response.text
    assert 'lang="da"' in response.text

    live = httpx.get(f"{website.url}/da/stories/{story['meta']['slug']}/", timeout=10)
    assert live.status_code == 200
    assert draft not in live.text
    assert story["quote"] in live.text
    context.close()


def test_a_bad_preview_link_says_to_press_preview_again(page):
    response = page.goto("/preview?content_type=guide.storypage&token=id%3D1%3Aforged")
    assert response.status == 410
    assert response.headers["cache-control"] == "no-store"
    assert page.get_by_role("heading", level=1).inner_text() == "This preview link has expired"
    expect(page.get_by_text("press Preview again")).to_be_visible()
