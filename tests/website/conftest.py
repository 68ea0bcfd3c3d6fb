"""Fixtures of the website's tests: the CMS and the website running on loopback (once per
session), and Debian's Chromium driven by Playwright."""

import shutil

import pytest

from tests.website.servers import Cms, Website, axe_source, free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    """The CMS (with the demo) and the website, both running; stopped at the end."""
    home = tmp_path_factory.mktemp("servers")
    website_port = free_port()
    cms = Cms(home, website_url=f"http://127.0.0.1:{website_port}").start()
    website = Website(home, cms.url, port=website_port)
    try:
        website.start()
        yield cms, website
    finally:
        website.stop()
        cms.stop()


@pytest.fixture(scope="session")
def cms(servers):
    return servers[0]


@pytest.fixture(scope="session")
def website(servers):
    return servers[1]


# per module: Playwright's sync API keeps an event loop running while it is started, and
# Django then refuses database work (SynchronousOnlyOperation) in the tests that follow on
# the same pytest-xdist worker
@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip("Chromium is not installed (make test installs it with apt-get as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def context(browser, website):
    """A fresh browser profile at phone width (no cookies, no storage)."""
    context = browser.new_context(viewport=PHONE, base_url=website.url)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture(scope="session")
def axe():
    source = axe_source()
    if source is None:
        pytest.skip("axe-core is not installed (make test installs it with npm)")
    return source
