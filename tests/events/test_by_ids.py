"""Events read by id with a statement compiled once per process (`events.by_ids`): the same
events, with what the listing reads of them, as the queryset gives, and what changes after
the statement was kept shows at once."""

import datetime

import pytest
from django.utils import timezone

from events.by_ids import ByIds
from events.calendar_query import load_pages
from events.models import EventPage
from tests.events.factories import CPH

pytestmark = pytest.mark.django_db


def at(*args):
    return datetime.datetime(*args, tzinfo=CPH)


def seen(page):
    return (page.pk, page.title, page.locale.language_code, page.audience_codes(), page.start)


def test_the_pages_read_by_id_are_the_querysets_and_follow_changes(make_event):
    pages = [
        make_event(title=f"Café {n}", start=at(2027, 3, n, 17), end=at(2027, 3, n, 19))
        for n in range(1, 4)
    ]
    by_ids = ByIds(lambda ids: load_pages(EventPage.objects.filter(pk__in=ids)))
    ids = [page.pk for page in pages]

    for wanted in (ids, ids[:2], ids[2:], [ids[0], 987_654]):
        expected = [seen(p) for p in load_pages(EventPage.objects.filter(pk__in=wanted))]
        assert [seen(p) for p in by_ids(wanted)] == expected
    assert by_ids([]) == []

    EventPage.objects.filter(pk=ids[0]).update(title="Café i Alsion")
    assert [p.title for p in by_ids(ids[:2])] == ["Café i Alsion", "Café 2"]


def test_a_statement_that_moves_but_for_its_ids_is_compiled_each_time(make_event):
    page = make_event(start=at(2027, 3, 1, 17), end=at(2027, 3, 1, 19))
    by_ids = ByIds(
        lambda ids: EventPage.objects.filter(pk__in=ids, first_published_at__lte=timezone.now())
    )
    assert [p.pk for p in by_ids([page.pk])] == [page.pk]
    assert by_ids.templates == {1: False}
    EventPage.objects.filter(pk=page.pk).update(first_published_at=at(2099, 1, 1, 0))
    assert by_ids([page.pk]) == []
