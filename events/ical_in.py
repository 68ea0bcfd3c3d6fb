"""One VEVENT of another calendar's feed as the fields of an `ImportedEvent`.

Times land in Europe/Copenhagen (`settings.TIME_ZONE`), where the calendar's rules are
expanded (events/recurrence.py): a `TZID` or UTC (`Z`) time is converted, a floating time
(neither) is read as local, and a date makes an all-day event running from 00:00 on its
first day to 00:00 after its last (`DTEND` is exclusive, as in RFC 5545).
"""

import re
from datetime import UTC, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from icalendar.prop import vBroken

from events import recurrence
from events.models.calendar import ImportedEvent

#: properties without which an event cannot be placed in time: broken, the event is skipped
ESSENTIAL = {
    None,  # a line that is not a property at all
    *("UID", "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"),
    "STATUS",
}
MAX_DESCRIPTION = 20_000
UNTIL = re.compile(r"UNTIL=[^;]*")
validate_url = URLValidator(schemes=("http", "https"))

#: other calendars' category names (Danish, German, English) that mean one of ours
CATEGORY_WORDS = {
    "social": "social fællesskab socialt café cafe treff treffpunkt begegnung netværk "
    "gemeinschaft community meetup",
    "culture": "kultur culture musik music koncert konzert concert teater theater theatre "
    "kunst art film kino cinema udstilling ausstellung exhibition museum litteratur lesung "
    "foredrag vortrag talk festival",
    "sport": "sport idræt motion fodbold fußball football løb lauf running svømning "
    "schwimmen swimming",
    "nature": "natur nature udendørs outdoor draußen vandring wandern hiking tur ausflug "
    "strand beach skov wald forest",
    "career": "job jobs karriere career erhverv arbejde arbeit work jobmesse messe fair "
    "uddannelse ausbildung education",
    "welcome": "velkomst welcome willkommen tilflytter tilflyttere newcomer newcomers "
    "neubürger zuzug",
}
CATEGORY_OF_WORD = {
    word: code for code, words in CATEGORY_WORDS.items() for word in (code, *words.split())
}


class Skip(Exception):
    """This event cannot be imported; the message says why (shown to the coordinator)."""


def label(component):
    """(uid, summary) of a VEVENT, as far as they can be read: to name it in the report."""
    return _text(component, "UID"), _text(component, "SUMMARY")


def recurrence_key(component):
    """The stored form of the VEVENT's RECURRENCE-ID; "" for a master (or a broken value,
    which event_fields refuses)."""
    value = component.get("RECURRENCE-ID")
    if value is None or isinstance(value, vBroken):
        return ""
    return _recurrence_key(value.dt)


def readable_recurrence_key(component):
    """recurrence_key, for an event that cannot be imported: None when it has a
    RECURRENCE-ID that cannot be read."""
    value = component.get("RECURRENCE-ID")
    if value is None:
        return ""
    try:
        return _recurrence_key(value.dt)
    except Exception:  # noqa: BLE001  (vBroken has no dt; odd values raise all sorts)
        return None


