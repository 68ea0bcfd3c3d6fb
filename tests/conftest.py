"""Fixtures build on each other: locales → home → communities index → community → editor;
another municipality (`aabenraa`) beside the default site's."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import translation
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site

from communities import access, municipalities
from guide.models import Municipality
from tests.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    HomePageFactory,
    UserFactory,
)

LANGUAGES = ("da", "en", "de")


def pytest_collection_modifyitems(items):
    """`@pytest.mark.postgres` tests (row locks, Danish stemming) run only on PostgreSQL."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL=postgres://…)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def translate(page, language_code, publish=True):
    """A copy of `page` in another language, as a translator would make it."""
    copy = page.copy_for_translation(
        Locale.objects.get(language_code=language_code), copy_parents=True
    )
    revision = copy.save_revision()
    if publish:
        revision.publish()
        copy.refresh_from_db()
    return copy


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: no cached response or rate-limit count crosses
    tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def english(settings):
    """Messages in English, the source language (Danish is the default, and translated)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def locales(db):
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES}


@pytest.fixture
def home(locales):
    page = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": page}
    )
    for code in LANGUAGES[1:]:
        translate(page, code)
    return page


@pytest.fixture
def index(home):
    page = CommunityIndexPageFactory(parent=home)
    for code in LANGUAGES[1:]:
        translate(page, code)
    return page


@pytest.fixture
def make_community(index):
    """A community with its English and German copies (published)."""

    def make(**kwargs):
        page = CommunityPageFactory(parent=index, **kwargs)
        for code in LANGUAGES[1:]:
            translate(page, code)
        return page

    return make


@pytest.fixture
def community(make_community):
    return make_community(title="Nordborg")


@pytest.fixture
def make_editor():
    def make(community, **kwargs):
        user = UserFactory(**kwargs)
        access.access_for(community).group.user_set.add(user)
        return user

    return make


@pytest.fixture
def editor(make_editor, community):
    return make_editor(community)


@pytest.fixture
def coordinator(db):
    user = UserFactory(username="coordinator")
    user.groups.add(municipalities.coordinators_group())
    return user


@pytest.fixture
def make_municipality(home):
    """Another municipality beside the default site's: its own site, with its home page in
    every language."""

    def make(name, hostname):
        page = HomePageFactory(parent=Page.get_first_root_node(), title=name, slug=slugify(name))
        site = Site.objects.create(hostname=hostname, root_page=page, site_name=name)
        for code in LANGUAGES[1:]:
            translate(page, code)
        return Municipality.objects.get(site=site)

    return make


@pytest.fixture
def aabenraa(make_municipality):
    return make_municipality("Aabenraa", "aabenraa.localhost")


@pytest.fixture
def make_coordinator(db):
    """A coordinator of `municipality`."""

    def make(municipality, **kwargs):
        user = UserFactory(**kwargs)
        user.groups.add(municipalities.coordinators_group(municipality.site))
        return user

    return make


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client
