"""The calendar's fixtures, for flows that register for events."""

from tests.events.conftest import calendar_index, make_event  # noqa: F401
