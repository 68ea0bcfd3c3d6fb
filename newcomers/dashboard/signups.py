"""1. Newcomers who signed up in the period, and where they moved from."""

from collections import defaultdict

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from guide.countries import country_name
from newcomers.dashboard.base import People, Table, panel, pooled
from newcomers.dashboard.cohort import departed_in, signed_up_in


@panel(
    "signups",
    _("Newcomers signed up"),
    _("Accounts created in the period (deleted ones included), by the country moved from."),
    order=10,
)
def signups(scope):
    counts = defaultdict(int)  # no profile and no country alike under ""
    for code, n in (
        signed_up_in(scope)
        .values("profile__moved_from_country")
        .annotate(n=Count("pk"))
        .values_list("profile__moved_from_country", "n")
    ):
        counts[code or ""] += n
    counts[""] += departed_in(scope).count()
    total = sum(counts.values())
    table = Table([_("Newcomers")])
    table.add(_("All who signed up"), People(total))
    for label, cell in pooled(
        counts,
        lambda code: country_name(code) if code else _("Not given, or account deleted"),
        _("Other countries"),
    ):
        table.add(label, cell)
    return table
