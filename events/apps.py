from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Calendar")
    #: the rights the coordinators group holds here (granted by `communities.access`): the
    #: calendars imported from elsewhere, whose events are read-only
    coordinator_permissions = (
        *(
            ("events", f"{action}_externalcalendar")
            for action in ("add", "change", "delete", "view")
        ),
        ("events", "view_importedevent"),
    )

    def ready(self):
        from events import signals

        signals.connect()
