"""Other organisations' calendars, read from their iCalendar feeds (events/importer.py), and
the events imported from them: shown in the calendar with their source, never edited here."""

import hashlib
import json

from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.models.schedule import (
    CALENDAR_AUDIENCE_CHOICES,
    CATEGORY_CHOICES,
    Schedule,
    ScheduleQuerySet,
)
from guide.audience import AUDIENCE_CHOICES, HOUSEHOLD_CODES, ORIGIN_CODES
from guide.fields import CodeListField, LanguageListField, codes_q
from guide.sites import SiteScoped

#: a feed is fetched over the web and nothing else (file:, ftp: and the like are refused)
FEED_SCHEMES = ("http", "https")
validate_feed_url = URLValidator(
    schemes=FEED_SCHEMES, message=_("Enter a web address starting with http:// or https://.")
)


def hold_status(held, total):
    return gettext("held: %(held)s of %(total)s events gone, confirm or fix") % {
        "held": held,
        "total": total,
    }


#: what coordinators may do: keep the list of calendars, see (never change) their events
class ExternalCalendar(SiteScoped):
    name = models.CharField(_("name"), max_length=255)
    feed_url = models.URLField(
        _("feed URL"),
        max_length=1000,
        validators=[validate_feed_url],
        help_text=_("The address of the calendar's iCalendar (.ics) feed, http:// or https://."),
    )
    region = models.CharField(
        _("region"), max_length=100, help_text=_("The town or area it covers, e.g. Aabenraa.")
    )
    categories = CodeListField(
        _("default categories"),
        codes=CATEGORY_CHOICES,
        help_text=_("Given to events whose own categories match none of ours."),
    )
    audiences = CodeListField(
        _("Who is this for?"),
        codes=AUDIENCE_CHOICES,
        help_text=_("Given to every event of this calendar. None means every newcomer."),
    )
    calendar_audiences = CodeListField(
        _("tourists or locals"),
        codes=CALENDAR_AUDIENCE_CHOICES,
        help_text=_("Given to every event of this calendar. None means both."),
    )
    languages = LanguageListField(
        _("languages spoken"), help_text=_("At this calendar's events, as far as is known.")
    )
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    #: counts and skipped events of the last import that read the feed (events/importer.py)
    last_report = models.JSONField(_("last report"), default=dict, blank=True)
    #: removals an import would not make on its own (it would have removed more than half of
    #: the events): [{"uid", "recurrence_id", "title"}], until confirmed or the feed is fixed
    held_removals = models.JSONField(_("held removals"), default=list, blank=True, editable=False)
    #: how many events the calendar had when the removals were held
    held_of = models.PositiveIntegerField(_("events when held"), default=0, editable=False)
    held_since = models.DateTimeField(
        _("removals held since"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("external calendar")
        verbose_name_plural = _("external calendars")
        ordering = ["name"]
        # neighbouring municipalities may both read a regional calendar
        constraints = [
            models.UniqueConstraint(fields=["site", "feed_url"], name="calendar_feed_per_site")
        ]

    def __str__(self):
        return f"{self.name} ({self.region})" if self.region else self.name

    @property
    def hold_token(self):
        """Names the set of held removals: a confirmation is for the set the coordinator saw."""
        keys = sorted((item["uid"], item["recurrence_id"]) for item in self.held_removals)
        return hashlib.sha256(json.dumps(keys).encode()).hexdigest()[:16]

    def hold_status(self):
        """ "held: N of M events gone, confirm or fix", or "" when nothing is held."""
        return hold_status(len(self.held_removals), self.held_of) if self.held_removals else ""

    hold_status.short_description = _("removals held")


class ImportedEventQuerySet(ScheduleQuerySet):
    def of_site(self, site):
        return self.filter(calendar__site=site) if site is not None else self.none()

    def in_community(self, page_id):
        """None: an imported event belongs to no community's section."""
        return self.none()

    def for_audience(self, audience):
        """`guide.audience.Audience.admits`, as SQL on the events' own audience codes (an
        imported event is no page, so it has no page audience tags)."""
        rows = self
        if audience.origin is not None:
            rows = rows.exclude(
                codes_q("audiences", ORIGIN_CODES) & ~codes_q("audiences", audience.origins)
            )
        if audience.denied_households:
            allowed = set(HOUSEHOLD_CODES) - audience.denied_households
            tagged = codes_q("audiences", HOUSEHOLD_CODES)
            rows = rows.exclude(tagged & ~codes_q("audiences", allowed) if allowed else tagged)
        return rows


class ImportedEvent(Schedule):
    """One VEVENT of a feed: a master event (`recurrence_id` "") with its rule, or a changed
    occurrence of it (`recurrence_id` the original start, its own row; the master then
    carries that date as cancelled)."""

    calendar = models.ForeignKey(
        ExternalCalendar,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("calendar"),
    )
    uid = models.CharField(_("UID"), max_length=500)
    #: the overridden occurrence's original start, UTC `YYYYMMDDTHHMMSSZ` or a date
    #: `YYYYMMDD` for all-day events; "" for the master
    recurrence_id = models.CharField(_("recurrence ID"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    #: the newcomer audiences (origin, household), its calendar's
    audiences = CodeListField(
        _("Who is this for?"), codes=AUDIENCE_CHOICES, help_text=_("None means every newcomer.")
    )
    #: a digest of everything imported: an unchanged event is not written again
    content_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("imported"), editable=False)
    updated_at = models.DateTimeField(_("updated"), editable=False)

    objects = ImportedEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("imported event")
        verbose_name_plural = _("imported events")
        ordering = ["start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["calendar", "uid", "recurrence_id"], name="imported_event_unique_uid"
            )
        ]

    def __str__(self):
        return self.title

    def searched_texts(self):
        return (self.title, self.description, self.place_name)
