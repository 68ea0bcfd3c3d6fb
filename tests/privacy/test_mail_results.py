"""E-mail waiting in the queue holds the address and the text: the register names it, the
newcomer's export and erasure reach it, and the daily job deletes it once sent or given up."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from guide import mail
from newcomers.models import Account
from newcomers.privacy import erasure, export, retention

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def sent(to, subject, status, days_ago):
    result = mail.send(to=to, subject=subject, body=f"Hello {to}")
    finished = timezone.now() - days_ago * DAY
    DBTaskResult.objects.filter(pk=result.id).update(status=status, finished_at=finished)
    return result.id


def left():
    mails = DBTaskResult.objects.filter(task_path=mail.deliver.module_path)
    return sorted(mails.values_list("args_kwargs__kwargs__message__subject", flat=True))


def test_sent_mail_goes_after_a_week_and_given_up_mail_after_a_month(queue):
    sent("a@example.com", "sent 8 days ago", TaskResultStatus.SUCCESSFUL, 8)
    sent("b@example.com", "sent 6 days ago", TaskResultStatus.SUCCESSFUL, 6)
    sent("c@example.com", "given up 31 days ago", TaskResultStatus.FAILED, 31)
    sent("d@example.com", "given up 20 days ago", TaskResultStatus.FAILED, 20)
    mail.send(to="e@example.com", subject="waiting", body="…")

    counts = retention.apply()

    assert counts["django_tasks_database.DBTaskResult"] == 2
    assert left() == ["given up 20 days ago", "sent 6 days ago", "waiting"]


def test_a_newcomers_mail_is_in_their_export_and_goes_with_their_account(queue, home):
    site = home.get_site()
    ana = Account.objects.create(site=site, email="ana@example.com")
    sent("ana@example.com", "Sign in to Sønderborg", TaskResultStatus.SUCCESSFUL, 1)
    sent("bo@example.com", "Sign in to Sønderborg, Bo", TaskResultStatus.SUCCESSFUL, 1)

    exported = export.export(ana)["sections"]["mail"]["rows"]
    assert [item["subject"] for item in exported] == ["Sign in to Sønderborg"]

    erasure.erase(ana)
    assert left() == ["Sign in to Sønderborg, Bo"]
