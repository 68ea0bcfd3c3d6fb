"""The associations directory in a real browser: search, filters, an association's page with
its schema.org data, and an association submitting its entry, which waits for the
coordinator and is not public."""

import json
import re
import secrets
from io import BytesIO

from PIL import Image
from playwright.sync_api import expect

from tests.website.servers import DEMO_PASSWORD, describe, serious_violations


def found(page):
    """The number in "Associations found: N"."""
    return int(re.search(r"(\d+)\s*$", page.locator("#results").inner_text()).group(1))


def json_ld(page):
    return [
        json.loads(script)
        for script in page.locator('script[type="application/ld+json"]').all_text_contents()
    ]


def confirmation_mail(cms, address):
    """The last e-mail to `address`."""
    mails = [m for m in cms.mails() if m["To"] == address]
    assert mails, f"no e-mail to {address}"
    return mails[-1]


def png():
    image = BytesIO()
    Image.new("RGB", (64, 64), "#0b5e6b").save(image, "PNG")
    return image.getvalue()


def fill_entry(page, name, email):
    """A valid entry, in the Danish form's fields."""
    page.fill("#f-name", name)
    page.fill("#f-description", "Vi spiller brætspil hver torsdag i forsamlingshuset.")
    page.check("#f-categories-hobby")
    page.check("#f-languages-en")
    page.check("#f-fee_free")
    page.fill("#f-email", email)


def test_search_finds_an_association_and_its_page_has_json_ld(page, cms):
    name = cms.api("associations/", search="Roklub", locale="en")["items"][0]["name"]
    page.goto("/en/associations/")
    page.fill("#f-search", "Roklub")
    page.get_by_role("button", name="Show associations").click()
    assert "search=Roklub" in page.url
    page.get_by_role("link", name=name, exact=True).click()

    assert page.locator("h1").inner_text() == name
    organisations = [data for data in json_ld(page) if data.get("@type") == "Organization"]
    assert [data["name"] for data in organisations] == [name]

    # the language switch keeps the page
    page.get_by_role("link", name="Dansk").click()
    assert re.search(r"/da/associations/\d+/$", page.url)
    assert page.locator("h1").inner_text() == name


def test_a_filter_narrows_the_list(page, cms):
    everything = cms.api("associations/", locale="en")["meta"]["total_count"]
    music = cms.api("associations/", locale="en", category="music")["meta"]["total_count"]
    assert 0 < music < everything
    page.goto("/en/associations/")
    assert found(page) == everything
    page.select_option("#f-category", "music")
    page.get_by_role("button", name="Show associations").click()
    assert found(page) == music
    assert page.locator("#f-category").input_value() == "music"


def test_a_missing_field_is_named_beside_it_in_danish_and_the_input_is_kept(page):
    page.goto("/da/associations/new/")
    fill_entry(page, "", "skak@example.org")
    page.get_by_role("button", name="Send beskrivelsen").click()

    assert page.locator("#f-name-error").inner_text().endswith("Dette felt er påkrævet.")
    expect(page.locator(".error-summary a[href='#f-name']")).to_be_visible()
    assert page.locator("#f-description").input_value().startswith("Vi spiller brætspil")
    assert page.locator("#f-email").input_value() == "skak@example.org"
    assert page.locator("#f-categories-hobby").is_checked()
    assert page.locator("#f-fee_free").is_checked()


def test_a_submitted_entry_waits_for_the_coordinator_and_is_not_public(page, cms):
    name = f"Brætspilsklubben {secrets.token_hex(3)}"
    email = f"braetspil-{secrets.token_hex(3)}@example.org"
    page.goto("/en/associations/new/")
    fill_entry(page, name, email)
    page.set_input_files("#f-logo", {"name": "logo.png", "mimeType": "image/png", "buffer": png()})
    page.get_by_role("button", name="Send the entry").click()

    assert page.url.endswith("/en/associations/new/sent/")
    assert "confirm your e-mail address" in page.locator("h1").inner_text()
    mail = confirmation_mail(cms, email)
    link = re.search(r"https?://\S+/associations/confirm/\S+/", mail.get_content()).group(0)
    assert cms.api("associations/", search=name)["meta"]["total_count"] == 0

    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    assert cms.api("associations/", search=name)["meta"]["total_count"] == 0

    page.goto(f"{cms.url}/admin/login/")
    page.fill("input[name=username]", "coordinator")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.goto(f"{cms.url}/admin/directory/submissions/")
    expect(page.get_by_role("link", name=name)).to_be_visible()


def test_no_serious_accessibility_violations(page, axe):
    pages = {}
    page.goto("/en/associations/")
    pages["list"] = serious_violations(page, axe)
    page.locator(".association-item h3 a").first.click()
    pages["detail"] = serious_violations(page, axe)
    page.goto("/da/associations/new/")
    page.get_by_role("button", name="Send beskrivelsen").click()
    expect(page.locator(".error-summary")).to_be_visible()
    pages["form with errors"] = serious_violations(page, axe)
    page.goto("/de/associations/new/sent/")
    pages["confirmation"] = serious_violations(page, axe)
    page.goto("/en/doctors/")
    pages["doctors"] = serious_violations(page, axe)
    assert not any(pages.values()), describe(pages)
