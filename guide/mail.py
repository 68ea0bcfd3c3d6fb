"""Outgoing e-mail as background work: a request only enqueues its message, so it never
waits on the mail server nor fails because of it.

`send()` enqueues `deliver`, a task of Django's tasks API (django-tasks). With the database
backend (TASKS_BACKEND, production) the task is a row written in the request's transaction
and a worker (`manage.py db_worker`) sends it; a send that fails is enqueued again with
`run_after` after RETRY_DELAYS, and the last failure stays a failed task result, listed in
the admin's report of e-mails not delivered (`undelivered()`). With the immediate backend
(development, tests) the task runs at once and a failure is only logged: there is no queue
to come back to.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus, task, task_backends

logger = logging.getLogger(__name__)

# seconds before the 2nd, 3rd … attempt; after the last, the mail is given up
RETRY_DELAYS = (60, 5 * 60, 30 * 60, 2 * 60 * 60)


class MailNotDelivered(Exception):
    """The last attempt failed: the task result keeps the message for the coordinator."""


def send(*, to, subject, body, language="", site=None, reference="", headers=None):
    """Enqueue one e-mail to the address `to`. `site` ties it to a municipality, whose
    coordinators see it if it cannot be delivered (without one: superusers only);
    `reference` names what it belongs to, so that its attempts can be found (`attempts`);
    `headers`: more header fields (strings), e.g. List-Unsubscribe.
    Returns the first attempt's task result."""
    message = {
        "to": [to],
        "subject": subject,
        "body": body,
        "headers": {**({"Content-Language": language} if language else {}), **(headers or {})},
        "site": site.pk if site else None,
    }
    if reference:
        message["reference"] = reference
    return deliver.enqueue(message=message, attempt=1)


@task(takes_context=True)
def deliver(context, *, message, attempt, last_error=""):
    """Send `message`; `last_error`: why the attempt before failed (the report shows it).
    The log names the task and the site, never the address (the task result keeps it)."""
    try:
        EmailMessage(
            message["subject"],
            message["body"],
            settings.DEFAULT_FROM_EMAIL,
            message["to"],
            headers=message["headers"],
        ).send()
    except (smtplib.SMTPException, OSError) as error:
        why = f"{type(error).__name__}: {error}"
        for address in message["to"]:  # a refusal names it; the report shows it anyway
            why = why.replace(address, "<recipient>")
        if attempt > len(RETRY_DELAYS) or not task_backends[deliver.backend].supports_defer:
            logger.error(
                "e-mail of task %s (site %s) not delivered: %s",
                context.task_result.id,
                message["site"],
                why,
            )
            raise MailNotDelivered(why) from None  # the error's own text names the address
        run_after = timezone.now() + timedelta(seconds=RETRY_DELAYS[attempt - 1])
        deliver.using(run_after=run_after).enqueue(
            message=message, attempt=attempt + 1, last_error=why
        )
        logger.warning(
            "e-mail of task %s (site %s) failed (%s); retried at %s",
            context.task_result.id,
            message["site"],
            why,
            run_after,
        )
        return {"retry_at": run_after.isoformat()}


def undelivered(sites):
    """The e-mails given up (failed) or waiting for another try, newest first, as task
    results; `sites` None: all of them, else only those tied to one of `sites`."""
    from django_tasks_db.models import DBTaskResult  # its models need the app registry

    results = DBTaskResult.objects.filter(task_path=deliver.module_path).filter(
        Q(status=TaskResultStatus.FAILED)
        | Q(status=TaskResultStatus.READY, args_kwargs__kwargs__attempt__gt=1)
    )
    if sites is not None:
        results = results.filter(args_kwargs__kwargs__message__site__in=[s.pk for s in sites])
    return results.order_by("-enqueued_at")


def attempts(references):
    """The queued attempts of the mails sent with one of `references`, newest first, as
    task results (none with a backend that keeps no queue)."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=deliver.module_path, args_kwargs__kwargs__message__reference__in=references
    ).order_by("-enqueued_at")
