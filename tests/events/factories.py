"""Event pages, published with a first revision like every page factory."""

import datetime
from zoneinfo import ZoneInfo

import factory

from events.models import EventIndexPage, EventPage, JoinMode
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
        lambda: datetime.datetime.now(CPH).replace(hour=17, minute=0, second=0, microsecond=0)
        + datetime.timedelta(days=7)
    )
    end = factory.LazyAttribute(lambda event: event.start + datetime.timedelta(hours=2))
    categories = factory.LazyFunction(lambda: ["social"])
    languages = factory.LazyFunction(lambda: ["da", "en"])
    place_name = "Sønderborg Bibliotek"
    address = "Kongevej 2, 6400 Sønderborg"

    class Meta:
        model = EventPage

    class Params:
        registration = factory.Trait(join_mode=JoinMode.REGISTRATION, seats=10)
