"""7. Requests for a business mentor made in the period, and the matches."""

from django.db.models import Count, DurationField, ExpressionWrapper, F
from django.utils.translation import gettext_lazy as _

from newcomers.dashboard.base import BLANK, MedianDays, Part, People, Table, panel, pooled
from newcomers.models import MentorMatch, MentorRequest
from newcomers.models.mentor import RequestStatus


@panel(
    "mentors",
    _("Mentor requests and matches"),
    _(
        "Requests for a business mentor made in the period, by their status today, and those "
        "of them matched with a mentor, with the median time from request to match."
    ),
    order=70,
)
def mentors(scope):
    requests = MentorRequest.objects.filter(
        site=scope.site, created_at__gte=scope.since, created_at__lt=scope.until
    )
    by_status = dict(requests.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    took = tuple(
        MentorMatch.objects.filter(mentor_request__in=requests).values_list(
            ExpressionWrapper(
                F("created_at") - F("mentor_request__created_at"), output_field=DurationField()
            ),
            flat=True,
        )
    )
    statuses = dict(RequestStatus.choices)
    table = Table([_("Requests"), _("Median days to a match")])
    total = sum(by_status.values())
    table.add(_("All requests"), People(total), BLANK)
    table.add(_("Matched with a mentor"), Part(len(took), total), MedianDays(took))
    for label, cell in pooled(
        by_status, lambda key: _("Status today: %s") % statuses.get(key, key), _("Other statuses")
    ):
        table.add(label, cell, BLANK)
    return table
