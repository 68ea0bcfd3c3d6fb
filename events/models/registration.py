"""Registrations for the dates of events that take sign-ups here, and the seats taken.

Both key on the event's `translation_key` (every language copy is the same event) and the
occurrence's start (stored UTC), so a registration made through the English page counts
against the same seats as one made through the Danish page.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_SEATS_PER_REGISTRATION = 10
REGISTRATION_LANGUAGES = (("da", "Dansk"), ("en", "English"), ("de", "Deutsch"))


class OccurrenceSeats(models.Model):
    """Seats confirmed on one date of one event. Its row is locked (select_for_update) while
    a registration or cancellation decides who gets a seat, which serialises them per date."""

    event_key = models.UUIDField(_("event"))
    start = models.DateTimeField(_("date"))
    taken = models.PositiveIntegerField(_("seats taken"), default=0)

    class Meta:
        verbose_name = _("seats of a date")
        verbose_name_plural = _("seats of dates")
        constraints = [
            models.UniqueConstraint(fields=["event_key", "start"], name="unique_occurrence_seats")
        ]

    def __str__(self):
        return f"{self.event_key} {self.start:%Y-%m-%d %H:%M}"


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationQuerySet(models.QuerySet):
    def for_occurrence(self, event_key, start):
        return self.filter(event_key=event_key, occurrence=start)

    def waiting(self):
        return self.filter(status=RegistrationStatus.WAITING).order_by("created_at", "pk")


class Registration(models.Model):
    event_key = models.UUIDField(_("event"), db_index=True)
    occurrence = models.DateTimeField(_("date"))
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    seats = models.PositiveSmallIntegerField(
        _("seats"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SEATS_PER_REGISTRATION)],
    )
    language = models.CharField(_("language"), max_length=2, choices=REGISTRATION_LANGUAGES)
    consent = models.BooleanField(_("may be contacted"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus, db_index=True)
    #: sha256 of the private cancel token; the token itself is only ever in the e-mail
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["occurrence", "created_at", "pk"]
        indexes = [models.Index(fields=["event_key", "occurrence", "status"])]

    def __str__(self):
        return f"{self.name} ({self.seats})"
