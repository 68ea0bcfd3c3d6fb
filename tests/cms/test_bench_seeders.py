"""The benchmark's seed commands: they fill a fresh database with what the API then serves,
and refuse a database that already holds such content rather than add to it."""

import io

import pytest
from django.core.management import CommandError, call_command

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
