"""The calendar's query: which events a listing or a feed shows, and their occurrences in a
window, sorted.

Everything but the searched words is SQL, on the querysets of both kinds of entry (event
pages, imported events): the window (`overlapping`) and the newcomer audience
(`for_audience`: a page's audience tags, an imported event's own codes); the caller narrows
the querysets further (categories, languages, distance …) before handing them in. The words
are matched in Python on what SQL left: SQLite folds the case of ASCII letters only, and
"BRÆTSPIL" must find "Brætspil". Which pages an anonymous client may see, in which language,
is the API's to decide: it hands in the queryset of pages.
"""

from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from typing import NamedTuple

from events.models import ImportedEvent
from events.models.schedule import SCHEDULE_FIELDS
from guide.audience import Audience

#: what the calendar reads of each entry: its schedule, and what else an item shows
PAGE_FIELDS = (
    *SCHEDULE_FIELDS,
    "id",
    "title",
    "path",
    "translation_key",
    "locale",
    "url_path",
    "summary",
    "join_mode",
    "join_url",
    "seats",
    "latest_revision_created_at",
    "last_published_at",
)
IMPORTED_FIELDS = (
    *SCHEDULE_FIELDS,
    "id",
    "calendar",
    "uid",
    "recurrence_id",
    "title",
    "description",
    "url",
    "audiences",
    "updated_at",
)


class Occurrence(NamedTuple):
    """One date of an event page or an imported event (a tuple: there are thousands)."""

    start: datetime
    imported: bool
    pk: int
    end: datetime
    event: object


#: by start, then pages before imported events, then id: a stable order for paging
SORT_KEY = itemgetter(0, 1, 2)


@dataclass(frozen=True)
class CalendarQuery:
    """What is asked for; an empty filter leaves nothing out."""

    window_start: datetime
    window_end: datetime
    audience: Audience = field(default_factory=Audience)
    search: str = ""

    def filter(self, entries):
        """A queryset of event pages or imported events, narrowed in SQL."""
        entries = entries.overlapping(self.window_start, self.window_end)
        return entries.for_audience(self.audience).order_by()

    def event_pages(self, pages):
        """The pages of `pages` (a queryset the caller has narrowed to what may be shown)
        that are asked for."""
        pages = self.filter(pages).select_related("locale")
        pages = pages.only(*PAGE_FIELDS, "locale__language_code")
        return [page for page in pages if self.matches(page.title, page.summary, page.place_name)]

    def imported_events(self, events):
        """The imported events of `events` (a queryset) that are asked for."""
        events = self.filter(events).select_related("calendar")
        events = events.only(*IMPORTED_FIELDS, "calendar__name", "calendar__region")
        return [
            event
            for event in events
            if self.matches(event.title, event.description, event.place_name)
        ]

    def matches(self, *texts):
        """The searched words, in any case, in one of `texts`."""
        if not self.search:
            return True
        words = self.search.casefold()
        return any(words in text.casefold() for text in texts)

    def occurrences(self, events):
        """Every occurrence of `events` in the window, sorted by start."""
        found = []
        for event in events:
            imported = isinstance(event, ImportedEvent)
            found.extend(
                Occurrence(occurrence.start, imported, event.pk, occurrence.end, event)
                for occurrence in event.occurrences(self.window_start, self.window_end)
            )
        found.sort(key=SORT_KEY)
        return found
