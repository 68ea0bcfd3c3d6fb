"""Consents, one purpose each, as an append-only history: the latest record of a purpose
is its current state (newcomers.consents)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from newcomers.models.account import LANGUAGES, Account

PURPOSES = (
    ("ambassador_contact", _("Ambassadors of my community may contact me")),
    ("community_invitations", _("Send me invitations from my community for up to two years")),
    ("meetup_visibility", _("Show my meet-up posts to other newcomers")),
    ("mentor_matching", _("Find me a business mentor")),
)
PURPOSE_CODES = tuple(code for code, _label in PURPOSES)


class ConsentSource(models.TextChoices):
    WEBSITE = "website", _("website")
    API = "api", _("API")
    UNSUBSCRIBE = "unsubscribe", _("unsubscribe link")
    ADMIN = "admin", _("admin")


class ConsentRecord(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=30, choices=PURPOSES)
    given = models.BooleanField(_("given"))
    text_version = models.CharField(_("version of the text shown"), max_length=50)
    text_language = models.CharField(_("language of the text"), max_length=2, choices=LANGUAGES)
    text_sha256 = models.CharField(_("SHA-256 of the text shown"), max_length=64)
    source = models.CharField(_("source"), max_length=20, choices=ConsentSource.choices)
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("consent record")
        indexes = [
            models.Index(
                fields=["account", "purpose", "-recorded_at"], name="newcomers_consent_latest"
            )
        ]

    def __str__(self):
        return f"Consent #{self.pk}"
