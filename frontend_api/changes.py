"""What changed for an app's offline copy since a cursor: the rule of `/api/v2/changes/`.

A change is of a page or of a row (an association, a guide snippet, an imported event:
`RowChange`, written by `row_changes` in the transaction of the save, delete or import). A
row changed at its record's `changed_at`: given whole if its endpoint gives it (in the
language, for the audience), else a removal if that came after the app's copy was whole.

A change of a page is a page of the feed (its language, and Danish where `fallback` stands in for a
missing translation) at a moment: published or republished (`last_published_at`), public
again without a publish (`PageVisibility` says so), its stand-in status changed (a copy in
the asked language published or removed), or gone: a `PageVisibility` removal, a passed
`expire_at`, or a public page the app may no longer show (its audience or its translation
changed). Changes come in the order of (moment, area, id), the area breaking a tie of
moments (pages first, then the row kinds); a cursor is the position of the last change an
app has, and the time it read it.

Four queries each count and read the changes after the cursor (public pages, recorded
removals, expiries, row changes), each of the request's site only; they are merged here,
so a page of changes costs the same whatever its size. A first download begins at the
start, its copy whole from the moment it begins: it gets no removals.

The feed gives only changes settled `CHANGES_SETTLE_SECONDS` ago (5 by default): a publish
is stamped when its transaction writes it, not when it commits, so one committed after a
later one was read would come behind the cursor and be skipped. The cursor is never later
than that margin before the read; a change whose transaction takes longer may still be
missed. A response is kept (server cache, CDN) no longer than the margin, so a change shows
at most twice the margin after it is made."""

import base64
import binascii
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Substr
from django.utils import timezone
from wagtail.models import Page

from frontend_api import page_changes
from frontend_api.models import PageVisibility, RowChange
from frontend_api.row_changes import ALL_KINDS, IMPORTED_EVENTS, KINDS
from frontend_api.views.conventions import MAX_ID
from guide.public import default_language

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
#: the feed's areas, in the order that breaks a tie of moments: the pages, then the rows'
#: kinds (`row_changes.ALL_KINDS`), each the name of the endpoint that lists them
PAGES_AREA = "pages"
PAGES = 0
ROW_KINDS = ALL_KINDS
AREA_RANKS = {PAGES_AREA: PAGES, **{kind: n for n, kind in enumerate(ROW_KINDS, 1)}}
#: a removed row's `meta.type`, as its endpoint's items name it
ROW_TYPES = {
    **{kind: f"{model._meta.app_label}.{model.__name__}" for model, kind in KINDS.items()},
    IMPORTED_EVENTS: "events.ImportedEvent",
}
CURSOR_VERSION = "3"
#: the version before rows joined the pages: its copy has pages only
PAGES_ONLY_VERSION = "1"
#: the version before imported events joined: its copy has none of them
WITHOUT_IMPORTED_EVENTS_VERSION = "2"


class BadCursor(ValueError):
    pass


class PagesOnlyCursor(BadCursor):
    """A cursor of the feed when it gave pages only: the app's copy has none of the rows."""


class WithoutImportedEventsCursor(BadCursor):
    """A cursor of the feed before it gave imported events: the app's copy has none."""


