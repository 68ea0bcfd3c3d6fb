"""Keeps `models.RowChange` true to the saves and deletes of the rows the change feed gives
beside the pages: associations (`public` while not hidden: hiding one is a removal) and the
guide's snippets (culture guide, contacts, useful links: each row is public while it
exists). The record is written by `post_save`/`post_delete`, so in the transaction of the
change: a change rolled back leaves no record, and one committed always has one.

A snippet stands in (in Danish) for its missing translations, so a save or delete of any
language copy records every copy of it: an app reading in English learns that the Danish
stand-in gave way to its translation, or came back. One record per row, replaced in place;
records older than `CHANGES_RETENTION_DAYS` are dropped as new ones are written."""

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from directory.models import Association
from frontend_api.page_changes import retention
from guide.models import Contact, CultureNote, UsefulLink

DISPATCH_UID = "frontend_api.row_changes"

#: the feed's area of each model's rows (its endpoint's name)
KINDS = {
    Association: "associations",
    CultureNote: "culture-guide",
    Contact: "contacts",
    UsefulLink: "links",
}


def is_public(row):
    return not getattr(row, "hidden", False)


def record(kind, rows):
    """Replace the records of `rows` of `kind`: (id, site id, language, public) each."""
    from frontend_api.models import RowChange

    now = timezone.now()
    RowChange.objects.filter(changed_at__lt=now - retention()).delete()
    if not rows:
        return
    RowChange.objects.bulk_create(
        [
            RowChange(
                kind=kind,
                object_id=pk,
                site_id=site_id,
                language_code=language_code,
                public=public,
                changed_at=now,
            )
            for pk, site_id, language_code, public in rows
        ],
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=["site", "language_code", "public", "changed_at"],
    )


def copies(row):
    """The other language copies of a snippet (none for an association)."""
    if not hasattr(row, "translation_key"):
        return []
    others = type(row).objects.filter(translation_key=row.translation_key).exclude(pk=row.pk)
    return list(others.values_list("pk", "site_id", "locale__language_code"))


def language_of(row):
    return row.locale.language_code if hasattr(row, "locale_id") else ""


def saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    kind = KINDS[sender]
    rows = [(instance.pk, instance.site_id, language_of(instance), is_public(instance))]
    record(kind, rows + [(*copy, True) for copy in copies(instance)])


def deleted(sender, instance, **kwargs):
    kind = KINDS[sender]
    rows = [(instance.pk, instance.site_id, language_of(instance), False)]
    record(kind, rows + [(*copy, True) for copy in copies(instance)])


def connect():
    for model in KINDS:
        name = model.__name__
        post_save.connect(saved, sender=model, dispatch_uid=f"{DISPATCH_UID}.saved.{name}")
        post_delete.connect(deleted, sender=model, dispatch_uid=f"{DISPATCH_UID}.deleted.{name}")
