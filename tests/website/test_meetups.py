"""Meet-ups on the website, in real browsers against the running CMS: newcomers posting,
joining, leaving, reporting and cancelling, each in their own browser; what anonymous
visitors and search engines do not get."""

import re
import secrets
from datetime import date, timedelta

import httpx
from playwright.sync_api import expect

from tests.website.conftest import PHONE
from tests.website.servers import assert_accessible
from tests.website.test_account import ask_for_link, link_in, sign_in_mail


def newcomer(browser, cms, website, first_name):
    """A signed-in newcomer with a first name, in a browser of their own (their own address
    too, for the API's rate limit on sign-in links)."""
    address = f"{first_name.lower()}-{secrets.token_hex(4)}@example.com"
    forwarded = f"192.0.2.{secrets.randbelow(250) + 1}, 198.51.100.{secrets.randbelow(250) + 1}"
    context = browser.new_context(
        viewport=PHONE, base_url=website.url, extra_http_headers={"X-Forwarded-For": forwarded}
    )
    page = context.new_page()
    ask_for_link(page, address)
    page.goto(link_in(sign_in_mail(cms, address), website))
    page.get_by_role("button", name="Sign in").click()
    page.fill("#f-first_name", first_name)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    return context, page, address


def test_two_newcomers_meet_up_join_share_a_contact_leave_and_cancel(browser, cms, website, axe):
    a_context, a, _ = newcomer(browser, cms, website, "Ada")
    b_context, b, b_address = newcomer(browser, cms, website, "Bo")

    # the way in is on the account page; the page is personal
    a.get_by_role("link", name=re.compile("Meet-ups")).click()
    assert a.url.endswith("/en/meetups/")
    answer = a.goto("/en/meetups/")
    assert answer.headers["cache-control"] == "private, no-store"
    assert a.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    expect(a.get_by_role("heading", name="Concert at Alsion: who comes along?")).to_be_visible()
    expect(a.get_by_text("Posted by Ana").first).to_be_visible()  # the demo's poster

    # posting needs the consent: the page says so and offers it instead of the form
    post = a.locator("#post")
    assert a.locator("#f-title").count() == 0
    assert "first allow us to show your meet-up posts" in post.inner_text()
    assert_accessible(a, axe)
    post.get_by_role("button", name="Allow").click()
    assert a.url.endswith("/en/meetups/#post")

    # a date in the past is named beside the field, with the summary; what was typed is kept
    a.fill("#f-title", "Jazz at Sønderborghus")
    a.fill("#f-description", "Anyone for the jazz night? A drink before.")
    a.fill("#f-starts_at", (date.today() - timedelta(days=1)).isoformat())
    a.fill("#f-time", "19:30")
    a.fill("#f-place", "Sønderborghus, the café")
    a.fill("#f-max_people", "3")
    event = a.locator("#f-event option").nth(1)
    event_title = event.inner_text().rsplit(" (", 1)[0]
    a.select_option("#f-event", event.get_attribute("value"))
    a.get_by_role("button", name="Post the meet-up").click()
    assert "must start in the future" in a.locator("#f-starts_at-error").inner_text()
    assert "When" in a.locator(".error-summary").inner_text()
    assert a.locator("#f-starts_at").get_attribute("aria-invalid") == "true"
    assert a.locator("#f-title").input_value() == "Jazz at Sønderborghus"
    assert_accessible(a, axe)

    a.fill("#f-starts_at", (date.today() + timedelta(days=6)).isoformat())
    a.get_by_role("button", name="Post the meet-up").click()
    assert re.search(r"/en/meetups/\d+/\?done=posted$", a.url)
    detail = a.url.split("?")[0]
    expect(a.get_by_text("Your meet-up is posted.")).to_be_visible()
    expect(a.get_by_text("No one has joined yet.")).to_be_visible()
    expect(a.get_by_role("link", name=event_title)).to_be_visible()
    assert_accessible(a, axe)

    # B finds it in the listing, soonest first, and joins sharing a contact
    b.goto("/en/meetups/")
    card = b.locator("article", has_text="Jazz at Sønderborghus")
    assert "Posted by Ada" in card.inner_text() and "2 places left" in card.inner_text()
    assert "In English" in card.inner_text()
    assert_accessible(b, axe)
    card.get_by_role("link", name="Jazz at Sønderborghus", exact=True).click()
    assert b.locator("#f-shared_contact-help").inner_text().find("Only the poster sees it") >= 0
    b.fill("#f-shared_contact", "+45 20 30 40 50")
    b.get_by_role("button", name="Join the meet-up").click()
    expect(b.get_by_text("You have joined. The poster can see")).to_be_visible()
    assert "1 place left" in b.locator("main").inner_text()
    assert "+45 20 30 40 50" not in b.locator("main").inner_text()  # participants: poster only
    assert_accessible(b, axe)
    b.goto("/en/meetups/?mine=true")
    expect(b.locator("article", has_text="Jazz at Sønderborghus")).to_be_visible()

    # A sees who joined and the contact shared with them alone
    a.goto(detail)
    assert "Bo: +45 20 30 40 50" in a.locator(".participants").inner_text()

    # B changes the contact, then leaves: the place is free again
    b.goto(detail)
    b.fill("#f-shared_contact", "bo@example.com")
    b.get_by_role("button", name="Change the contact").click()
    expect(b.get_by_text("Your contact is changed.")).to_be_visible()
    a.goto(detail)
    assert "Bo: bo@example.com" in a.locator(".participants").inner_text()
    b.get_by_role("button", name="Leave the meet-up").click()
    expect(b.get_by_text("You have left the meet-up.")).to_be_visible()
    a.goto(detail)
    expect(a.get_by_text("No one has joined yet.")).to_be_visible()

    # a report needs a reason, then is confirmed
    b.get_by_role("button", name="Send the report").click()
    expect(b.locator("#f-reason-error")).to_be_visible()
    b.fill("#f-reason", "It is an advertisement.")
    b.get_by_role("button", name="Send the report").click()
    expect(b.get_by_text("Thank you. The municipality's newcomer service")).to_be_visible()

    # A cancels it, after a confirmation; B, who joined again, gets an e-mail
    b.get_by_role("button", name="Join the meet-up").click()
    a.goto(detail)
    a.get_by_role("link", name="Cancel the meet-up").click()
    expect(a.get_by_text("those who joined get an e-mail")).to_be_visible()
    assert_accessible(a, axe)
    a.get_by_role("button", name="Yes, cancel the meet-up").click()
    expect(a.get_by_text("Your meet-up is cancelled.")).to_be_visible()
    assert a.locator("article", has_text="Jazz at Sønderborghus").count() == 0
    assert any("Jazz at Sønderborghus" in m.get_content() for m in mails_to(cms, b_address))
    assert b.goto(detail).status == 404
    a_context.close()
    b_context.close()