@dataclass(frozen=True)
class Cursor:
    """A position in the feed, (moment, area, id): the area's rank (`PAGES` 0, then the
    rows' kinds in `ROW_KINDS` order) breaks ties between a page and a row changed at the
    same moment. `copy_at`: since when the app's copy is whole: when it last read to the
    end of the feed, or began its first download. A removal at or before `copy_at` is of
    something the app no longer has, or never had; the feed keeps removals for
    `CHANGES_RETENTION_DAYS`, so a copy older than that may have missed some (`expired`)."""

    moment: datetime.datetime
    item_id: int
    copy_at: datetime.datetime
    area: int = 0

    def encode(self):
        moment, copy_at = _micros(self.moment), _micros(self.copy_at)
        parts = [CURSOR_VERSION, moment, self.area, self.item_id, copy_at]
        text = ":".join(str(part) for part in parts)
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, value):
        try:
            padded = value + "=" * (-len(value) % 4)
            text = base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii")
            version, *numbers = text.split(":")
            if not all(part.isdigit() for part in numbers):
                raise BadCursor(value)
            if version == PAGES_ONLY_VERSION and len(numbers) == 3:
                raise PagesOnlyCursor(value)
            if version == WITHOUT_IMPORTED_EVENTS_VERSION and len(numbers) == 4:
                raise WithoutImportedEventsCursor(value)
            if version != CURSOR_VERSION or len(numbers) != 4:
                raise BadCursor(value)
            moment, area, item_id, copy_at = (int(part) for part in numbers)
            if item_id > MAX_ID or area >= len(ROW_KINDS) + 1:
                raise BadCursor(value)
            return cls(_from_micros(moment), item_id, _from_micros(copy_at), area)
        except (UnicodeError, binascii.Error, ValueError, OverflowError) as error:
            if isinstance(error, BadCursor):
                raise
            raise BadCursor(value) from error

    def expired(self, now):
        return self.copy_at < now - page_changes.retention()

    def after(self, moment_field, id_field, area=PAGES):
        """The rows of `area` after this position."""
        later = Q(**{f"{moment_field}__gt": self.moment})
        if area > self.area:
            return later | Q(**{moment_field: self.moment})
        if area < self.area:
            return later
        return later | Q(**{moment_field: self.moment, f"{id_field}__gt": self.item_id})

    def following(self, changes, limit, settled):
        """The cursor an app keeps after `changes` (at most `limit` of them, after this
        one): at the last of them; its copy is whole as of `settled` if they were the last
        ones."""
        last = changes[-1] if changes else None
        moment, area, item_id = last.position if last else (self.moment, self.area, self.item_id)
        whole = max(self.copy_at, settled) if len(changes) < limit else self.copy_at
        return Cursor(moment, item_id, whole, area)


def settle_seconds():
    return getattr(settings, "CHANGES_SETTLE_SECONDS", 5)


def settled(now):
    """The latest moment the feed gives changes up to: `CHANGES_SETTLE_SECONDS` before now,
    so that every transaction stamped before it has committed."""
    return now - datetime.timedelta(seconds=settle_seconds())


def start(settled):
    """The position before every change, for a first download whole as of `settled`."""
    return Cursor(EPOCH, 0, settled, PAGES)


def _micros(moment):
    return int((moment - EPOCH) / datetime.timedelta(microseconds=1))


def _from_micros(value):
    return EPOCH + datetime.timedelta(microseconds=value)


@dataclass(frozen=True)
class Change:
    moment: datetime.datetime
    item_id: int
    shown: bool  # False: a removal
    item_type: str = ""  # `app_label.ModelName` of a removal
    language_code: str = ""
    content_type_id: int | None = None  # of a page
    kind: str = PAGES_AREA  # the area: "pages", or a row's kind

    @property
    def area(self):
        return AREA_RANKS[self.kind]

    @property
    def position(self):
        return (self.moment, self.area, self.item_id)


def _latest(queryset, field):
    latest = queryset.order_by(F(field).desc(nulls_last=True)).values(field)[:1]
    return Coalesce(Subquery(latest), Value(EPOCH))


def moment_of_pages(language, fallback, now):
    """When a page last changed for the feed: its publish, its being given again (shown
    again, moved, its parent republished: `PageVisibility`), and, for
    a Danish stand-in, any change of its copy in the asked language (which replaces it, or
    whose removal brings it back)."""
    own = [
        Coalesce("last_published_at", Value(EPOCH)),
        _latest(PageVisibility.objects.filter(page_id=OuterRef("pk"), public=True), "changed_at"),
    ]
    if fallback and language != default_language():
        copies = {"translation_key": OuterRef("translation_key")}
        asked = Page.objects.filter(**copies, locale__language_code=language)
        own += [
            _latest(asked, "last_published_at"),
            _latest(asked.filter(live=True, expire_at__lte=now), "expire_at"),
            _latest(PageVisibility.objects.filter(**copies, language_code=language), "changed_at"),
        ]
    return Greatest(*own)


def languages(language, fallback):
    return sorted({language, default_language()} if fallback else {language})


def in_site(pages, site):
    """`pages` (a queryset) of `site`'s tree, in every language, in the same query."""
    if site is None:
        return pages.none()
    root = site.root_page
    roots = Page.objects.filter(translation_key=root.translation_key, depth=root.depth)
    return pages.annotate(root_path=Substr("path", 1, len(root.path))).filter(
        root_path__in=roots.values("path")
    )


