"""5. Associations' entries waiting for approval, and how long approval takes."""

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from directory.models import AssociationSubmission
from newcomers.dashboard.base import BLANK, MedianDays, Number, Table, panel

Status = AssociationSubmission.Status


@panel(
    "associations",
    _("Associations waiting for approval"),
    _(
        "Entries and changes waiting for approval today, and those approved in the period "
        "with the median time from the confirmed e-mail (else the submission) to approval. "
        "Associations are not people: no number is suppressed here."
    ),
    order=50,
)
def associations(scope):
    rows = AssociationSubmission.objects.filter(site=scope.site)
    counts = rows.aggregate(
        new=Count("pk", filter=Q(status=Status.PENDING, association__isnull=True)),
        changes=Count("pk", filter=Q(status=Status.PENDING, association__isnull=False)),
    )
    took = (
        rows.filter(status=Status.APPROVED, decided_at__gte=scope.since, decided_at__lt=scope.until)
        .annotate(
            took=ExpressionWrapper(
                F("decided_at") - Coalesce("confirmed_at", "created_at"),
                output_field=DurationField(),
            )
        )
        .values_list("took", flat=True)
    )
    took = tuple(took)
    table = Table([_("Associations"), _("Median days to approval")])
    table.add(_("New entries waiting"), Number(counts["new"]), BLANK)
    table.add(_("Changes waiting"), Number(counts["changes"]), BLANK)
    table.add(_("Approved in the period"), Number(len(took)), MedianDays(took, people=False))
    return table
