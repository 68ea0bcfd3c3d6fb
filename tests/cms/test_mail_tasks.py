"""E-mail is background work (guide.mail): a request only enqueues it, a worker sends it, a
failed send is retried later and, once given up, shown to the municipality's coordinators in
the report of e-mails not delivered."""

import smtplib
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from directory.models import AssociationSubmission
from guide import mail as outgoing
from tests.directory.conftest import SUBMISSIONS
from tests.directory.factories import api_entry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/undelivered-mail/"


class FailingSMTP(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("the mail server went away")


@pytest.fixture
def queue(settings):
    """The production backend: a queue in the database, worked by `db_worker`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def broken_smtp(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingSMTP"


def work(*, all_due=False):
    """What `db_worker` does, task after due task (its own loop closes the connection, and
    with it the test's transaction); `all_due`: first bring every retry's time forward."""
    if all_due:
        DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    while (due := DBTaskResult.objects.ready().first()) is not None:
        due.claim(worker.worker_id)
        worker.run_task(due)


def submit(client, **extra):
    return client.post(SUBMISSIONS, api_entry(), content_type="application/json", **extra)


def test_the_request_only_enqueues_the_mail_and_the_worker_sends_it(client, home, queue):
    assert submit(client).status_code == 202
    assert mail.outbox == []
    [queued] = DBTaskResult.objects.ready()
    assert queued.args_kwargs["kwargs"]["message"]["site"] == home.get_site().pk
    work()
    [message] = mail.outbox
    assert message.to == [AssociationSubmission.objects.get().email]
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_a_mail_server_that_fails_never_fails_the_request(client, home, broken_smtp, caplog):
    """The immediate backend (development): the send runs in the request, and fails there
    without harm, in the log."""
    assert submit(client).status_code == 202
    assert AssociationSubmission.objects.exists()
    assert mail.outbox == []
    [failure] = [r for r in caplog.records if r.name == "guide.mail"]
    assert "not delivered" in failure.getMessage()
    assert "SMTPServerDisconnected" in failure.getMessage()


def test_a_failed_send_is_recorded_and_retried_later(client, home, queue, broken_smtp):
    assert submit(client).status_code == 202
    before = timezone.now()
    work()
    first, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert first.status == TaskResultStatus.SUCCESSFUL  # this attempt's work: the retry
    assert retry.status == TaskResultStatus.READY
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert "SMTPServerDisconnected" in retry.args_kwargs["kwargs"]["last_error"]
    delay = timedelta(seconds=outgoing.RETRY_DELAYS[0])
    assert before + delay <= retry.run_after <= timezone.now() + delay
    work()  # not due yet: nothing happens
    assert DBTaskResult.objects.ready().count() == 0
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1


def test_a_retry_that_gets_through_leaves_nothing_undelivered(
    client, home, queue, broken_smtp, settings
):
    submit(client)
    work()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    work(all_due=True)
    assert len(mail.outbox) == 1
    assert not outgoing.undelivered(None).exists()


def test_after_the_last_try_the_mail_is_given_up(client, home, queue, broken_smtp):
    submit(client)
    for _ in range(len(outgoing.RETRY_DELAYS) + 1):
        work(all_due=True)
    [given_up] = outgoing.undelivered(None)
    assert given_up.status == TaskResultStatus.FAILED
    assert given_up.args_kwargs["kwargs"]["attempt"] == len(outgoing.RETRY_DELAYS) + 1
    assert "SMTPServerDisconnected" in given_up.traceback
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


@pytest.fixture
def given_up(client, home, queue, broken_smtp):
    submit(client)
    for _ in range(len(outgoing.RETRY_DELAYS) + 1):
        work(all_due=True)
    return AssociationSubmission.objects.get()


def test_the_coordinator_sees_their_municipalitys_mail_not_delivered(client, given_up, coordinator):
    client.force_login(coordinator)
    response = client.get(REPORT)
    assert response.status_code == 200
    content = response.content.decode()
    assert given_up.email in content
    assert "SMTPServerDisconnected" in content


def test_another_municipalitys_coordinator_sees_none_of_it(
    client, given_up, aabenraa, make_coordinator
):
    client.force_login(make_coordinator(aabenraa))
    response = client.get(REPORT)
    assert response.status_code == 200
    assert given_up.email not in response.content.decode()


def test_a_retrying_mail_is_listed_with_its_next_try(client, home, queue, broken_smtp, coordinator):
    submit(client)
    work()
    client.force_login(coordinator)
    content = client.get(REPORT).content.decode()
    assert AssociationSubmission.objects.get().email in content
    assert "Prøver igen" in content  # "Retrying", in the admin's default language


def test_an_editor_without_a_municipality_is_refused_the_report(client, given_up):
    editor = UserFactory(username="editor")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.get(REPORT)
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert outgoing.undelivered(None).count() == 1
