from events.models.calendar import ExternalCalendar, ImportedEvent  # noqa: F401
from events.models.event import EventIndexPage, EventPage, JoinMode
from events.models.registration import OccurrenceSeats, Registration, RegistrationStatus  # noqa: F401
from events.models.schedule import (
    CATEGORY_CHOICES,
    CATEGORY_CODES,
    EVENT_AUDIENCE_CHOICES,
    EVENT_AUDIENCE_CODES,
    Schedule,
    ScheduleQuerySetMixin,
)

__all__ = [
    "CATEGORY_CHOICES",
    "CATEGORY_CODES",
    "EVENT_AUDIENCE_CHOICES",
    "EVENT_AUDIENCE_CODES",
    "EventIndexPage",
    "EventPage",
    "JoinMode",
    "Schedule",
    "ScheduleQuerySetMixin",
]
