"""`seed_demo` fills the calendar: CaféNy, the two welcome days with seats, the communities'
monthly events in three languages, and a neighbouring town's imported calendar."""

import datetime

from events.models import EventPage, ImportedEvent
from events.recurrence import zone


def test_the_demo_calendar(db, demo, client):
    cafe = EventPage.objects.get(slug="cafeny", locale__language_code="da")
    assert cafe.rrule.startswith("FREQ=MONTHLY;BYDAY=2TU;UNTIL=")
    start = cafe.start.astimezone(zone())
    assert (start.weekday(), start.hour, (start.day - 1) // 7) == (1, 17, 1)
    assert len(cafe.occurrences(cafe.start, cafe.start + datetime.timedelta(days=366))) >= 12
    for slug in ("velkomstdag", "international-welcome-day"):
        day = EventPage.objects.get(slug=slug, locale__language_code="da")
        assert day.join_mode == "registration" and day.seats
    danish = EventPage.objects.filter(locale__language_code="da")
    in_communities = [
        e for e in danish if e.get_parent().specific_class.__name__ == "CommunityPage"
    ]
    assert len({e.get_parent().pk for e in in_communities}) >= 4
    for event in danish:
        languages = {copy.locale.language_code for copy in event.get_translations(inclusive=True)}
        assert languages == {"da", "en", "de"} and event.live
    assert ImportedEvent.objects.filter(calendar__region="Aabenraa").exists()

    items = client.get("/api/v2/events/", {"locale": "en", "limit": 100}).json()["items"]
    assert "CaféNy" in {item["title"] for item in items}
    assert {item["meta"]["type"] for item in items} >= {"events.EventPage"}
    assert any(item["community"] for item in items)
