"""The guide's listings run the same number of SQL queries for 1, 20 and 100 items."""

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection, Locale, Page, Site

from guide.models import PageAudience
from tests.factories import HomePageFactory, ImageFactory
from tests.guide.factories import (
    ChecklistLinkFactory,
    ChecklistPageFactory,
    ChecklistStepPageFactory,
    ContactFactory,
    CultureNoteFactory,
    UsefulLinkFactory,
)

SIZES = (1, 20, 100)

# Pinned: a change here means a listing changed how it reads the database. The snippets'
# listings read the request's site (`Site.find_for_request`) to list its rows only; the
# checklist (which reads pages) keeps its site and what visibility reads by content version
# (`frontend_api.visibility`) from the warm-up request.
LISTING_QUERIES = {
    "/api/v2/checklist/": 5,
    "/api/v2/checklist/?origin=non_eu&children=1&locale=en": 5,
    "/api/v2/culture-guide/": 4,
    "/api/v2/culture-guide/?locale=en": 4,
    "/api/v2/contacts/?language=da": 3,
    "/api/v2/links/?locale=de": 3,
}


def build_volume():
    for code in ("da", "en", "de"):
        Locale.objects.get_or_create(language_code=code)
    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    checklist = ChecklistPageFactory(parent=home)
    image = ImageFactory(collection=Collection.get_first_root_node())
    previous = None
    for n in range(101):
        step = ChecklistStepPageFactory.build(title=f"Step {n}")
        step.audience_tags = [PageAudience(audience="non_eu")] if n % 3 == 0 else []
        step.depends_on = [previous] if previous else []
        checklist.add_child(instance=step)
        ChecklistLinkFactory(step=step)
        ChecklistLinkFactory(step=step, url="https://skat.dk/")
        step.save_revision().publish()
        previous = step
        CultureNoteFactory(image=image)
        ContactFactory(photo=image, languages=["da"])
        UsefulLinkFactory()


@pytest.fixture(scope="module")
def volume(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        yield build_volume()
        transaction.set_rollback(True)


@pytest.mark.parametrize("url", LISTING_QUERIES)
def test_guide_listings_run_a_constant_number_of_queries(db, client, volume, url):
    client.get(url)  # warm the per-process caches (site root paths, content types)
    counts = {}
    for size in SIZES:
        separator = "&" if "?" in url else "?"
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{url}{separator}limit={size}")
        assert response.status_code == 200, response.content[:300]
        assert len(response.json()["items"]) == size
        counts[size] = len(queries)
    assert set(counts.values()) == {LISTING_QUERIES[url]}, counts
