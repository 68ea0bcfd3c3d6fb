"""The VTIMEZONE of the calendar's zone, written from tzdata as yearly rules.

One DAYLIGHT and one STANDARD observance, each repeating yearly (RRULE:FREQ=YEARLY) from 1970,
is the form Google and Outlook export and every calendar program reads; Thunderbird and other
ical.js calendars misread the other form, a list of each year's change (RDATE). The rule is
the one tzdata ends each zone file with (RFC 8536 §3.3, a POSIX TZ string such as
`CET-1CEST,M3.5.0,M10.5.0/3`): it holds from the zone's last change of rules on (Denmark:
1996), and the changes it gives for the years ahead are checked against zoneinfo.
"""

import bisect
import functools
import importlib.resources
import itertools
import re
import zoneinfo
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dateutil.rrule import rrulestr
from django.core.exceptions import ImproperlyConfigured
from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

#: the standard name and offset (west of Greenwich positive); with daylight saving time, its
#: name and offset (an hour ahead if not given) and the two changes, each
#: M<month>.<week: 1-4, 5 the last>.<weekday: 0 Sunday>[/<local time before it, 02:00 if not
#: given, hours beyond the day for a change on another day>]
_NAME = r"(?:<[^>]+>|[A-Za-z]+)"
_HOURS = r"[+-]?\d{1,3}(?::\d{2}){0,2}"
_CHANGE = r"M\d{1,2}\.[1-5]\.[0-6]"
_RULE = re.compile(
    rf"(?P<std>{_NAME})(?P<std_offset>{_HOURS})"
    rf"(?:(?P<dst>{_NAME})(?P<dst_offset>{_HOURS})?"
    rf",(?P<on>{_CHANGE})(?:/(?P<on_at>{_HOURS}))?"
    rf",(?P<off>{_CHANGE})(?:/(?P<off_at>{_HOURS}))?)?"
)
#: the first year of each observance, as Google and Outlook write it
FIRST_YEAR = 1970
#: how many years ahead the rule's changes are checked against zoneinfo
CHECKED_YEARS = 30
_SECOND = timedelta(seconds=1)
_WEEKDAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")  # as POSIX counts them, from Sunday
_SHORTEST_MONTH = {2: 28, 4: 30, 6: 30, 9: 30, 11: 30}  # days; the others have 31


@functools.cache
def vtimezone(key):
    """The VTIMEZONE of the zone `key` (e.g. `settings.TIME_ZONE`), or ImproperlyConfigured
    when tzdata's rule for it has no yearly form or its dates are not the rule's."""
    text = _tzdata_rule(key)
    rule = _RULE.fullmatch(text)
    if rule is None:
        raise ImproperlyConfigured(f"TIME_ZONE {key}: tzdata's rule {text!r} is not yearly")
    component = Timezone()
    component.add("tzid", key)
    standard = -_hours(rule["std_offset"])
    if not rule["dst"]:
        observance = TimezoneStandard()
        observance.add("dtstart", datetime(FIRST_YEAR, 1, 1))
        observance.add("tzname", rule["std"].strip("<>"))
        observance.add("tzoffsetfrom", standard)
        observance.add("tzoffsetto", standard)
        component.add_component(observance)
    else:
        daylight = (
            -_hours(rule["dst_offset"]) if rule["dst_offset"] else standard + timedelta(hours=1)
        )
        # each change at the local time before it: in Copenhagen daylight time begins at 02:00
        # standard time and ends at 03:00 daylight time
        begins = (rule["dst"], standard, daylight, rule["on"], rule["on_at"])
        ends = (rule["std"], daylight, standard, rule["off"], rule["off_at"])
        component.add_component(_observance(TimezoneDaylight(), key, *begins))
        component.add_component(_observance(TimezoneStandard(), key, *ends))
    _check(key, component, standard)
    return component


