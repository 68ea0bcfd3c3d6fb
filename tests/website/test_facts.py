"""Facts and figures in a real browser: the demo's numbers as charts drawn on the server
(no JavaScript), each with a sentence and a table of the same numbers, formatted as the
page's language writes them; no serious accessibility violations."""

from tests.website.conftest import DESKTOP
from tests.website.servers import describe, serious_violations


def test_the_facts_show_the_demos_numbers_in_charts_and_tables(browser, website, page, axe):
    desktop = browser.new_context(viewport=DESKTOP, base_url=website.url)
    english = desktop.new_page()
    english.goto("/en/facts/")
    assert english.get_by_role("heading", level=1).inner_text() == "Facts and figures"
    charts = english.locator("figure svg[role=img]")
    assert charts.count() == 4  # moves per year, the cohorts, moves per area twice
    assert charts.first.get_attribute("aria-labelledby")
    assert english.locator("figure figcaption").count() == 4
    assert "In 2017, 3,241 people moved in and 3,155 moved out." in english.content()
    assert (
        "Of the 3,217 people who moved here in 2015, 1,583 (49.2 %) had left by the end of 2017."
        in english.locator(".facts-summary").all_inner_texts()
    )
    totals = english.get_by_role("table", name="Moving in and out")
    assert totals.get_by_role("row", name="2015").locator("td").all_inner_texts() == [
        "3,217",
        "3,208",
        "9",
    ]
    support = english.get_by_role("table", name="Means of support 2017")
    assert "Student grant (SU)" in support.inner_text()
    assert english.locator("footer").get_by_role("link", name="Facts and figures").count() == 1
    english.screenshot(path="/tmp/facts-en.png", full_page=True)
    violations = serious_violations(english, axe)
    assert not violations, describe(violations)
    desktop.close()

    page.goto("/da/facts/")  # at a phone's width
    totals = page.get_by_role("table", name="Til- og fraflytning")
    assert totals.get_by_role("row", name="2015").locator("td").all_inner_texts() == [
        "3.217",
        "3.208",
        "9",
    ]
    assert "3.241" in page.locator(".facts-summary").first.inner_text()
    assert ">3.241<" in page.locator("figure svg").first.inner_html()  # the bar's value
    page.screenshot(path="/tmp/facts-da-mobile.png", full_page=True)
    violations = serious_violations(page, axe)
    assert not violations, describe(violations)
