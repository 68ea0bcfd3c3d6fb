"""Who a page or a block is for: where the newcomer comes from and their household.

A page or block with no tags is for everyone. Tags of one kind widen each other: a page for
`eu` and `non_eu` is for newcomers from either.
"""

from django.utils.translation import gettext_lazy as _

ORIGINS = (
    ("denmark", _("From another Danish municipality")),
    ("nordic", _("From a Nordic country")),
    ("eu", _("From another EU/EEA country")),
    ("non_eu", _("From outside the EU/EEA")),
)
HOUSEHOLDS = (
    ("children", _("With children")),
    ("partner", _("With an accompanying partner")),
    ("student", _("Students")),
)
AUDIENCE_CHOICES = ORIGINS + HOUSEHOLDS
ORIGIN_CODES = tuple(code for code, _label in ORIGINS)
HOUSEHOLD_CODES = tuple(code for code, _label in HOUSEHOLDS)
#: `origin=abroad` stands for any of these
ABROAD = ("nordic", "eu", "non_eu")
