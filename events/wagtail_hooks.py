from events.admin import calendars, registrations  # noqa: F401  (registers their hooks)
