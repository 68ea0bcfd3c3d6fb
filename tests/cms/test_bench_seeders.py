"""The benchmark's seed commands: they fill a fresh database with what the API then serves,
and refuse a database that already holds such content rather than add to it."""

import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Site

from communities.models import CommunityPage, TrialHomePage
from directory.models import Association
from guide.sites import site_pages_q

pytestmark = pytest.mark.django_db


def test_associations_seeded_are_listed_and_a_second_seed_is_refused(client):
    call_command("seed_association_volume", associations=25, stdout=io.StringIO())
    body = client.get("/api/v2/associations/?limit=5").json()
    assert body["meta"]["total_count"] == 25
    assert client.get("/api/v2/doctors/").json()["meta"]["total_count"] == 20
    with pytest.raises(CommandError, match="already has associations"):
        call_command("seed_association_volume", associations=25, stdout=io.StringIO())


def test_the_calendar_goes_under_the_communities_seeded_before(client):
    call_command("seed_volume", communities=2, pages=6, stdout=io.StringIO())
    call_command("seed_calendar_volume", imported=3, stdout=io.StringIO())
    body = client.get("/api/v2/events/?limit=100").json()
    titles = {item["title"] for item in body["items"]}
    assert any(title.startswith("Spilleaften 1-") for title in titles)  # the second community
    with pytest.raises(CommandError, match="already has events"):
        call_command("seed_calendar_volume", stdout=io.StringIO())
    with pytest.raises(CommandError, match="already has pages"):
        call_command("seed_volume", communities=2, pages=6, stdout=io.StringIO())


def test_no_calendar_without_pages_to_hold_it():
    with pytest.raises(CommandError, match="No page can hold events"):
        call_command("seed_calendar_volume", stdout=io.StringIO())


def test_several_municipalities_each_a_site_with_its_own_pages_and_associations(client):
    call_command(
        "seed_volume",
        municipalities=3,
        communities=2,
        pages=18,
        associations=4,
        stdout=io.StringIO(),
    )
    sites = list(Site.objects.order_by("hostname"))
    assert [site.hostname for site in sites] == [f"muni{n}.localhost" for n in (1, 2, 3)]
    assert [site.is_default_site for site in sites] == [True, False, False]
    for site in sites:
        communities = CommunityPage.objects.filter(site_pages_q(site))
        assert communities.filter(locale__language_code="da").count() == 2
        assert communities.count() == 6  # in da, en and de
        homes = TrialHomePage.objects.filter(site_pages_q(site), locale__language_code="da")
        assert homes.count() == 2
        associations = Association.objects.filter(site=site)
        assert associations.count() == 4
        assert set(associations.values_list("community", flat=True)) <= set(
            communities.values_list("pk", flat=True)
        )
        assert site.municipality.coordinators.name == f"{site.site_name} coordinators"
    second = client.get("/api/v2/communities/", HTTP_HOST="muni2.localhost").json()
    assert {item["id"] for item in second["items"]} == set(
        CommunityPage.objects.filter(
            site_pages_q(sites[1]), locale__language_code="da"
        ).values_list("pk", flat=True)
    )
