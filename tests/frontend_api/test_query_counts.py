"""Every list endpoint runs the same number of SQL queries for 1, 20 and 100 items; detail
endpoints stay within a stated budget."""

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection, Page, Site

from communities.models import CommunityPage
from tests.factories import (
    AmbassadorFactory,
    CommunityIndexPageFactory,
    CommunityPageFactory,
    DocumentFactory,
    HomePageFactory,
    ImageFactory,
    TrialHomePageFactory,
)
from tests.frontend_api.conftest import body_with_images

SIZES = (1, 20, 100)

# Pinned: a change here means a listing or detail view changed how it reads the database.
# Listed bodies read their images in two queries (top-level blocks, blocks inside targeted
# blocks), whatever the number of pages. The site, the view restrictions, the site's roots and
# the hidden sections are read once per content version (`frontend_api.visibility`), by the
# warm-up request: a pages listing is its count and its page of items.
LISTING_QUERIES = {
    "/api/v2/pages/": 2,
    "/api/v2/pages/?locale=en": 2,
    "/api/v2/pages/?type=communities.TrialHomePage&fields=*": 5,
    "/api/v2/pages/?type=communities.CommunityPage&fields=*&origin=eu&children=1": 7,
    "/api/v2/pages/?type=communities.CommunityPage&fields=body": 6,
    "/api/v2/pages/?type=communities.TrialHomePage&fields=description&locale=en": 5,
    "/api/v2/pages/?search=Landsby": 3,
    # (a listing's items carry no body, trial homes or page links unless `fields` names them)
    "/api/v2/communities/": 5,
    "/api/v2/communities/?fields=*&locale=de": 5,
    "/api/v2/communities/?fields=body,trial_homes,pages&locale=de": 10,
    # (images and documents: one more, the request's site, whose municipality's collections
    # they are narrowed to)
    "/api/v2/images/?fields=*": 7,
    "/api/v2/documents/?fields=*": 6,
}
DETAIL_BUDGET = 30  # queries for any detail view, whatever the page holds


def build_volume():
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    index = CommunityIndexPageFactory(parent=home)
    collection = Collection.get_first_root_node()
    image = ImageFactory(collection=collection)
    for n in range(101):
        body = body_with_images(f"Landsby {n}", image, ImageFactory(collection=collection))
        community = CommunityPageFactory(parent=index, hero_image=image, body=body)
        AmbassadorFactory(community=community, photo=image, contact_public=n % 2 == 0)
        AmbassadorFactory(community=community)
        community.save_revision().publish()
        TrialHomePageFactory(parent=community, description=body)
        ImageFactory(collection=collection)
        DocumentFactory(collection=collection)
    return CommunityPage.objects.first()


@pytest.fixture(scope="module")
def volume(django_db_setup, django_db_blocker, tmp_path_factory):
    """101 of each kind, built once for the module, so that every listing can be asked for
    1, 20 and 100 items; rolled back afterwards."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        yield build_volume()
        transaction.set_rollback(True)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(queries), response.json()


@pytest.mark.parametrize("url", LISTING_QUERIES)
def test_list_endpoints_run_a_constant_number_of_queries(db, client, volume, url):
    client.get(url)  # warm the per-process caches (site root paths, content types)
    counts = {}
    for size in SIZES:
        separator = "&" if "?" in url else "?"
        counts[size], data = count_queries(client, f"{url}{separator}limit={size}")
        assert len(data["items"]) == size
    assert set(counts.values()) == {LISTING_QUERIES[url]}, counts


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/communities/{community}/",
        "/api/v2/pages/{community}/",
        "/api/v2/pages/{home}/",
    ],
)
def test_detail_endpoints_stay_within_budget(db, client, volume, url):
    home = volume.get_children().first()
    url = url.format(community=volume.pk, home=home.pk)
    client.get(url)
    queries, _data = count_queries(client, url)
    assert queries <= DETAIL_BUDGET
