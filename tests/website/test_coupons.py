"""A newcomer finds the shops' coupons on the website, signs in, claims one and finds its
code and QR code to show in the shop (against the running CMS with its demo shops)."""

import secrets

from playwright.sync_api import expect

from tests.website.servers import describe, serious_violations
from tests.website.test_account import ask_for_link, link_in, sign_in_mail


def test_a_newcomer_claims_a_coupon_and_sees_its_code(page, cms, website, axe):
    page.goto("/en/coupons/")
    expect(page.get_by_role("heading", name="A free cup of coffee")).to_be_visible()
    assert not serious_violations(page, axe), describe(serious_violations(page, axe))
    coffee = page.locator("article", has=page.get_by_role("heading", name="A free cup of coffee"))
    expect(coffee.get_by_text("Sign in to claim it")).to_be_visible()

    address = f"cai-{secrets.token_hex(4)}@example.com"
    ask_for_link(page, address)
    page.goto(link_in(sign_in_mail(cms, address), website))
    page.get_by_role("button", name="Sign in").click()

    page.goto("/en/coupons/")
    coffee.get_by_role("button").click()
    assert "done=claimed" in page.url
    expect(page.get_by_text("The coupon is yours.")).to_be_visible()
    claim = page.locator("[id^=claim-]").first
    code = claim.locator("strong[translate=no]").inner_text()
    assert len(code.replace("-", "")) >= 10
    assert claim.locator("svg").count() == 1
    expect(page.get_by_text("You have claimed this coupon.")).to_be_visible()
    page.screenshot(path="/tmp/h2-website-coupons.png", full_page=True)
    assert not serious_violations(page, axe), describe(serious_violations(page, axe))
