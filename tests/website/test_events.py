"""The calendar in a real browser: find an event, register, get the e-mail with the cancel
link; errors beside the field in the visitor's language; a full date's waiting list; the
subscription and "add to my calendar"; the event's JSON-LD; a registration kept when the API
is down; no serious accessibility violations."""

import json
import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import httpx
from babel.dates import format_date
from playwright.sync_api import expect
from starlette.testclient import TestClient

from tests.website.servers import describe, serious_violations
from website.app import create_app
from website.settings import Settings


def assert_accessible(page, axe):
    violations = serious_violations(page, axe)
    assert not violations, describe(violations)


def from_address(context, address):
    """The visitor's address as the website forwards it to the API, which limits
    registrations per address: each test registers from its own."""
    context.set_extra_http_headers({"X-Forwarded-For": address})


def sent_to(cms, address):
    """The e-mails the CMS sent to `address`."""
    return [m for m in cms.mails() if address in m["To"]]


def registration_event(cms, title, locale="en"):
    """A demo event that takes registrations, in `locale`, found through the API."""
    items = cms.api("events/", locale=locale, search=title, limit=20)["items"]
    return next(i for i in items if i["title"] == title and i["join"]["mode"] == "registration")


def test_find_an_event_register_and_get_the_cancel_link(page, context, cms, axe):
    from_address(context, "198.51.100.11")
    page.goto("/en/events/")
    assert page.get_by_role("heading", level=1).inner_text() == "Calendar"
    assert_accessible(page, axe)

    page.get_by_role("link", name="International welcome day").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "International welcome day"
    expect(page.get_by_text("60 places left").first).to_be_visible()
    assert_accessible(page, axe)
    event_path = urlsplit(page.url).path

    page.get_by_label("Your name").fill("Amira Haddad")
    page.get_by_label("E-mail address").fill("amira@example.org")
    page.get_by_label("Number of people").fill("2")
    page.get_by_label("Number of people").press("Enter")

    assert page.get_by_role("heading", level=1).inner_text() == "You are registered"
    expect(page.get_by_text("You have a place.")).to_be_visible()
    expect(page.get_by_text("confirms your registration")).to_be_visible()
    assert page.get_by_role("link", name="Go to the event").get_attribute("href") == event_path
    assert_accessible(page, axe)

    mails = sent_to(cms, "amira@example.org")
    assert mails, "no e-mail to the registrant"
    text = mails[-1].get_body(preferencelist=("plain",)).get_content()
    assert re.search(r"/events/registrations/[^/\s]+/cancel/", text)


def test_the_language_switch_keeps_the_event(page, cms):
    event = registration_event(cms, "International welcome day")
    page.goto(f"/en/events/{event['id']}/")
    page.get_by_role("link", name="Deutsch").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Internationaler Willkommenstag"
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()


def test_a_bad_email_is_shown_beside_the_field_in_german(page, context, axe):
    from_address(context, "198.51.100.12")
    page.goto("/de/events/")
    page.get_by_role("link", name="Internationaler Willkommenstag").first.click()
    page.get_by_label("Ihr Name").fill("Jonas Petersen")
    page.get_by_label("E-Mail-Adresse").fill("keine-adresse")
    page.get_by_role("button", name="Anmelden").click()

    error = page.locator("#f-email-error")
    assert "gültige E-Mail" in error.inner_text()
    expect(page.get_by_role("alert").filter(has_text="E-Mail-Adresse")).to_be_visible()
    assert page.get_by_label("Ihr Name").input_value() == "Jonas Petersen"
    assert page.get_by_label("E-Mail-Adresse").input_value() == "keine-adresse"
    assert_accessible(page, axe)


