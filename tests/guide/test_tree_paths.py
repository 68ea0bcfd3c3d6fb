"""A community's section as a range of Wagtail's `path` index (`guide.tree_paths`): the same
pages as `descendant_of`, and on SQLite read on the index rather than checking every page."""

import pytest
from django.db import connection
from wagtail.models import Locale, Page

from events.models import EventPage
from guide.tree_paths import below_q
from tests.events.factories import EventPageFactory
from tests.factories import TrialHomePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sections(make_community):
    """Two neighbouring communities (the second's path follows the first's), each with a
    trial home and an event below it, one two levels down."""
    first, second = make_community(title="Nordborg"), make_community(title="Guderup")
    assert first.path[:-4] == second.path[:-4] and first.path < second.path
    for community in (first, second):
        home = TrialHomePageFactory(parent=community, title=f"Bolig i {community.title}")
        EventPageFactory(parent=home, title=f"Fremvisning i {community.title}")
    return first, second


def test_a_section_is_the_pages_below_its_page_and_nothing_beside_it(sections):
    first, second = sections
    below = Page.objects.filter(below_q(first))
    assert sorted(below.values_list("title", flat=True)) == [
        "Bolig i Nordborg",
        "Fremvisning i Nordborg",
    ]
    assert set(below) == set(Page.objects.descendant_of(first))


def test_a_communitys_events_are_those_of_its_section_in_every_language(client, sections):
    first, second = sections
    english = first.get_translation(Locale.objects.get(language_code="en"))
    for community in (first, english):
        titles = EventPage.objects.in_community(community.pk).values_list("title", flat=True)
        assert list(titles) == ["Fremvisning i Nordborg"]
    response = client.get(f"/api/v2/pages/?type=communities.TrialHomePage&community={second.pk}")
    assert [item["title"] for item in response.json()["items"]] == ["Bolig i Guderup"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own query plan")
def test_sqlite_reads_a_section_on_the_path_index(sections):
    rows = Page.objects.filter(below_q(sections[0])).values("pk")
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "path>? AND path<?" in plan, plan
