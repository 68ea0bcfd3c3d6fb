"""A newcomer's account on the website, in a real browser against the running CMS: signing in
with the e-mailed link, the profile, the consents, signing out; what a mail scanner, a used
link and another site's form cannot do."""

import re
import secrets

import httpx
from playwright.sync_api import expect

from tests.website.servers import describe, serious_violations


def sign_in_mail(cms, address):
    mails = [m for m in cms.mails() if m["To"] == address]
    assert mails, f"no e-mail to {address}"
    return mails[-1]


def link_in(mail, website):
    found = re.search(r"https?://\S+/sign-in/[^/\s]+/", mail.get_content())
    assert found, mail.get_content()
    assert found.group(0).startswith(website.url), found.group(0)
    return found.group(0)


def ask_for_link(page, address, lang="en"):
    page.goto(f"/{lang}/account/")
    assert page.url.endswith(f"/{lang}/sign-in/")  # not signed in: to the sign-in page
    page.fill("#f-email", address)
    page.get_by_role("button", name={"en": "Send me a link", "de": "Link senden"}[lang]).click()
    assert page.url.endswith(f"/{lang}/sign-in/sent/")


def test_a_newcomer_signs_in_keeps_a_profile_and_consents_and_signs_out(
    page, context, cms, website, axe
):
    address = f"bea-{secrets.token_hex(4)}@example.com"
    ask_for_link(page, address)
    link = link_in(sign_in_mail(cms, address), website)

    # opening the link (as a mail scanner does) does not spend it: only the button does
    assert page.goto(link).headers["cache-control"] == "private, no-store"
    page.goto(link)
    page.get_by_role("button", name="Sign in").click()
    assert page.url.endswith("/en/account/")
    expect(page.get_by_text(f"Signed in as {address}.")).to_be_visible()
    cookie = next(c for c in context.cookies() if c["name"] == "velkomst_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"

    # a field the API refuses is named beside it, in the page's language
    community = cms.api("communities/", locale="en", limit=1)["items"][0]
    page.fill("#f-first_name", "Bea")
    page.select_option("#f-community", str(community["id"]))
    page.get_by_role("button", name="Save").click()
    assert "Give both the community" in page.locator("#f-community-error").inner_text()
    assert page.locator("#f-first_name").input_value() == "Bea"  # what was typed is kept

    page.check("#f-community_status-lives")
    page.check("#f-interests-nature")
    page.select_option("#f-moved_from_country", "PT")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    assert not serious_violations(page, axe), describe(serious_violations(page, axe))

    # the same community, chosen on the English page, is chosen on the German one
    page.goto("/de/account/")
    german = cms.api("communities/", locale="de", slug=community["meta"]["slug"])["items"][0]
    assert page.locator("#f-community").input_value() == str(german["id"])
    assert page.locator("#f-moved_from_country").input_value() == "PT"

    page.goto("/en/account/")
    consent = page.locator("#consent-ambassador_contact")
    expect(consent.get_by_text("Not allowed.")).to_be_visible()
    consent.get_by_role("button", name="Allow").click()
    assert "Allowed since" in page.locator("#consent-ambassador_contact").inner_text()
    page.locator("#consent-ambassador_contact").get_by_role("button", name="Withdraw").click()
    assert "Withdrawn on" in page.locator("#consent-ambassador_contact").inner_text()

    # signing out ends the session at the API too, not only the cookie
    token = cookie["value"]
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    me = httpx.get(f"{cms.url}/api/v2/me/", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 401
    page.goto("/en/account/")
    assert page.url.endswith("/en/sign-in/")


def test_a_used_or_unknown_link_says_so_and_offers_a_new_one(browser, cms, website):
    address = f"carl-{secrets.token_hex(4)}@example.com"
    first = browser.new_context(base_url=website.url)
    page = first.new_page()
    ask_for_link(page, address, lang="de")
    link = link_in(sign_in_mail(cms, address), website)
    assert "/de/sign-in/" in link  # in the language it was asked in
    page.goto(link)
    page.get_by_role("button", name="Anmelden").click()
    assert page.url.endswith("/de/account/")
    first.close()

    second = browser.new_context(base_url=website.url)
    page = second.new_page()
    page.goto(link)
    response = page.expect_response(lambda r: r.request.method == "POST")
    with response as answer:
        page.get_by_role("button", name="Anmelden").click()
    assert answer.value.status == 410
    assert "bereits verwendet" in page.locator("main").inner_text()
    expect(page.locator("#f-email")).to_be_visible()  # a new link is one step away

    page.goto(f"{website.url}/en/sign-in/not-a-real-link/")
    page.get_by_role("button", name="Sign in").click()
    assert "not valid here" in page.locator("main").inner_text()
    second.close()


def test_another_site_cannot_change_a_newcomers_data(context, page, cms, website):
    address = f"dora-{secrets.token_hex(4)}@example.com"
    ask_for_link(page, address)
    page.goto(link_in(sign_in_mail(cms, address), website))
    page.get_by_role("button", name="Sign in").click()
    cookie = next(c for c in context.cookies() if c["name"] == "velkomst_session")
    forged = httpx.post(
        f"{website.url}/en/account/consents/",
        data={"purpose": "ambassador_contact", "given": "true"},
        headers={
            "Origin": "https://attacker.example",
            "Cookie": f"velkomst_session={cookie['value']}",
        },
    )
    assert forged.status_code == 403
    page.goto("/en/account/")
    expect(page.locator("#consent-ambassador_contact").get_by_text("Not allowed.")).to_be_visible()
