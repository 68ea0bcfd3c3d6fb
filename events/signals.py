"""Keep the `EventDate` rows of an event as it is published, changed, unpublished (Wagtail
saves the page row with `live` false) or imported (deletes cascade)."""

from django.db.models.signals import post_save

from events import occurrences
from events.models import EventPage, ImportedEvent
from guide.public import DRAFT_BOOKKEEPING_FIELDS

DISPATCH_UID = "events.occurrences"


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
