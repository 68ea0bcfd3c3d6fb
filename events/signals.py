"""Keep the `EventDate` rows of an event as it is published, changed, unpublished (Wagtail
saves the page row with `live` false) or imported (deletes cascade).

`imported_events_changed` tells who keeps a record of changes (the API's change feed,
`frontend_api.row_changes`, which this app does not import) which imported events a calendar's
import created or changed and which it removed: the importer writes them in bulk, which sends
no model signal. It is sent in the transaction of the writes, once per batch of them, with
`site_id` (the calendar's site), `changed` and `removed` (lists of ids). Deleting a calendar
sends it for the events deleted with it."""

from django.db.models.signals import post_save, pre_delete
from django.dispatch import Signal

from events import occurrences
from events.models import EventPage, ExternalCalendar, ImportedEvent
from guide.public import DRAFT_BOOKKEEPING_FIELDS

DISPATCH_UID = "events.occurrences"

#: sent with `site_id`, `changed` and `removed` (ids of imported events), sender the calendar
imported_events_changed = Signal()


def imported_changes(calendar, changed=(), removed=()):
    """Tell the listeners what an import (or a confirmation, a deletion) did to `calendar`'s
    events."""
    if changed or removed:
        imported_events_changed.send(
            sender=ExternalCalendar,
            calendar=calendar,
            site_id=calendar.site_id,
            changed=list(changed),
            removed=list(removed),
        )


def calendar_deleted(sender, instance, **kwargs):
    # before the cascade: the events are still there to be named
    imported_changes(instance, removed=instance.events.values_list("pk", flat=True))


def page_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or (update_fields and set(update_fields) <= DRAFT_BOOKKEEPING_FIELDS):
        return
    occurrences.write(instance)


def imported_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        occurrences.write(instance)


def connect():
    post_save.connect(page_saved, sender=EventPage, dispatch_uid=DISPATCH_UID)
    post_save.connect(imported_saved, sender=ImportedEvent, dispatch_uid=DISPATCH_UID)
    pre_delete.connect(
        calendar_deleted, sender=ExternalCalendar, dispatch_uid=f"{DISPATCH_UID}.calendar"
    )
