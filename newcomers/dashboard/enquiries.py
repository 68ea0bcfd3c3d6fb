"""6. Enquiries received in the period, by topic and status, and the time to a first answer."""

from collections import defaultdict

from django.db.models import Count, DurationField, ExpressionWrapper, F
from django.utils.translation import gettext_lazy as _

from guide.models.contacts import TOPICS
from newcomers.dashboard.base import (
    BLANK,
    MedianDays,
    People,
    Share,
    Table,
    panel,
    pool_keys,
    pooled,
)
from newcomers.models import Enquiry, EnquiryStatus

ANSWERED = (EnquiryStatus.ANSWERED, EnquiryStatus.CLOSED)


@panel(
    "enquiries",
    _("Enquiries"),
    _(
        "Enquiries received in the period, by topic (with the share answered or closed and "
        "the median time to the first answer) and by their status today."
    ),
    order=60,
)
def enquiries(scope):
    received = Enquiry.objects.filter(
        site=scope.site, created_at__gte=scope.since, created_at__lt=scope.until
    )
    by_topic, by_status, answered = defaultdict(int), defaultdict(int), defaultdict(int)
    for topic, status, n in (
        received.values("topic", "status")
        .annotate(n=Count("pk"))
        .values_list("topic", "status", "n")
    ):
        by_topic[topic] += n
        by_status[status] += n
        if status in ANSWERED:
            answered[topic] += n
    took = defaultdict(list)
    for topic, duration in received.filter(first_answered_at__isnull=False).values_list(
        "topic",
        ExpressionWrapper(F("first_answered_at") - F("created_at"), output_field=DurationField()),
    ):
        took[topic].append(duration)
    topics = dict(TOPICS)
    table = Table([_("Enquiries"), _("Answered"), _("Median days to first answer")])
    total = sum(by_topic.values())
    every = [duration for durations in took.values() for duration in durations]
    table.add(
        _("All enquiries"),
        People(total),
        Share(sum(answered.values()), total),
        MedianDays(tuple(every)),
    )
    shown, pool = pool_keys(by_topic)
    groups = [(str(topics.get(key, key)), [key]) for key in shown]
    if pool:
        groups.append((str(_("Other topics")), pool))
    for label, keys in groups:
        n = sum(by_topic[key] for key in keys)
        table.add(
            label,
            People(n),
            Share(sum(answered[key] for key in keys), n),
            MedianDays(tuple(d for key in keys for d in took[key])),
        )
    statuses = dict(EnquiryStatus.choices)
    for label, cell in pooled(
        by_status, lambda key: _("Status today: %s") % statuses.get(key, key), _("Other statuses")
    ):
        table.add(label, cell, BLANK, BLANK)
    return table
