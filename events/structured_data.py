"""schema.org `Event` JSON-LD for a calendar entry on one of its dates, for a website to embed
(`<script type="application/ld+json">`) so search engines and calendars read it.

Times are ISO 8601 in local time with their offset; an all-day event gives dates (its last
day included, as schema.org reads `endDate`). The place is a `Place` with a `PostalAddress`
(parsed from the one-line address, as the directory's are) and its coordinates; there is a
place, so people attend in person. A price gives an `Offer` in DKK; no price means free. A
date cancelled on a repeating event (or the one date of a single one) says `EventCancelled`.
"""

from datetime import timedelta

from directory.structured_data import CONTEXT, postal_address
from events import recurrence
from events.models import ImportedEvent, JoinMode

SCHEDULED = "https://schema.org/EventScheduled"
CANCELLED = "https://schema.org/EventCancelled"
IN_PERSON = "https://schema.org/OfflineEventAttendanceMode"
CURRENCY = "DKK"


def event_json_ld(event, start, end, *, url=None, organizer=None, sub_events=()):
    """`event` (an event page or an imported event) on the date `start`-`end` (aware) as a
    schema.org Event. `url` is its page for people, `organizer` who arranges it when the
    entry names nobody, `sub_events` further dates as (start, end) pairs."""
    data = {
        "@context": CONTEXT,
        "@type": "Event",
        "name": event.title,
        **_when(event, start, end),
    }
    description, sign_up = _description_and_sign_up(event)
    if description:
        data["description"] = description
    place = _place(event)
    if place:
        data["location"] = place
        data["eventAttendanceMode"] = IN_PERSON
    if event.organiser or organizer:
        data["organizer"] = {"@type": "Organization", "name": event.organiser or organizer}
    if event.price is None:
        data["isAccessibleForFree"] = True
    else:
        offer = {"@type": "Offer", "price": f"{event.price:.2f}", "priceCurrency": CURRENCY}
        if sign_up or url:
            offer["url"] = sign_up or url
        data["offers"] = offer
    if event.languages:
        data["inLanguage"] = list(event.languages)
    if url:
        data["url"] = url
    if sub_events:
        data["subEvent"] = [
            {"@type": "Event", "name": event.title, **_when(event, s, e), **_where(place)}
            for s, e in sub_events
        ]
    return data


def cancelled_dates(event, window_start, window_end):
    """The dates (start, end) in the window that the event had and that were cancelled."""
    cancelled = set(recurrence.parse_exdates(event.exdates or []))
    if not cancelled:
        return []
    every = recurrence.expand(
        event.start, event.end, event.rrule, [], event.rdates, window_start, window_end
    )
    return [(o.start, o.end) for o in every if o.date in cancelled]


def is_cancelled(event, start):
    """Whether the date starting at `start` is one of the event's cancelled dates."""
    return recurrence.local_naive(start).date() in recurrence.parse_exdates(event.exdates or [])


def _description_and_sign_up(event):
    if isinstance(event, ImportedEvent):
        return event.description[:300], event.url
    return event.summary, event.join_url if event.join_mode == JoinMode.LINK else ""


def _when(event, start, end):
    status = CANCELLED if is_cancelled(event, start) else SCHEDULED
    if event.all_day:
        first = recurrence.local_naive(start).date()
        # stored with an exclusive end (the next midnight); schema.org's endDate is the last day
        last = max(first, (recurrence.local_naive(end) - timedelta(seconds=1)).date())
        return {"startDate": first.isoformat(), "endDate": last.isoformat(), "eventStatus": status}
    zone = recurrence.zone()
    return {
        "startDate": start.astimezone(zone).isoformat(),
        "endDate": end.astimezone(zone).isoformat(),
        "eventStatus": status,
    }


def _place(event):
    address = postal_address(event.address)
    if not (event.place_name or address or event.latitude is not None):
        return None
    place = {"@type": "Place"}
    if event.place_name:
        place["name"] = event.place_name
    if address:
        place["address"] = address
    if event.point:
        latitude, longitude = event.point
        place["geo"] = {"@type": "GeoCoordinates", "latitude": latitude, "longitude": longitude}
    return place


def _where(place):
    return {"location": place, "eventAttendanceMode": IN_PERSON} if place else {}
