"""The front page's invitation (the demo's welcome day): a notice in the visitor's language
with a link, that a button hides for good in this browser; without JavaScript a plain
notice."""

import httpx

from tests.website.servers import describe, serious_violations


def test_the_invitation_shows_on_the_home_until_hidden(page, website, axe):
    page.goto("/en/")
    banner = page.locator("[data-invitation]")
    assert "Welcome day for new residents" in banner.inner_text()
    assert banner.get_by_role("link", name="Read more").get_attribute("href").startswith("/en/")
    violations = serious_violations(page, axe)
    assert not violations, describe(violations)
    page.screenshot(path="/tmp/h3-banner.png", full_page=True)

    page.get_by_role("button", name="Hide this invitation").click()
    assert banner.is_hidden()
    page.reload()
    assert page.locator("[data-invitation]").is_hidden()  # remembered in this browser
    page.goto("/da/")
    assert page.locator("[data-invitation]").is_hidden()  # the same invitation in Danish

    # without JavaScript: the notice, in German, and no button
    plain = httpx.get(website.url + "/de/", timeout=20).text
    assert "Willkommenstag für Neubürger" in plain
    assert "invitation-hide" not in plain
