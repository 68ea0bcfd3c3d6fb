"""Registrant data is deleted a set number of days after the date (for cron)."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from events.models import OccurrenceSeats, Registration, RegistrationStatus

pytestmark = pytest.mark.django_db


def make_registration(event, start, email):
    OccurrenceSeats.objects.get_or_create(
        event_key=event.translation_key, start=start, defaults={"taken": 1}
    )
    return Registration.objects.create(
        event_key=event.translation_key,
        occurrence=start,
        name="Name",
        email=email,
        seats=1,
        language="da",
        status=RegistrationStatus.CONFIRMED,
        token_hash=email,
    )


@pytest.fixture
def dated(make_event):
    event = make_event(registration=True)
    now = timezone.now()
    make_registration(event, now - datetime.timedelta(days=40), "old@example.dk")
    make_registration(event, now - datetime.timedelta(days=10), "recent@example.dk")
    make_registration(event, now + datetime.timedelta(days=5), "coming@example.dk")
    return event


def emails():
    return set(Registration.objects.values_list("email", flat=True))


def test_purge_deletes_registrations_older_than_the_retention(dated, settings, capsys):
    settings.REGISTRATION_RETENTION_DAYS = 30
    call_command("purge_registrations")
    assert emails() == {"recent@example.dk", "coming@example.dk"}
    assert OccurrenceSeats.objects.count() == 2
    assert "Deleted 1 registrations" in capsys.readouterr().out


def test_days_overrides_the_setting(dated):
    call_command("purge_registrations", "--days", "7")
    assert emails() == {"coming@example.dk"}


def test_a_dry_run_deletes_nothing(dated, capsys):
    call_command("purge_registrations", "--days", "7", "--dry-run")
    assert len(emails()) == 3
    assert "Would delete 2 registrations" in capsys.readouterr().out


def test_negative_days_are_refused(dated):
    with pytest.raises(CommandError):
        call_command("purge_registrations", "--days", "-1")
    assert len(emails()) == 3