def mails_to(cms, address):
    return [m for m in cms.mails() if m["To"] == address]


def test_a_full_meetup_says_so_and_the_pages_are_for_newcomers_only(
    browser, context, page, cms, website
):
    a_context, a, _ = newcomer(browser, cms, website, "Cleo")
    b_context, b, _ = newcomer(browser, cms, website, "Dan")
    c_context, c, _ = newcomer(browser, cms, website, "Eli")
    a.goto("/en/meetups/")
    a.get_by_role("button", name="Allow").click()
    a.fill("#f-title", "Coffee for two")
    a.fill("#f-starts_at", (date.today() + timedelta(days=2)).isoformat())
    a.fill("#f-time", "10:00")
    a.fill("#f-place", "The library")
    a.fill("#f-max_people", "2")
    a.get_by_role("button", name="Post the meet-up").click()
    detail = a.url.split("?")[0]

    # both open it while a place is left; the second to click is told it is full
    b.goto(detail)
    c.goto(detail)
    b.get_by_role("button", name="Join the meet-up").click()
    answer = c.expect_response(lambda r: r.request.method == "POST")
    with answer as joined:
        c.get_by_role("button", name="Join the meet-up").click()
    assert joined.value.status == 409
    expect(c.get_by_role("alert").get_by_text("This meet-up is full.")).to_be_visible()
    c.goto("/en/meetups/")
    assert "Full" in c.locator("article", has_text="Coffee for two").inner_text()

    # another site cannot act for a newcomer
    cookie = next(k for k in b_context.cookies() if k["name"] == "velkomst_session")
    forged = httpx.post(
        f"{detail}leave/",
        data={},
        headers={
            "Origin": "https://attacker.example",
            "Cookie": f"velkomst_session={cookie['value']}",
        },
    )
    assert forged.status_code == 403

    # an anonymous visitor is sent to sign in; search engines are not told of the pages
    page.goto("/en/meetups/")
    assert page.url.endswith("/en/sign-in/")
    page.goto(detail)
    assert page.url.endswith("/en/sign-in/")
    assert "meetups" not in httpx.get(f"{website.url}/sitemap.xml").text
    for browser_context in (a_context, b_context, c_context):
        browser_context.close()
