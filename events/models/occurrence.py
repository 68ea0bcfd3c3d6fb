"""The dates of the calendar as rows (`events.occurrences` writes them): one per occurrence of
a live event page (each language copy its own) or of an imported event, up to a rolling
horizon, so that the listing filters, orders and pages in SQL.

The listing walks one index in its order (start, then pages before imported events, then
id: `event_date_order`), which also holds what its count reads; `lasts` bounds how far
before a window a date may start and still overlap it (the longest is one index lookup).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EventDate(models.Model):
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    all_day = models.BooleanField(_("all day"), default=False)
    #: end − start
    lasts = models.DurationField(_("lasts"), db_index=True)
    page = models.ForeignKey(
        "events.EventPage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dates",
        verbose_name=_("event"),
        db_index=False,  # event_date_page_start leads with it
    )
    imported = models.ForeignKey(
        "events.ImportedEvent",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dates",
        verbose_name=_("imported event"),
        db_index=False,  # event_date_imported_start leads with it
    )
    #: the page's seats per date when it takes registrations here, else None
    seats = models.PositiveIntegerField(_("seats"), null=True, blank=True)

    class Meta:
        verbose_name = _("date of an event")
        verbose_name_plural = _("dates of events")
        constraints = [
            models.CheckConstraint(
                condition=Q(page__isnull=False, imported__isnull=True)
                | Q(page__isnull=True, imported__isnull=False),
                name="event_date_of_one_event",
            )
        ]
        indexes = [
            # NULL imported first on SQLite; PostgreSQL sorts each start's few rows itself
            models.Index(fields=["start", "imported", "page", "end"], name="event_date_order"),
            models.Index(fields=["page", "start"], name="event_date_page_start"),
            models.Index(fields=["imported", "start"], name="event_date_imported_start"),
        ]

    def __str__(self):
        return f"{self.page_id or self.imported_id} {self.start:%Y-%m-%d %H:%M}"
