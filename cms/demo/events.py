"""The demo's calendar: the newcomer service's CaféNy (the second Tuesday of every month) and
its two welcome days (Danish and international, with limited seats) in the service's calendar,
a monthly newcomer event in each of four communities' own sections, all in Danish, English and
German, and one neighbouring town's calendar imported from its bundled sample feed.

Data lives in `events.json` next to this module. Dates are computed from the day of the first
run (a year ahead); a second run leaves what exists as it is.
"""

import json
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils.html import escape

from communities.models import CommunityPage
from events import recurrence
from events.importer import import_feed
from events.models import CALENDAR_AUDIENCE_CODES, EventIndexPage, EventPage, ExternalCalendar
from guide.audience import AUDIENCE_CHOICES
from guide.models import PageAudience

DATA = Path(__file__).resolve().parent / "events.json"
SAMPLES = Path(settings.BASE_DIR) / "events" / "samples"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def build(builder, home):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    build_calendar(builder, home, data)
    imported_calendar(data["imported"])


def build_calendar(builder, home, data):
    """The calendar of the municipality whose home is `home`: its index, the service's
    events and the events in its communities' sections."""
    today = date.today()
    index = builder._in_all_languages(home, EventIndexPage, data["index"]["slug"], _index(data))
    for event in data["service_events"]:
        builder._in_all_languages(index, EventPage, event["slug"], _event(event, today))
    communities = CommunityPage.objects.descendant_of(home).filter(locale=builder.locales["da"])
    for event in data["community_events"]:
        community = communities.get(slug=event["community"])
        builder._in_all_languages(community, EventPage, event["slug"], _event(event, today))


def _index(data):
    def fill(page, lang):
        page.title = data["index"]["title"][lang]
        page.intro = f"<p>{escape(data['index']['intro'][lang])}</p>"

    return fill


def nth_weekday(year, month, weekday, nth):
    """The `nth` (1-4, or -1 for the last) `weekday` (0 = Monday) of the month."""
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = date(year, month, 1) + relativedelta(months=1, days=-1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def first_date(event, today):
    """The first date of the rule on or after today."""
    month = today.replace(day=1)
    while True:
        day = nth_weekday(month.year, month.month, event["weekday"], event["nth"])
        if day >= today:
            return day
        month += relativedelta(months=1)


def schedule(event, today):
    """(start, end, rrule) of a monthly event, for a year from its first date."""
    first = first_date(event, today)
    start = recurrence.aware(datetime.combine(first, time.fromisoformat(event["time"])))
    end = start + timedelta(minutes=event["minutes"])
    byday = f"{event['nth']}{WEEKDAYS[event['weekday']]}"
    if "count" in event:  # e.g. twice, half a year apart
        rule = f"FREQ=MONTHLY;INTERVAL={event['months']};BYDAY={byday};COUNT={event['count']}"
    else:
        until = first + relativedelta(months=event["months"])
        rule = f"FREQ=MONTHLY;BYDAY={byday};UNTIL={until:%Y%m%d}T235959"
    return start, end, rule


AUDIENCE_CODES = [code for code, _label in AUDIENCE_CHOICES]


def _event(event, today):
    start, end, rule = schedule(event, today)

    def fill(page, lang):
        page.title = event["title"][lang]
        page.summary = event["summary"][lang]
        page.start, page.end, page.rrule = start, end, rule
        page.place_name = event["place"]
        page.address = event["address"]
        page.latitude = float(event["latitude"])
        page.longitude = float(event["longitude"])
        page.categories = event["categories"]
        # who it is for: newcomers' origins and households as every page's tags, and the
        # calendar's tourists/locals
        codes = event["audiences"]
        page.audience_tags = [PageAudience(audience=c) for c in codes if c in AUDIENCE_CODES]
        page.calendar_audiences = [c for c in codes if c in CALENDAR_AUDIENCE_CODES]
        page.languages = event["languages"]
        page.organiser = event["organiser"]
        page.price = Decimal(event["price"]) if event.get("price") else None
        page.join_mode = event["join_mode"]
        page.join_url = event.get("join_url", "")
        page.seats = event.get("seats")

    return fill


def imported_calendar(data):
    """The neighbouring town's calendar, imported once from its sample feed."""
    calendar, created = ExternalCalendar.objects.get_or_create(
        feed_url=data["feed_url"],
        defaults={
            "name": data["name"],
            "region": data["region"],
            "categories": data["categories"],
            "audiences": data["audiences"],
            "languages": data["languages"],
        },
    )
    if created:
        import_feed(calendar, (SAMPLES / data["sample"]).read_bytes())
    return calendar
