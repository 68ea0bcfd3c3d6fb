from events.models.calendar import ExternalCalendar, ImportedEvent  # noqa: F401
from events.models.event import EventIndexPage, EventPage, JoinMode
from events.models.occurrence import EventDate
from events.models.registration import OccurrenceSeats, Registration, RegistrationStatus  # noqa: F401
from events.models.schedule import (
    CALENDAR_AUDIENCE_CHOICES,
    CALENDAR_AUDIENCE_CODES,
    CATEGORY_CHOICES,
    CATEGORY_CODES,
    Schedule,
    ScheduleQuerySet,
)

__all__ = [
    "CALENDAR_AUDIENCE_CHOICES",
    "CALENDAR_AUDIENCE_CODES",
    "CATEGORY_CHOICES",
    "CATEGORY_CODES",
    "EventDate",
    "EventIndexPage",
    "EventPage",
    "JoinMode",
    "Schedule",
    "ScheduleQuerySet",
]
