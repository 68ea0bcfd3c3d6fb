"""3. The follow-up consents still running, per purpose."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from newcomers.dashboard.base import Part, Share, Table, panel
from newcomers.dashboard.cohort import signed_up_in
from newcomers.models import ConsentRecord
from newcomers.models.consent import PURPOSES


@panel(
    "consents",
    _("Consents still running"),
    _(
        "Of the newcomers who signed up in the period (and still have an account): how many "
        "give each consent today (the latest record of the purpose gives it)."
    ),
    order=30,
)
def consents(scope):
    accounts = signed_up_in(scope)
    for code, _label in PURPOSES:
        latest = ConsentRecord.objects.filter(account=OuterRef("pk"), purpose=code).order_by(
            "-recorded_at", "-pk"
        )
        accounts = accounts.alias(**{f"gives_{code}": Subquery(latest.values("given")[:1])})
    counts = accounts.aggregate(
        total=Count("pk"),
        **{code: Count("pk", filter=Q(**{f"gives_{code}": True})) for code, _label in PURPOSES},
    )
    total = counts["total"]
    table = Table([_("Newcomers"), _("Share")])
    for code, label in PURPOSES:
        table.add(label, Part(counts[code], total), Share(counts[code], total))
    return table