def stored_recurrence_date(recurrence_id):
    """The local date (ISO) of the occurrence a stored recurrence_id names."""
    if len(recurrence_id) == len("YYYYMMDD"):
        return datetime.strptime(recurrence_id, "%Y%m%d").date().isoformat()
    moment = datetime.strptime(recurrence_id, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    return _local(moment).date().isoformat()


def cancelled(component):
    return str(component.get("STATUS", "")).upper() == "CANCELLED"


def original_start_date(component):
    """The local date of the occurrence a RECURRENCE-ID override replaces."""
    return _local_date(component.get("RECURRENCE-ID").dt).isoformat()


def event_fields(component, calendar, is_override):
    """The ImportedEvent fields of `component` (all but calendar, uid and recurrence_id);
    raises Skip saying why it cannot be imported."""
    broken = [(name, message) for name, message in component.errors if name in ESSENTIAL]
    if broken:
        name, message = broken[0]
        raise Skip(f"{name}: {message}" if name else f"unreadable line: {message}")
    uid = _text(component, "UID")
    if not uid:
        raise Skip("no UID")
    if len(uid) > ImportedEvent._meta.get_field("uid").max_length:
        raise Skip("the UID is too long")
    title = _text(component, "SUMMARY")
    if not title:
        raise Skip("no title (SUMMARY)")
    start, end, all_day = _times(component)
    rule = "" if is_override else _rule(component, start, all_day)
    return {
        "title": title[: ImportedEvent._meta.get_field("title").max_length],
        "description": _text(component, "DESCRIPTION")[:MAX_DESCRIPTION],
        "url": _url(component),
        "start": start,
        "end": end,
        "all_day": all_day,
        "rrule": rule,
        "exdates": _exdates(component),
        "rdates": [] if is_override else _rdates(component, start),
        "categories": _categories(component, calendar.categories),
        "audiences": list(calendar.audiences),
        "calendar_audiences": list(calendar.calendar_audiences),
        "languages": list(calendar.languages),
        "place_name": _text(component, "LOCATION")[:255],
        "address": "",
        **_geo(component),
        "price": None,
        "organiser": _organiser(component)[:255],
    }


def _text(component, name):
    value = component.get(name)
    if value is None or isinstance(value, vBroken):
        return ""
    return str(value).strip()


def _local(moment):
    """A DTSTART-like value (datetime aware or floating) as an aware local time."""
    if moment.tzinfo is None:  # floating, or a TZID nobody defined: the local time
        return recurrence.aware(moment)
    return moment.astimezone(recurrence.zone())


def _local_date(value):
    return value if not isinstance(value, datetime) else _local(value).date()


def _midnight(day):
    return recurrence.aware(datetime.combine(day, time()))


def _recurrence_key(value):
    if not isinstance(value, datetime):
        return value.strftime("%Y%m%d")
    return _local(value).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _times(component):
    value = component.get("DTSTART")
    if value is None:
        raise Skip("no start (DTSTART)")
    first = value.dt
    has_end = component.get("DTEND") is not None or component.get("DURATION") is not None
    if not isinstance(first, datetime):
        last = component.end if has_end else first + timedelta(days=1)
        last = last if not isinstance(last, datetime) else _local(last).date()
        if last <= first:
            raise Skip("the end is not after the start")
        return _midnight(first), _midnight(last), True
    start = end = _local(first)  # RFC 5545: with neither DTEND nor DURATION, no time
    if has_end:
        if not isinstance(component.end, datetime):
            raise Skip("the end is a date but the start a time")
        end = _local(component.end)
    if end < start:
        raise Skip("the end is before the start")
    return start, end, False


def _rule(component, start, all_day):
    rules = component.get("RRULE")
    if rules is None:
        return ""
    if isinstance(rules, list):
        if len(rules) > 1:
            raise Skip("more than one RRULE")
        rules = rules[0]
    text = recurrence.normalise_rule(rules.to_ical().decode())
    until = rules.get("UNTIL")
    if until:
        # rules run on naive local times: UNTIL (UTC, zoned or a date) must be local too
        moment = until[0]
        if isinstance(moment, datetime):
            local = recurrence.local_naive(_local(moment))
        else:
            local = datetime.combine(moment, time() if all_day else time(23, 59, 59))
        text = UNTIL.sub(f"UNTIL={local:%Y%m%dT%H%M%S}", text)
    if len(text) > ImportedEvent._meta.get_field("rrule").max_length:
        raise Skip("the RRULE is too long")
    try:
        recurrence.validate_rule(text, recurrence.local_naive(start))
    except ValidationError as error:
        raise Skip(f"RRULE {text}: {' '.join(error.messages)}") from error
    return text


def _exdates(component):
    return sorted({_local_date(moment).isoformat() for moment in component.exdates})


def _rdates(component, start):
    extra = set()
    for moment, _end in component.rdates:
        if isinstance(moment, datetime):
            local = recurrence.local_naive(_local(moment))
        else:
            local = datetime.combine(moment, recurrence.local_naive(start).time())
        extra.add(local.strftime(recurrence.RDATE_FORMAT))
    return sorted(extra)


def _categories(component, defaults):
    ours = {
        CATEGORY_OF_WORD[word]
        for category in component.categories
        for word in re.split(r"[\s/&,-]+", str(category).lower())
        if word in CATEGORY_OF_WORD
    }
    return sorted(ours) if ours else list(defaults)


def _url(component):
    url = _text(component, "URL")
    try:
        validate_url(url)
    except ValidationError:
        return ""
    return url if len(url) <= 1000 else ""


def _geo(component):
    value = component.get("GEO")
    if value is None or isinstance(value, vBroken):
        return {"latitude": None, "longitude": None}
    latitude, longitude = (round(float(number), 6) for number in (value.latitude, value.longitude))
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return {"latitude": None, "longitude": None}
    return {"latitude": latitude, "longitude": longitude}


def _organiser(component):
    value = component.get("ORGANIZER")
    if value is None or isinstance(value, vBroken):
        return ""
    return str(value.params.get("CN", "")).strip()
