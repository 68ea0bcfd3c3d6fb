"""What a signed-in newcomer finds in their account beyond the profile, in a real browser
against the running CMS: the questions they asked and the answers, their data as a file,
a business mentor for their partner, deleting the account; and a volunteer registering as
a mentor."""

import json
import secrets

import httpx
from playwright.sync_api import expect

from tests.website.servers import assert_accessible
from tests.website.test_account import ask_for_link, link_in, sign_in_mail


def sign_in(page, cms, website, address):
    ask_for_link(page, address)
    page.goto(link_in(sign_in_mail(cms, address), website))
    page.get_by_role("button", name="Sign in").click()
    assert page.url.endswith("/en/account/")


def session_cookie(context):
    return next((c for c in context.cookies() if c["name"] == "velkomst_session"), None)


def test_a_newcomer_sees_their_questions_takes_their_data_asks_for_a_mentor_and_leaves(
    page, context, cms, website, axe, tmp_path
):
    address = f"eva-{secrets.token_hex(4)}@example.com"
    question = f"Can we keep chickens in the garden? ({secrets.token_hex(3)})"
    sign_in(page, cms, website, address)

    # a question asked while signed in is listed in the account, with where it is
    page.goto("/en/ask/")
    page.select_option("#f-topic", "housing")
    page.fill("#f-message", question)
    assert page.locator("#f-email").input_value() == address  # theirs, filled in
    page.get_by_role("button", name="Send my question").click()
    assert page.url.endswith("/en/ask/sent/")
    page.goto("/en/account/")
    asked = page.locator(".account-item", has_text="Housing")
    assert "Received" in asked.inner_text() or "Being answered" in asked.inner_text()
    asked.get_by_text("Your question").click()
    expect(asked.get_by_text(question)).to_be_visible()
    assert_accessible(page, axe)

    # everything held about them, as a file of this site's
    with page.expect_download() as download:
        page.get_by_role("link", name="Download everything we hold about you").click()
    assert download.value.suggested_filename.startswith("velkomst-")
    path = tmp_path / "export.json"
    download.value.save_as(path)
    sections = json.loads(path.read_text())["sections"]
    assert sections["account"]["rows"][0]["email"] == address
    assert [row["message"] for row in sections["enquiries"]["rows"]] == [question]
    answer = context.request.get("/en/account/export/")
    assert answer.headers["cache-control"] == "private, no-store"
    assert answer.headers["content-disposition"].startswith('attachment; filename="velkomst-')

    # a mentor: only once they allow it; a field left out is named; the request is listed
    page.get_by_role("link", name="Ask for a business mentor").click()
    assert page.url.endswith("/en/account/mentor/")
    expect(page.get_by_text("first allow us to pass your request on")).to_be_visible()
    assert page.locator("#f-need").count() == 0
    response = page.goto("/en/account/mentor/")
    assert response.headers["cache-control"] == "private, no-store"
    assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    assert_accessible(page, axe)
    page.locator("#consent-mentor_matching").get_by_role("button", name="Allow").click()
    assert page.url.endswith("/en/account/mentor/?saved=consent")
    expect(page.get_by_text("You allowed it on")).to_be_visible()
    other_tab = context.new_page()  # the form, opened before the request is sent
    other_tab.goto("/en/account/mentor/")

    page.select_option("#f-industry", "engineering")
    page.check("#f-languages-en")
    page.get_by_role("button", name="Send my request").click()
    summary = page.locator(".error-summary").inner_text()
    assert "What they would like help with" in summary
    assert page.locator("#f-need").get_attribute("aria-invalid") == "true"
    assert page.locator("#f-industry").input_value() == "engineering"  # what was typed is kept
    assert_accessible(page, axe)
    page.fill("#f-need", "A look at the job market for mechanical engineers.")
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_text("Your request is sent.")).to_be_visible()
    request = page.locator(".account-item", has_text="Engineering and manufacturing")
    assert "Waiting for a mentor" in request.inner_text()
    assert "English" in request.inner_text()
    assert page.locator("#f-need").count() == 0  # one open request at a time
    assert_accessible(page, axe)

    # the other tab's form, sent now, is told why it cannot be
    other_tab.select_option("#f-industry", "it")
    other_tab.check("#f-languages-da")
    other_tab.fill("#f-need", "A second one.")
    with other_tab.expect_response(lambda r: r.request.method == "POST") as sent:
        other_tab.get_by_role("button", name="Send my request").click()
    assert sent.value.status == 409
    assert "withdraw that request first" in other_tab.locator("[role=alert]").inner_text()
    other_tab.close()

    request.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_text("Your request is withdrawn.")).to_be_visible()
    assert "Withdrawn" in page.locator(".account-item").inner_text()

    # another site cannot delete the account
    token = session_cookie(context)["value"]
    forged = httpx.post(
        f"{website.url}/en/account/delete/",
        headers={"Origin": "https://attacker.example", "Cookie": f"velkomst_session={token}"},
    )
    assert forged.status_code == 403

    # deleting: what goes is said first; then the account, the cookie and the session go
    page.goto("/en/account/")
    page.get_by_role("link", name="Delete my account").click()
    assert page.url.endswith("/en/account/delete/")
    expect(page.get_by_text("Your questions to the newcomer service")).to_be_visible()
    assert_accessible(page, axe)
    page.get_by_role("button", name="Delete my account").click()
    assert page.url.endswith("/en/account/deleted/")
    expect(page.get_by_text("Everything we held about you is deleted")).to_be_visible()
    assert_accessible(page, axe)
    assert session_cookie(context) is None
    me = httpx.get(f"{cms.url}/api/v2/me/", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 401
    page.goto("/en/account/mentor/")
    assert page.url.endswith("/en/sign-in/")

    # the same address signs in again, to a new, empty account
    sign_in(page, cms, website, address)
    expect(page.get_by_text("You have not asked us anything while signed in.")).to_be_visible()
    assert "Not allowed." in page.locator("#consent-mentor_matching").inner_text()
    page.goto("/en/account/mentor/")
    assert page.locator(".account-item").count() == 0


def test_a_newcomer_reads_the_answer_to_their_question(page, cms, website, axe):
    sign_in(page, cms, website, "ana@example.com")  # the demo's answered question
    asked = page.locator(".account-item", has_text="Housing")
    assert "Answered" in asked.inner_text()
    assert "several villages offer a trial home" in asked.locator(".answer").inner_text()
    assert_accessible(page, axe)


def test_a_volunteer_registers_as_a_business_mentor(page, cms, axe):
    coordinator_mails = len([m for m in cms.mails() if m["To"] == "coordinator@example.dk"])
    page.goto("/en/")
    page.get_by_role("link", name="Become a business mentor").click()
    assert page.url.endswith("/en/mentors/volunteer/")
    assert_accessible(page, axe)

    page.fill("#f-name", "Mads Jensen")
    page.fill("#f-email", "mads.example.com")
    page.check("#f-industries-engineering")
    page.check("#f-languages-da")
    page.check("#f-languages-de")
    page.select_option("#f-capacity", "2")
    page.get_by_text("I agree that").click()
    page.get_by_role("button", name="Register as a mentor").click()
    assert page.locator(".error-summary").get_by_role("link", name="Your e-mail address").count()
    assert page.locator("#f-email").get_attribute("aria-invalid") == "true"
    assert page.locator("#f-name").input_value() == "Mads Jensen"
    assert page.locator("#f-consent-yes").is_checked()
    assert_accessible(page, axe)

    page.fill("#f-email", "mads@example.com")
    page.get_by_role("button", name="Register as a mentor").click()
    assert page.url.endswith("/en/mentors/volunteer/thanks/")
    expect(page.get_by_text("Your registration is received.")).to_be_visible()
    assert_accessible(page, axe)
    mails = [m for m in cms.mails() if m["To"] == "coordinator@example.dk"]
    assert len(mails) == coordinator_mails + 1
