"""2. The share of newcomers their community's ambassadors reached within 30 days."""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from newcomers.ambassadors import PURPOSE, community_names
from newcomers.dashboard.base import People, PlusDays, Share, Table, panel, pool_keys
from newcomers.dashboard.cohort import signed_up_in
from newcomers.models import ConsentRecord, ContactRecord
from newcomers.models.ambassador import REACHED

WITHIN = timedelta(days=30)


@panel(
    "ambassador_contact",
    _("Reached by their ambassadors within 30 days"),
    _(
        "Of the newcomers who signed up in the period, named a community and allowed its "
        "ambassadors to contact them: the share whose community recorded contact made or a "
        "visit within 30 days of sign-up. Those still within their 30 days and not yet "
        "reached are not counted."
    ),
    order=20,
)
def ambassador_contact(scope):
    asked = ConsentRecord.objects.filter(account=OuterRef("pk"), purpose=PURPOSE, given=True)
    reached = ContactRecord.objects.filter(
        account=OuterRef("pk"),
        community_key=OuterRef("profile__community_key"),
        kind__in=REACHED,
        happened_at__lte=PlusDays(OuterRef("created_at"), WITHIN.days),
    )
    rows = (
        signed_up_in(scope)
        .filter(profile__community_key__isnull=False)
        .filter(Exists(asked))
        .alias(reached=Exists(reached))
        .filter(Q(created_at__lte=scope.now - WITHIN) | Q(reached=True))
        .values("profile__community_key")
        .annotate(total=Count("pk"), reached_n=Count("pk", filter=Q(reached=True)))
        .order_by()
    )
    figures = {row["profile__community_key"]: row for row in rows}
    totals = {key: row["total"] for key, row in figures.items()}
    shown, pool = pool_keys(totals)
    names = community_names(list(figures), get_language())
    table = Table([_("Share reached"), _("Newcomers")])
    all_total = sum(totals.values())
    all_reached = sum(row["reached_n"] for row in figures.values())
    table.add(_("All communities"), Share(all_reached, all_total), People(all_total))
    for key in sorted(shown, key=lambda key: names.get(key, "")):
        row = figures[key]
        table.add(names.get(key, "?"), Share(row["reached_n"], row["total"]), People(row["total"]))
    if pool:
        part = sum(figures[key]["reached_n"] for key in pool)
        whole = sum(totals[key] for key in pool)
        table.add(_("Other communities"), Share(part, whole), People(whole))
    return table
