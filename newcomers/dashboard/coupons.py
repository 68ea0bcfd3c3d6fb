"""8. Coupons from local shops: claimed in the period, per shop, and redeemed of those."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from newcomers.dashboard.base import Part, People, Table, panel, pool_keys
from newcomers.models import Claim

#: a redeemed count withheld because, beside the others shown, it would reveal a small one
WITHHELD = _("not shown (would reveal a small group)")


class Withheld:
    shown = False
    bar = None

    def __str__(self):
        return str(WITHHELD)


@panel(
    "coupons",
    _("Coupons from local shops"),
    _(
        "Coupons claimed by newcomers in the period, per shop, and how many of those claims "
        "were redeemed in the shop. Shops with fewer than 5 claims are pooled."
    ),
    order=75,
)
def coupons(scope):
    per_shop = (
        Claim.objects.filter(
            coupon__shop__site=scope.site,
            claimed_at__gte=scope.since,
            claimed_at__lt=scope.until,
        )
        .values_list("coupon__shop__name", "coupon__shop_id")
        .annotate(claimed=Count("pk"), redeemed=Count("pk", filter=Q(redeemed_at__isnull=False)))
    )
    claimed = {(name, pk): n for name, pk, n, _redeemed in per_shop}
    redeemed = {(name, pk): n for name, pk, _claimed, n in per_shop}
    shown, pool = pool_keys(claimed)
    rows = [(key[0], claimed[key], redeemed[key]) for key in shown]
    if pool:
        rows.append(
            (_("Other shops"), sum(claimed[k] for k in pool), sum(redeemed[k] for k in pool))
        )
    cells = [(label, People(c), Part(r, c)) for label, c, r in rows]
    total_claimed, total_redeemed = sum(claimed.values()), sum(redeemed.values())
    total = Part(total_redeemed, total_claimed)
    if any(not cell.shown for _label, _claims, cell in cells):
        total = Withheld()  # the total less the shops shown would tell the hidden one
    table = Table([_("Claimed"), _("Redeemed")])
    table.add(_("All shops"), People(total_claimed), total)
    for label, claims, redemptions in cells:
        table.add(label, claims, redemptions)
    return table
