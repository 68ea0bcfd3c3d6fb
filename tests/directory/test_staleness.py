"""An entry not confirmed for 18 months is flagged and its association reminded; still
unconfirmed a month later, it is hidden, not deleted."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from directory.models import Association
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
