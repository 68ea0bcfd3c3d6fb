"""Who may manage the imported calendars (the coordinators: `EventsConfig`)."""

CHANGE_CALENDARS = "events.change_externalcalendar"


def can_manage_calendars(user):
    """Import a calendar now, confirm the removals an import held, see the feeds' problems."""
    return user.has_perm(CHANGE_CALENDARS)
