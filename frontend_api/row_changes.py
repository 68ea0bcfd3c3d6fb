"""Keeps `models.RowChange` true to the saves and deletes of the rows the change feed gives
beside the pages: associations (`public` while not hidden: hiding one is a removal) and the
guide's snippets (culture guide, contacts, useful links: each row is public while it
exists). The record is written by `post_save`/`post_delete`, so in the transaction of the
change: a change rolled back leaves no record, and one committed always has one.

A snippet stands in (in Danish) for its missing translations, so a save or delete of any
language copy records every copy of it: an app reading in English learns that the Danish
stand-in gave way to its translation, or came back. One record per row, replaced in place;
removals older than `CHANGES_RETENTION_DAYS` are dropped as new ones are written (a row's
own record stays however old: it is what gives the row to a first download).

A row moved to another site (its `site` changed) is a removal in the old site's feed and an
addition in the new one's: one record per row and site.

Imported events (`events.ImportedEvent`) are written by the importer in bulk, which sends no
model signal: it sends `events.signals.imported_events_changed` with the ids it created,
changed and removed, in its transaction, and `imported()` records them in one query per
batch. A calendar renamed or moved to another site records all its events (their `source`,
their site).

The rule: the four row kinds above are written with `save()`/`delete()`. A
`QuerySet.delete()` records too (Django's collector sends `post_delete` for each row when
anyone listens), but `QuerySet.update()`, `bulk_create()` and `bulk_update()` send no signal
and would leave the feed behind: code that must write them in bulk calls `record()` itself,
in the same transaction (as the importer does through its signal). Django's own bulk write,
`on_delete=SET_NULL` (an association's community page deleted, a contact's photo or a culture
note's image deleted), is recorded from the deleted row's `pre_delete` (`REFERENCES`).
(`review_associations` updates `reminded_at` in bulk: bookkeeping no item shows.)"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone
from wagtail.images import get_image_model

from communities.models import CommunityPage
from directory.models import Association
from events.models import ExternalCalendar
from events.signals import imported_events_changed
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
#: the area of imported events (recorded from the importer's signal, not per save)
IMPORTED_EVENTS = "imported-events"
#: the feed's row kinds, in its order of ties
ALL_KINDS = (*KINDS.values(), IMPORTED_EVENTS)


def is_public(row):
    return not getattr(row, "hidden", False)


def record(kind, rows):
    """Replace the records of `rows` of `kind`: (id, site id, language, public) each."""
    from frontend_api.models import RowChange

    now = timezone.now()
    # only removals are dropped: a row's record is what gives it to a first download, so
    # an unchanged row keeps it (one per row and site: the table stays bounded)
    RowChange.objects.filter(public=False, changed_at__lt=now - retention()).delete()
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
        unique_fields=["kind", "object_id", "site"],
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


def writes_any(update_fields, names):
    """Whether a save writes any of the fields `names` (a save without `update_fields`
    writes every field). A save of other fields only, from an instance read before a move,
    must not be taken for a move back."""
    return update_fields is None or not update_fields.isdisjoint(names)


def site_before(sender, instance, raw=False, update_fields=None, **kwargs):
    """Remember the site a row being saved was in (one query), to tell a move."""
    if raw or instance._state.adding or instance.pk is None:
        return
    if not writes_any(update_fields, ("site", "site_id")):
        return
    old = sender.objects.filter(pk=instance.pk).values_list("site_id", flat=True).first()
    instance._feed_site_before = old


def moved_from(instance):
    """The site a saved row left (None if it stayed)."""
    old = instance.__dict__.pop("_feed_site_before", None)
    return old if old is not None and old != instance.site_id else None


def saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    kind = KINDS[sender]
    language = language_of(instance)
    rows = [(instance.pk, instance.site_id, language, is_public(instance))]
    if (old := moved_from(instance)) is not None:
        rows.append((instance.pk, old, language, False))
    record(kind, rows + [(*copy, True) for copy in copies(instance)])


def deleted(sender, instance, **kwargs):
    kind = KINDS[sender]
    rows = [(instance.pk, instance.site_id, language_of(instance), False)]
    record(kind, rows + [(*copy, True) for copy in copies(instance)])


def records_of(model, rows):
    """(id, site id, language, public) of `rows` (a queryset of `model`), in one query."""
    if model is Association:
        values = rows.values_list("pk", "site_id", "hidden")
        return [(pk, site_id, "", not hidden) for pk, site_id, hidden in values]
    values = rows.values_list("pk", "site_id", "locale__language_code")
    return [(pk, site_id, language, True) for pk, site_id, language in values]


def references():
    """Rows whose item shows another row that Django sets to null on its deletion (an SQL
    update, no signal): {referred model: [(model, foreign key)]}."""
    return {
        CommunityPage: [(Association, "community")],
        get_image_model(): [(Contact, "photo"), (CultureNote, "image")],
    }


def referred_deleted(sender, instance, **kwargs):
    """Its rows will show null instead: given again."""
    for model, field in references().get(sender, ()):
        rows = records_of(model, model.objects.filter(**{field: instance.pk}))
        if rows:
            record(KINDS[model], rows)


def imported(sender, calendar, site_id, changed=(), removed=(), **kwargs):
    """What an import did to a calendar's events (`events.signals.imported_events_changed`)."""
    rows = [(pk, site_id, "", True) for pk in changed]
    record(IMPORTED_EVENTS, rows + [(pk, site_id, "", False) for pk in removed])


#: what an imported event shows of its calendar, or is scoped by
CALENDAR_SHOWN = ("site_id", "name", "region")


def calendar_before(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance._state.adding or instance.pk is None:
        return
    if not writes_any(update_fields, ("site", *CALENDAR_SHOWN)):
        return
    old = ExternalCalendar.objects.filter(pk=instance.pk).values_list(*CALENDAR_SHOWN).first()
    instance._feed_calendar_before = old


def calendar_saved(sender, instance, raw=False, **kwargs):
    """Renamed, or moved to another site: every event of it is given again (and removed
    from the site it left)."""
    old = instance.__dict__.pop("_feed_calendar_before", None)
    if raw or old is None or old == tuple(getattr(instance, name) for name in CALENDAR_SHOWN):
        return
    pks = list(instance.events.values_list("pk", flat=True))
    rows = [(pk, instance.site_id, "", True) for pk in pks]
    if old[0] != instance.site_id:
        rows += [(pk, old[0], "", False) for pk in pks]
    record(IMPORTED_EVENTS, rows)


def connect():
    imported_events_changed.connect(imported, dispatch_uid=f"{DISPATCH_UID}.imported")
    pre_save.connect(
        calendar_before, sender=ExternalCalendar, dispatch_uid=f"{DISPATCH_UID}.calendar_before"
    )
    post_save.connect(
        calendar_saved, sender=ExternalCalendar, dispatch_uid=f"{DISPATCH_UID}.calendar_saved"
    )
    for model in references():
        pre_delete.connect(
            referred_deleted, sender=model, dispatch_uid=f"{DISPATCH_UID}.referred.{model.__name__}"
        )
    for model in KINDS:
        name = model.__name__
        pre_save.connect(site_before, sender=model, dispatch_uid=f"{DISPATCH_UID}.before.{name}")
        post_save.connect(saved, sender=model, dispatch_uid=f"{DISPATCH_UID}.saved.{name}")
        post_delete.connect(deleted, sender=model, dispatch_uid=f"{DISPATCH_UID}.deleted.{name}")
