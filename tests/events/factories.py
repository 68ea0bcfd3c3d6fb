"""Event pages, published with a first revision like every page factory."""

import datetime
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from events.models import EventIndexPage, EventPage, ExternalCalendar, ImportedEvent, JoinMode
from guide.models import PageAudience
from tests.factories import PublishedPageFactory

CPH = ZoneInfo("Europe/Copenhagen")


class EventIndexPageFactory(PublishedPageFactory):
    title = "Kalender"
    slug = factory.Sequence(lambda n: f"kalender-{n}")

    class Meta:
        model = EventIndexPage


class EventPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Arrangement {n}")
    slug = factory.Sequence(lambda n: f"arrangement-{n}")
    start = factory.LazyFunction(
        lambda: (
            datetime.datetime.now(CPH).replace(hour=17, minute=0, second=0, microsecond=0)
            + datetime.timedelta(days=7)
        )
    )
    end = factory.LazyAttribute(lambda event: event.start + datetime.timedelta(hours=2))
    categories = factory.LazyFunction(lambda: ["social"])
    languages = factory.LazyFunction(lambda: ["da", "en"])
    place_name = "Sønderborg Bibliotek"
    address = "Kongevej 2, 6400 Sønderborg"
    audience_tags = factory.LazyAttribute(
        lambda event: [PageAudience(audience=code) for code in event.audiences]
    )

    class Meta:
        model = EventPage

    class Params:
        registration = factory.Trait(join_mode=JoinMode.REGISTRATION, seats=10)
        #: the page's audience tags (origin, household)
        audiences = ()


class ExternalCalendarFactory(DjangoModelFactory):
    name = "Aabenraa Kommune"
    feed_url = factory.Sequence(lambda n: f"https://aabenraa.example.dk/kalender-{n}.ics")
    region = "Aabenraa"

    class Meta:
        model = ExternalCalendar


class ImportedEventFactory(DjangoModelFactory):
    """An event as the importer leaves it (a week from now, 2 hours)."""

    calendar = factory.SubFactory(ExternalCalendarFactory)
    uid = factory.Sequence(lambda n: f"event-{n}@aabenraa.example.dk")
    title = factory.Sequence(lambda n: f"Begivenhed {n}")
    start = factory.LazyFunction(
        lambda: (
            datetime.datetime.now(CPH).replace(hour=10, minute=0, second=0, microsecond=0)
            + datetime.timedelta(days=7)
        )
    )
    end = factory.LazyAttribute(lambda event: event.start + datetime.timedelta(hours=2))
    categories = factory.LazyFunction(lambda: ["culture"])
    content_hash = "0" * 64
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = ImportedEvent