def _observance(observance, key, name, offset_from, offset_to, change, at):
    month, week, weekday = (int(part) for part in change[1:].split("."))
    at = _hours(at) if at else timedelta(hours=2)
    shift = at.days  # a change at 24:00 or later, or before 00:00, is on another day
    at -= timedelta(days=shift)
    if shift == 0:  # the nth (or last) weekday of the month
        byday = f"{-1 if week == 5 else week}{_WEEKDAYS[weekday]}"
        recur = vRecur({"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": byday})
    else:  # the weekday `shift` days after the nth: one of seven dates of the month
        first = -7 if week == 5 else 7 * (week - 1) + 1
        days = range(first + shift, first + shift + 7)
        length = _SHORTEST_MONTH.get(month, 31)
        if not (days[0] >= 1 and days[-1] <= length or -length <= days[0] and days[-1] <= -1):
            raise ImproperlyConfigured(f"TIME_ZONE {key}: tzdata's change {change} is not yearly")
        byday = _WEEKDAYS[(weekday + shift) % 7]
        recur = vRecur(
            {"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": byday, "BYMONTHDAY": list(days)}
        )
    start = rrulestr(recur.to_ical().decode(), dtstart=datetime(FIRST_YEAR, 1, 1))[0] + at
    observance.add("dtstart", start)
    observance.add("tzname", name.strip("<>"))
    observance.add("tzoffsetfrom", offset_from)
    observance.add("tzoffsetto", offset_to)
    observance.add("rrule", recur)
    return observance


def _check(key, component, standard):
    """Refuse a rule whose offsets in the years ahead are not zoneinfo's (tzdata lists some
    zones' changes one by one for decades, against any rule): checked each day, and on each
    side of each change."""
    zone = zoneinfo.ZoneInfo(key)
    first = datetime(datetime.now(UTC).year, 1, 1, tzinfo=UTC)
    last = first.replace(year=first.year + CHECKED_YEARS)
    changes = []  # (moment, offset from then on)
    for observance in component.walk("DAYLIGHT") + component.walk("STANDARD"):
        if "rrule" in observance:
            offset_from = observance.decoded("tzoffsetfrom")
            onsets = rrulestr(
                observance["rrule"].to_ical().decode(), dtstart=observance.decoded("dtstart")
            )
            changes.extend(
                ((onset - offset_from).replace(tzinfo=UTC), observance.decoded("tzoffsetto"))
                for onset in onsets.between(
                    datetime(first.year - 1, 1, 1), last.replace(tzinfo=None)
                )
            )
    changes.sort()
    days = (first + timedelta(days=n) for n in range((last - first).days))
    edges = (
        moment + nudge
        for moment, _ in changes
        if moment >= first
        for nudge in (timedelta(0), -_SECOND)
    )
    for moment in itertools.chain(days, edges):
        index = bisect.bisect_right(changes, moment, key=lambda change: change[0])
        expected = changes[index - 1][1] if index else standard
        if moment.astimezone(zone).utcoffset() != expected:
            raise ImproperlyConfigured(
                f"TIME_ZONE {key}: tzdata's dates are not its rule's ({moment:%Y-%m-%d %H:%M} UTC)"
            )


def _hours(text):
    """`[+-]hh[:mm[:ss]]` as a timedelta."""
    sign = -1 if text.startswith("-") else 1
    parts = [int(part) for part in text.lstrip("+-").split(":")]
    return sign * timedelta(**dict(zip(("hours", "minutes", "seconds"), parts, strict=False)))


def _tzdata_rule(key):
    """The last line of the zone's TZif file, read where zoneinfo reads it: the system's zone
    files (`zoneinfo.TZPATH`), else the `tzdata` package."""
    for directory in zoneinfo.TZPATH:
        path = Path(directory, key)
        if path.is_file():
            data = path.read_bytes()
            break
    else:
        zone_file = importlib.resources.files("tzdata").joinpath("zoneinfo", *key.split("/"))
        data = zone_file.read_bytes()
    return data.rstrip(b"\n").rpartition(b"\n")[2].decode("ascii")
