"""What changed for an app's offline copy since a cursor: the rule of `/api/v2/changes/`.

A change is a page of the feed (its language, and Danish where `fallback` stands in for a
missing translation) at a moment: published or republished (`last_published_at`), public
again without a publish (`PageVisibility` says so), its stand-in status changed (a copy in
the asked language published or removed), or gone: a `PageVisibility` removal, a passed
`expire_at`, or a public page the app may no longer show (its audience or its translation
changed). Changes come in the order of (moment, page id); a cursor is the position of the
last change an app has, and the time it read it.

Three queries each count and read the changes after the cursor (public pages, recorded
removals, expiries), each of the request's site only; they are merged here, so a page of
changes costs the same whatever its size. A first download begins at the start, its copy
whole from the moment it begins: it gets no removals.

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
from django.db.models import BooleanField, Case, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest, Substr
from django.utils import timezone
from wagtail.models import Page

from frontend_api import page_changes
from frontend_api.models import PageVisibility
from frontend_api.views.conventions import MAX_ID
from guide.public import default_language

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
CURSOR_VERSION = "1"


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class Cursor:
    """A position in the feed, (moment, page id), and since when the app's copy is whole
    (`copy_at`): when it last read to the end of the feed, or began its first download.
    A removal at or before `copy_at` is of a page the app no longer has, or never had; the
    feed keeps removals for `CHANGES_RETENTION_DAYS`, so a copy older than that may have
    missed some (`expired`)."""

    moment: datetime.datetime
    page_id: int
    copy_at: datetime.datetime

    def encode(self):
        parts = [CURSOR_VERSION, _micros(self.moment), self.page_id, _micros(self.copy_at)]
        text = ":".join(str(part) for part in parts)
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, value):
        try:
            padded = value + "=" * (-len(value) % 4)
            text = base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii")
            version, moment, page_id, copy_at = text.split(":")
            numbers = (moment, page_id, copy_at)
            if version != CURSOR_VERSION or not all(part.isdigit() for part in numbers):
                raise BadCursor(value)
            if int(page_id) > MAX_ID:
                raise BadCursor(value)
            return cls(_from_micros(int(moment)), int(page_id), _from_micros(int(copy_at)))
        except (UnicodeError, binascii.Error, ValueError, OverflowError) as error:
            raise BadCursor(value) from error

    def expired(self, now):
        return self.copy_at < now - page_changes.retention()

    def after(self, moment_field, id_field):
        """The rows after this position."""
        return Q(**{f"{moment_field}__gt": self.moment}) | Q(
            **{moment_field: self.moment, f"{id_field}__gt": self.page_id}
        )

    def following(self, changes, limit, settled):
        """The cursor an app keeps after `changes` (at most `limit` of them, after this
        one): at the last of them; its copy is whole as of `settled` if they were the last
        ones."""
        moment, page_id = changes[-1].position if changes else (self.moment, self.page_id)
        whole = max(self.copy_at, settled) if len(changes) < limit else self.copy_at
        return Cursor(moment, page_id, whole)


def settle_seconds():
    return getattr(settings, "CHANGES_SETTLE_SECONDS", 5)


def settled(now):
    """The latest moment the feed gives changes up to: `CHANGES_SETTLE_SECONDS` before now,
    so that every transaction stamped before it has committed."""
    return now - datetime.timedelta(seconds=settle_seconds())


def start(settled):
    """The position before every change, for a first download whole as of `settled`."""
    return Cursor(EPOCH, 0, settled)


def _micros(moment):
    return int((moment - EPOCH) / datetime.timedelta(microseconds=1))


def _from_micros(value):
    return EPOCH + datetime.timedelta(microseconds=value)


@dataclass(frozen=True)
class Change:
    moment: datetime.datetime
    page_id: int
    shown: bool  # False: a removal
    page_type: str = ""  # `app_label.ModelName` of a removal
    language_code: str = ""
    content_type_id: int | None = None

    @property
    def position(self):
        return (self.moment, self.page_id)


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


def changes_since(site, public, shown, language, fallback, cursor, offset, limit, settled):
    """(how many changes of `site` follow `cursor`, the `limit` changes after the first
    `offset`), up to `settled`. `public`: the pages an anonymous client of the site may
    see; `shown`: those the feed gives whole (in the language, for the audience); the
    others are removals if they changed after the app's copy was whole."""
    now = timezone.now()
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
    total = pages.count() + removals.count() + expiries.count()
    end = offset + limit
    changes = [
        *_page_changes(pages, end),
        *(
            Change(row.changed_at, row.page_id, False, row.page_type, row.language_code)
            for row in removals[:end]
        ),
        *(
            Change(moment, pk, False, page_changes.page_type(content_type_id), language_code)
            for moment, pk, content_type_id, language_code in expiries.values_list(
                "expire_at", "pk", "content_type_id", "locale__language_code"
            )[:end]
        ),
    ]
    changes.sort(key=lambda change: change.position)
    return total, changes[offset:end]


def _page_changes(pages, count):
    rows = pages.values_list("moment", "pk", "shown", "content_type_id", "locale__language_code")
    for moment, pk, shown, content_type_id, language_code in rows[:count]:
        page_type = "" if shown else page_changes.page_type(content_type_id)
        yield Change(moment, pk, shown, page_type, language_code, content_type_id)
