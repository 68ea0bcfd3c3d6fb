"""The weekly digests sent: one row per digest, the latest an account's "last digest"
(newcomers.digests)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from newcomers.models.account import Account


class DigestSent(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="digests")
    sent_at = models.DateTimeField(_("sent at"))
    #: the local day it was sent: one digest a day at most, also when two runs overlap
    sent_on = models.DateField(_("sent on"))
    events = models.PositiveIntegerField(_("number of events"))

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(fields=["account", "sent_on"], name="one_digest_a_day")
        ]

    def __str__(self):
        return f"Digest #{self.pk}"