def test_a_full_date_puts_the_visitor_on_the_waiting_list(page, context, cms):
    address = "198.51.100.13"
    from_address(context, address)
    event = registration_event(cms, "Welcome day (in Danish)")
    last = cms.api(f"events/{event['id']}/", locale="en")["occurrences"][-1]
    left = last["seats_left"]
    while left > 0:  # fill the date through the API
        seats = min(left, 10)
        answer = httpx.post(
            f"{cms.url}/api/v2/events/{event['id']}/registrations/",
            json={
                "occurrence": last["start"],
                "name": "Filler",
                "email": "filler@example.org",
                "seats": seats,
                "language": "en",
                "consent": False,
            },
            headers={"X-Forwarded-For": address},
            timeout=10,
        )
        assert answer.status_code == 201, answer.text
        left -= seats

    page.goto(f"/en/events/{event['id']}/")
    day = format_date(datetime.fromisoformat(last["start"]), "full", locale="en_GB")
    date_choice = page.get_by_label(day)
    assert "Full – waiting list" in date_choice.locator("xpath=..").inner_text()
    date_choice.check()
    page.get_by_label("Your name").fill("Lena Schmidt")
    page.get_by_label("E-mail address").fill("lena@example.org")
    page.get_by_role("button", name="Register").click()

    assert page.get_by_role("heading", level=1).inner_text() == "You are on the waiting list"
    expect(page.get_by_text("You are number 1 on the waiting list")).to_be_visible()
    turn = page.get_by_text("When it is your turn, you get the places automatically")
    expect(turn).to_be_visible()


def test_subscribe_links_carry_the_filters(page, website):
    page.goto("/en/events/")
    page.get_by_label("Category").select_option(label="Welcome")
    page.get_by_role("button", name="Show events").click()
    assert "category=welcome" in page.url

    webcal = page.get_by_role("link", name="Subscribe in my calendar").get_attribute("href")
    assert webcal.startswith("webcal://")
    assert "/api/v2/events/feed.ics?" in webcal
    assert "category=welcome" in webcal and "locale=en" in webcal
    download = page.get_by_role("link", name="Download the calendar (.ics)").get_attribute("href")
    assert download.startswith("http") and download.split("://", 1)[1] == webcal.split("://", 1)[1]
    answer = httpx.get(download, timeout=10)
    assert answer.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in answer.text


def test_the_event_page_has_json_ld_and_an_ics(page, cms, axe):
    event = registration_event(cms, "International welcome day")
    page.goto(f"/en/events/{event['id']}/")
    found = [
        json.loads(text)
        for text in page.locator('script[type="application/ld+json"]').all_text_contents()
    ]
    events = [data for data in found if data.get("@type") == "Event"]
    assert events and events[0]["name"] == "International welcome day"
    assert events[0]["eventStatus"] == "https://schema.org/EventScheduled"
    assert events[0]["url"].endswith(f"/en/events/{event['id']}/")
    assert "remainingAttendeeCapacity" in events[0]

    ics = page.get_by_role("link", name="Add to my calendar").get_attribute("href")
    answer = httpx.get(ics, timeout=10)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")


class PostsFail(httpx.AsyncBaseTransport):
    """The API answers reading, but a registration does not get through."""

    def __init__(self):
        self.real = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request):
        if request.method == "POST":
            raise httpx.ConnectError("the API is down", request=request)
        return await self.real.handle_async_request(request)


def test_the_form_keeps_what_was_typed_when_the_api_is_down(cms):
    event = registration_event(cms, "International welcome day")
    app = create_app(Settings(api_url=cms.url), transport=PostsFail())
    with TestClient(app, base_url="http://127.0.0.1") as client:
        answer = client.post(
            f"/en/events/{event['id']}/",
            data={
                "occurrence": event["start"],
                "name": "Amira Haddad",
                "email": "amira@example.org",
                "seats": "3",
            },
        )
    assert answer.status_code == 503
    assert "you are not registered yet" in answer.text
    assert 'value="Amira Haddad"' in answer.text
    assert 'value="amira@example.org"' in answer.text
    assert 'value="3"' in answer.text


def test_a_date_beyond_the_listed_months_is_named_beside_the_field(cms):
    """The calendar keeps its dates about 18 months ahead: a later `to` is explained at the
    field, in the visitor's language, instead of an error page."""
    far = (datetime.now().date() + timedelta(days=700)).isoformat()
    app = create_app(Settings(api_url=cms.url))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        answer = client.get("/da/events/", params={"to": far})
    assert answer.status_code == 200
    assert "Vælg en dato inden for de næste 17 måneder." in answer.text
    assert 'aria-describedby="f-to-error"' in answer.text
