"""What a community's ambassadors did for a newcomer: contact made, a first visit, a note, or
the coordinator's introduction to a corps (newcomers.ambassadors)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newcomers.models.account import Account


class ContactKind(models.TextChoices):
    CONTACTED = "contacted", _("Contact made")
    VISIT = "visit", _("First visit or tour")
    NOTE = "note", _("Note")
    INTRODUCED = "introduced", _("Introduced to the corps")


#: the kinds that count as having reached the newcomer (the coordinators' 30-day figure)
REACHED = (ContactKind.CONTACTED, ContactKind.VISIT)


class ContactRecord(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="contact_records")
    # the community's translation_key (every language), as NewcomerProfile.community_key
    community_key = models.UUIDField(_("community"))
    kind = models.CharField(_("kind"), max_length=12, choices=ContactKind.choices)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    #: the note is the welcome message the product e-mailed to the newcomer
    mailed = models.BooleanField(_("sent by e-mail"), default=False)
    happened_at = models.DateTimeField(_("when"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("contact record")
        indexes = [models.Index(fields=["account", "community_key", "happened_at"])]

    def __str__(self):
        return f"Contact record #{self.pk}"
