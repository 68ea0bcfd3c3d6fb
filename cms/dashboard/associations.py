"""Association entries and changes waiting for the coordinator's approval (of the
municipalities they coordinate)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cms.dashboard.base import LIMIT, Row, WorkPanel
from directory.models import AssociationSubmission
from directory.permissions import can_moderate_associations


class AssociationsWaitingPanel(WorkPanel):
    name = "associations_waiting"
    heading = _("Associations waiting")
    more_text = _("All entries waiting")
    order = 130

    @classmethod
    def shown_to(cls, user):
        return can_moderate_associations(user)

    def get_rows(self, request):
        waiting = AssociationSubmission.objects.administered_by(request.user).waiting()
        counts = waiting.aggregate(
            new=Count("pk", filter=Q(association__isnull=True)),
            changes=Count("pk", filter=Q(association__isnull=False)),
        )
        rows = [
            Row(
                str(submission) or submission.email,
                reverse("directory_review", args=[submission.pk]),
                [
                    gettext("Change to a published entry")
                    if submission.is_change
                    else gettext("New entry"),
                    date_format(
                        timezone.localtime(submission.confirmed_at or submission.created_at),
                        "SHORT_DATE_FORMAT",
                    ),
                ],
            )
            for submission in waiting.only(
                "data", "email", "association_id", "confirmed_at", "created_at"
            )[:LIMIT]
        ]
        return rows, counts["new"] + counts["changes"], reverse("directory_submissions")