def changes_since(
    site, public, shown, language, fallback, cursor, offset, limit, settled, rows=None
):
    """(how many changes of `site` follow `cursor`, the `limit` changes after the first
    `offset`), up to `settled`. `public`: the pages an anonymous client of the site may
    see, or None for no pages at all; `shown`: those the feed gives whole (in the
    language, for the audience); the others are removals if they changed after the app's
    copy was whole. `rows`: for each row kind the feed gives, the rows it gives whole (its
    endpoint's listing, before its own filters); the others are removals likewise."""
    now = timezone.now()
    sources = [_row_source(site, rows or {}, cursor, settled)]
    if public is not None:
        sources += _page_sources(site, public, shown, language, fallback, cursor, settled, now)
    total = sum(count for count, _read in sources)
    end = offset + limit
    changes = [change for _count, read in sources for change in read(end)]
    changes.sort(key=lambda change: change.position)
    return total, changes[offset:end]


def _page_sources(site, public, shown, language, fallback, cursor, settled, now):
    in_languages = languages(language, fallback)
    pages = (
        public.filter(locale__language_code__in=in_languages)
        .annotate(
            moment=moment_of_pages(language, fallback, now),
            shown=Case(
                When(pk__in=shown.values("pk"), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .filter(cursor.after("moment", "pk"), moment__lte=settled)
        .filter(Q(shown=True) | Q(moment__gt=cursor.copy_at))
        .order_by("moment", "pk")
    )
    removals = (
        PageVisibility.objects.filter(site=site, public=False, language_code__in=in_languages)
        .exclude(page_id__in=public.values("pk"))
        .filter(cursor.after("changed_at", "page_id"), changed_at__gt=cursor.copy_at)
        .filter(changed_at__lte=settled)
        .order_by("changed_at", "page_id")
    )
    expiries = (
        in_site(Page.objects.filter(live=True, locale__language_code__in=in_languages), site)
        .filter(cursor.after("expire_at", "pk"), expire_at__gt=cursor.copy_at)
        .filter(expire_at__lte=settled)
        .order_by("expire_at", "pk")
    )

    def read_removals(end):
        for row in removals[:end]:
            yield Change(row.changed_at, row.page_id, False, row.page_type, row.language_code)

    def read_expiries(end):
        values = expiries.values_list("expire_at", "pk", "content_type_id", "locale__language_code")
        for moment, pk, content_type_id, language_code in values[:end]:
            yield Change(moment, pk, False, page_changes.page_type(content_type_id), language_code)

    return [
        (pages.count(), lambda end: _page_changes(pages, end)),
        (removals.count(), read_removals),
        (expiries.count(), read_expiries),
    ]


def _row_source(site, rows, cursor, settled):
    """The row changes after `cursor`: each row shown whole where its kind's endpoint
    gives it, else a removal if it changed after the app's copy was whole."""
    if not rows or site is None:
        return 0, lambda end: []
    after = Q(pk__in=[])
    shown = []
    for kind, given in rows.items():
        after |= Q(kind=kind) & cursor.after("changed_at", "object_id", AREA_RANKS[kind])
        shown.append(When(kind=kind, object_id__in=given.values("pk"), then=Value(True)))
    changes = (
        RowChange.objects.filter(site=site, changed_at__lte=settled)
        .filter(after)
        .annotate(
            shown=Case(*shown, default=Value(False), output_field=BooleanField()),
            area=Case(
                *(When(kind=kind, then=Value(AREA_RANKS[kind])) for kind in rows),
                output_field=IntegerField(),
            ),
        )
        .filter(Q(shown=True, public=True) | Q(changed_at__gt=cursor.copy_at))
        .order_by("changed_at", "area", "object_id")
    )

    def read(end):
        values = changes.values_list(
            "changed_at", "object_id", "shown", "public", "kind", "language_code"
        )
        for moment, pk, shown, public, kind, language_code in values[:end]:
            whole = shown and public
            item_type = "" if whole else ROW_TYPES[kind]
            yield Change(moment, pk, whole, item_type, language_code, kind=kind)

    return changes.count(), read


def _page_changes(pages, count):
    rows = pages.values_list("moment", "pk", "shown", "content_type_id", "locale__language_code")
    for moment, pk, shown, content_type_id, language_code in rows[:count]:
        page_type = "" if shown else page_changes.page_type(content_type_id)
        yield Change(moment, pk, shown, page_type, language_code, content_type_id)
