"""Background work of the newcomers app, as django-tasks tasks."""

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task, task_backends

from newcomers import digests, invitations, push, reminders

logger = logging.getLogger(__name__)

# seconds before the 2nd, 3rd … try of a push the push service did not take
PUSH_RETRY_DELAYS = (5 * 60, 30 * 60, 2 * 60 * 60)


def can_defer():
    """Whether the task queue can run a task later (the database queue; not the immediate
    backend of development and tests)."""
    return task_backends[deliver.backend].supports_defer


@task()
def send_digests():
    """Send the weekly digests due now (newcomers.digests); the number sent."""
    return digests.send_all()


@task()
def send_reminders():
    """The daily job: enqueue the reminders due now and the invitations whose time has
    come; the number enqueued."""
    due = reminders.due_reminders()
    for invitation in invitations.due():
        due += invitations.recipients(invitation)
    for account_id, kind, key, message in due:
        deliver.enqueue(account_id=account_id, kind=kind, key=key, message=message)
    logger.info("reminders: %s enqueued", len(due))
    return len(due)


@task()
def send_invitation(invitation_id):
    """Enqueue an invitation to everyone it reaches, at its time (sent once)."""
    invitation = invitations.due().filter(pk=invitation_id).first()
    if invitation is None:  # sent already, or taken back
        return 0
    due = invitations.recipients(invitation)
    for account_id, kind, key, message in due:
        deliver.enqueue(account_id=account_id, kind=kind, key=key, message=message)
    return len(due)


@task()
def deliver(*, account_id, kind, key, message, attempt=1):
    """Send one reminder or invitation (reminders.deliver): what cannot go now is enqueued
    again for later (quiet hours, the day's invitation taken); a push the service did not
    take is tried again after PUSH_RETRY_DELAYS, then by e-mail."""
    email_only = attempt > len(PUSH_RETRY_DELAYS) + 1
    try:
        outcome = reminders.deliver(account_id, kind, key, message, email_only=email_only)
    except push.PushFailed as error:
        if not can_defer():
            logger.error("push to account %s failed (%s); e-mail instead", account_id, error)
            return reminders.deliver(account_id, kind, key, message, email_only=True)
        run_after = timezone.now() + timedelta(seconds=PUSH_RETRY_DELAYS[attempt - 1])
        logger.warning("push to account %s failed (%s); retry at %s", account_id, error, run_after)
        deliver.using(run_after=run_after).enqueue(
            account_id=account_id, kind=kind, key=key, message=message, attempt=attempt + 1
        )
        return f"retry at {run_after.isoformat()}"
    if isinstance(outcome, reminders.Deferred):
        if not can_defer():
            if outcome.reason == "quiet hours":  # no queue to wait in: by e-mail, silently
                return reminders.deliver(account_id, kind, key, message, email_only=True)
            return f"dropped: {outcome.reason}"
        deliver.using(run_after=outcome.until).enqueue(
            account_id=account_id, kind=kind, key=key, message=message, attempt=attempt
        )
        return f"deferred to {outcome.until.isoformat()}: {outcome.reason}"
    return outcome
