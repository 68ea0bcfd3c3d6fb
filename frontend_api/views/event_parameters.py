"""The calendar's query parameters, as `schema.catalogue` parameters: the window (`from`,
`to`) that is the calendar's own, and the filters it shares with the other endpoints."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from events import occurrences, recurrence
from events.models import CALENDAR_AUDIENCE_CODES, CATEGORY_CODES
from frontend_api.errors import ParameterError
from frontend_api.schema import catalogue
from guide.fields import LANGUAGE_CODES

DEFAULT_DAYS = 60
MAX_DAYS = 400
#: the feed looks back a little, so a subscribed calendar keeps the recent past
FEED_PAST_DAYS = 30
FEED_DAYS = 365
EARLIEST, LATEST = date(1970, 1, 1), date(2200, 12, 31)
MOMENT = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$",
}


class Window(catalogue.Parameter):
    """`from` and `to` as aware datetimes: a date means local midnight (for `to`, the end of
    that day); a time without offset is local time. At most MAX_DAYS apart, and `to` no
    later than the table of dates reaches (`events.occurrences.listed_until`, about 17
    months ahead): a 400 names the last date. Always a value: without them, the default
    window. The calendar query lists the occurrences in it (`view.window`)."""

    def __init__(self, default_past=0, default_days=DEFAULT_DAYS):
        super().__init__("from", "The window of dates.")
        self.default_past = default_past
        self.default_days = default_days

    @property
    def names(self):
        return ("from", "to")

    def parse(self, params):
        now = timezone.now()
        if "from" in params:
            start = moment(params, "from")
        else:
            start = now - timedelta(days=self.default_past)
        if "to" in params:
            end = moment(params, "to", end_of_day=True)
        else:
            end = start + timedelta(days=self.default_days + self.default_past)
        if end <= start:
            raise ParameterError("to", "to must be after from")
        if end - start > timedelta(days=MAX_DAYS):
            raise ParameterError("to", f"from and to may be at most {MAX_DAYS} days apart")
        until = occurrences.listed_until(now)
        if end > until:
            last = recurrence.local_naive(until).date() - timedelta(days=1)
            raise ParameterError(
                "to", f"the calendar lists dates until {last}: to may be at most {last}"
            )
        return start, end

    def apply(self, queryset, value, view):
        # the calendar query narrows to the window as it expands the dates in it
        view.window = value
        return queryset

    def openapi(self):
        default = f"{self.default_past} days ago" if self.default_past else "now"
        return [
            catalogue.query(
                "from",
                MOMENT,
                "Start of the window: a date (local midnight) or an ISO 8601 time "
                f"(default: {default}).",
            ),
            catalogue.query(
                "to",
                MOMENT,
                "End of the window: a date (included) or an ISO 8601 time; at most "
                f"{MAX_DAYS} days after `from` (default: "
                f"{self.default_days + self.default_past} days after `from`), and at most "
                f"{occurrences.horizon_days() - occurrences.MARGIN_DAYS - 1} days from today: "
                "dates are listed that far ahead (a later `to` is a 400 naming the last date).",
            ),
        ]


def moment(params, name, end_of_day=False):
    value = params[name].strip()
    message = f"{name} must be a date (YYYY-MM-DD) or an ISO 8601 date and time"
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            found = datetime.combine(day + timedelta(days=1 if end_of_day else 0), time())
        else:
            found = datetime.fromisoformat(value)
    except (ValueError, OverflowError):
        raise ParameterError(name, message) from None
    if not EARLIEST <= found.date() <= LATEST:
        raise ParameterError(name, f"{name} must be between {EARLIEST} and {LATEST}")
    if found.tzinfo is None:
        return recurrence.aware(found)
    return found


class CalendarAudiences(catalogue.Codes):
    """`tourists` and/or `locals`: an untagged event is for both."""

    def apply(self, queryset, value, view):
        return queryset.for_calendar_audiences(value)


NEAR = catalogue.Near()
#: what narrows the listing and the feed, besides the window
FILTERS = (
    catalogue.Community("The id of a community page (any language): the events in its section."),
    catalogue.Codes("category", "categories", CATEGORY_CODES, "Categories, comma-separated (any)."),
    CalendarAudiences(
        "audience",
        "calendar_audiences",
        CALENDAR_AUDIENCE_CODES,
        "`tourists` and/or `locals`, comma-separated (events for everyone are included).",
    ),
    catalogue.Codes(
        "language",
        "languages",
        sorted(LANGUAGE_CODES),
        "Language codes spoken at the event, comma-separated (any).",
    ),
    NEAR,
)
LISTING_FILTERS = (Window(), *FILTERS)
FEED_FILTERS = (Window(FEED_PAST_DAYS, FEED_DAYS), *FILTERS)
