"""What is left of a newcomer whose account was erased, for the coordinators' retention
figure: the municipality, the month they signed up and the month they left. Nothing about
the person (no id, no date finer than a month), so the erasure can keep it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from guide.sites import SiteScoped


class DepartedAccount(SiteScoped):
    signed_up_month = models.DateField(_("signed up (month)"))  # the first of the month
    left_month = models.DateField(_("left (month)"))

    class Meta:
        verbose_name = _("departed account (anonymous tally)")
        indexes = [models.Index(fields=["site", "signed_up_month"])]

    def __str__(self):
        return f"Departed {self.signed_up_month:%Y-%m}"
