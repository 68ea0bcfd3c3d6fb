"""What a municipality's digests can announce: the coming dates of its live, public event
pages that are either its own social events or a community's, read in a constant number of
queries per municipality whatever the number of recipients (newcomers.digests picks each
recipient's share).

The municipality's own social events (CaféNy, the welcome days, the monthly event) are the
event pages of its calendar section (`EventIndexPage`), where only coordinators publish;
a community's events live under its `CommunityPage`. An event page has one of these two as
its parent (`EventPage.parent_page_types`), so the parent says which it is."""

from dataclasses import dataclass, field

from django.db.models import Q
from wagtail.models import Page

from communities.models import CommunityPage
from events.models import EventDate, EventIndexPage, EventPage
from guide.sites import site_pages_q


@dataclass
class Copy:
    """One language copy of an event page."""

    id: int
    title: str


@dataclass
class Event:
    """An event with its copies by language and its coming dates' first start."""

    translation_key: object
    #: the community's translation_key, or None: the municipality's own
    community_key: object
    next_start: object
    all_day: bool
    #: the first publication of any of its copies (None: a page made live without one)
    first_published_at: object
    copies: dict = field(default_factory=dict)

    def copy_in(self, language, default_language):
        """The copy to show in `language`: its own, else the municipality's default
        language's, else any (the website keeps that copy's id in every language)."""
        return (
            self.copies.get(language)
            or self.copies.get(default_language)
            or next(iter(self.copies.values()))
        )


def _visible(queryset, now):
    """Live, unrestricted, unexpired pages (Wagtail marks expiry only when its job runs)."""
    return queryset.live().public().filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))


def coming_events(site, start, end, now):
    """The events of `site` (all languages) with a date starting in [start, end), sorted
    by their first such date."""
    in_site = site_pages_q(site)
    parents = {}  # path of a section -> community key, or None for the calendar section
    for path in _visible(EventIndexPage.objects.filter(in_site), now).values_list(
        "path", flat=True
    ):
        parents[path] = None
    for path, key in _visible(CommunityPage.objects.filter(in_site), now).values_list(
        "path", "translation_key"
    ):
        parents[path] = key
    pages = _visible(EventPage.objects.filter(in_site), now)
    dates = (
        EventDate.objects.filter(page__in=pages.values("pk"), start__gte=start, start__lt=end)
        .order_by("start", "page_id")
        .values_list(
            "start",
            "all_day",
            "page_id",
            "page__title",
            "page__translation_key",
            "page__locale__language_code",
            "page__path",
            "page__first_published_at",
        )
    )
    events = {}
    for starts, all_day, page_id, title, key, language, path, published in dates:
        parent = path[: -Page.steplen]
        if parent not in parents:
            continue  # below a section that is not shown
        event = events.get(key)
        if event is None:
            event = events[key] = Event(key, parents[parent], starts, all_day, published)
        if language not in event.copies:
            event.copies[language] = Copy(page_id, title)
            if published and (not event.first_published_at or published < event.first_published_at):
                event.first_published_at = published
    return list(events.values())
