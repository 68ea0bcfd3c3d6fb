"""Background work of the newcomers app, as django-tasks tasks."""

from django_tasks import task

from newcomers import digests


@task()
def send_digests():
    """Send the weekly digests due now (newcomers.digests); the number sent."""
    return digests.send_all()
