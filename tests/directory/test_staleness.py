"""An entry not confirmed for 18 months is flagged and its association reminded; still
unconfirmed a month later, it is hidden, not deleted. Each municipality's coordinators get a
summary of their own entries, queued like every other e-mail."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import Site

from directory.models import Association
from guide import mail as outgoing
from tests.directory.factories import AssociationFactory

pytestmark = pytest.mark.django_db


def ago(days):
    return timezone.now() - timedelta(days=days)


def test_a_stale_entry_is_reminded_then_hidden(client, coordinator):
    coordinator.email = "koordinator@sonderborg.dk"
    coordinator.save()
    stale = AssociationFactory(name="Gammel Forening", confirmed_at=ago(560), language="de")
    fresh = AssociationFactory(name="Ny Forening", confirmed_at=ago(500))

    call_command("review_associations")
    stale.refresh_from_db()
    assert stale.reminded_at is not None
    assert not stale.hidden
    reminder = next(m for m in mail.outbox if m.to == [stale.email])
    assert "/associations/edit/" in reminder.body
    assert reminder.extra_headers["Content-Language"] == "de"
    summary = next(m for m in mail.outbox if m.to == ["koordinator@sonderborg.dk"])
    assert "Gammel Forening" in summary.body
    assert not any(m.to == [fresh.email] for m in mail.outbox)

    mail.outbox.clear()
    call_command("review_associations")  # a second run the same day does nothing new
    assert not mail.outbox

    Association.objects.filter(pk=stale.pk).update(reminded_at=ago(31))
    assert listed_names(client) == ["Gammel Forening", "Ny Forening"]  # now in the cache
    call_command("review_associations")
    stale.refresh_from_db()
    assert stale.hidden
    assert Association.objects.filter(pk=stale.pk).exists()
    assert listed_names(client) == ["Ny Forening"]


def listed_names(client):
    return sorted(item["name"] for item in client.get("/api/v2/associations/").json()["items"])


def test_the_coordinator_sees_reminded_entries(coordinator_client):
    AssociationFactory(name="Gammel Forening", confirmed_at=ago(560), reminded_at=ago(3))
    page = coordinator_client.get("/admin/directory/submissions/").content.decode()
    assert "Gammel Forening" in page


def test_each_municipalitys_coordinators_hear_of_their_own_entries(
    coordinator, aabenraa, make_coordinator
):
    coordinator.email = "koordinator@sonderborg.dk"
    coordinator.save()
    make_coordinator(aabenraa, email="koordinator@aabenraa.dk")
    AssociationFactory(name="Sønderborg Skakklub", confirmed_at=ago(560))
    theirs = AssociationFactory(name="Aabenraa Skakklub", confirmed_at=ago(560), site=aabenraa.site)

    call_command("review_associations")
    [sonderborg] = [m for m in mail.outbox if m.to == ["koordinator@sonderborg.dk"]]
    [aabenraas] = [m for m in mail.outbox if m.to == ["koordinator@aabenraa.dk"]]
    assert "Sønderborg Skakklub" in sonderborg.body
    assert "Aabenraa Skakklub" not in sonderborg.body
    assert "Aabenraa Skakklub" in aabenraas.body
    assert "Sønderborg Skakklub" not in aabenraas.body
    assert aabenraas.subject.startswith("Aabenraa: ")
    reminder = next(m for m in mail.outbox if m.to == [theirs.email])
    assert "http://aabenraa.localhost/associations/edit/" in reminder.body


def test_the_summaries_go_through_the_mail_queue_as_their_municipalitys(
    coordinator, aabenraa, make_coordinator, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    coordinator.email = "koordinator@sonderborg.dk"
    coordinator.save()
    make_coordinator(aabenraa, email="koordinator@aabenraa.dk")
    AssociationFactory(confirmed_at=ago(560))
    AssociationFactory(confirmed_at=ago(560), site=aabenraa.site)

    call_command("review_associations")
    assert mail.outbox == []  # a worker sends them, and retries when the server fails
    mails = DBTaskResult.objects.ready().filter(task_path=outgoing.deliver.module_path)
    queued = {
        tuple(message["to"]): message["site"]
        for message in (task.args_kwargs["kwargs"]["message"] for task in mails)
    }
    assert queued[("koordinator@sonderborg.dk",)] == Site.objects.get(is_default_site=True).pk
    assert queued[("koordinator@aabenraa.dk",)] == aabenraa.site.pk
