"""The daily retention job: each registered model's rule deletes or anonymises what has
passed its period (`manage.py apply_retention`, or the `apply_retention` task)."""

import logging

from django.utils import timezone
from django_tasks import task

from newcomers.privacy.register import entries

logger = logging.getLogger(__name__)


def apply(now=None):
    """{model label: rows deleted or anonymised} for every model with a rule of its own."""
    now = now or timezone.now()
    counts = {}
    for entry in entries():
        if entry.retention.apply is not None:
            counts[entry.label] = entry.retention.apply(now)
    return counts


@task()
def apply_retention():
    counts = apply()
    logger.info("retention applied: %s", counts)  # labels and counts only
    return counts
