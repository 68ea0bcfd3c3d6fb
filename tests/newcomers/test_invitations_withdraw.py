# ruff: noqa: F811  (the fixtures imported from test_invitations are parameters here)
"""A coordinator withdraws a scheduled or sent invitation: after a confirmation (a POST of
its own page), it is not sent, what still waits in the queue is not delivered, the website's
home no longer lists it, and the audit log says who did it. Another municipality's
coordinator cannot."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry

from guide.models import Municipality
from newcomers import invitations
from newcomers.models import Delivery, Invitation
from newcomers.tasks import send_invitation
from tests.cms.test_mail_tasks import work
from tests.newcomers.test_invitations import (  # noqa: F401
    form,
    queue,
    town,  # noqa: F401  (a fixture)
    waiting_deliveries,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def invitation(site, status="scheduled", send_at=None):
    send_at = send_at or timezone.now() - timedelta(minutes=1)
    return Invitation.objects.create(
        site=site,
        text_da="Kom til velkomstdagen",
        text_en="Come to the welcome day",
        text_de="Komm zum Willkommenstag",
        date=timezone.localdate() + timedelta(days=3),
        send_at=send_at,
        status=status,
    )


def withdraw_url(invitation):
    return f"/admin/invitations/{invitation.pk}/withdraw/"


def banner(client):
    return [item["text"] for item in client.get("/api/v2/invitations/").json()["items"]]


def logged(invitation):
    return list(
        ModelLogEntry.objects.filter(
            action="newcomers.invitation.withdraw", object_id=str(invitation.pk)
        ).values_list("user__username", flat=True)
    )


def test_a_scheduled_invitation_withdrawn_is_never_sent_nor_shown(
    client,
    town,
    make_coordinator,
):
    site, _nordborg, _people = town
    coordinator = make_coordinator(Municipality.objects.get(site=site))
    client.force_login(coordinator)
    scheduled = invitation(site)
    assert banner(client) == ["Come to the welcome day"]
    page = client.get(f"/admin/invitations/{scheduled.pk}/").content.decode()
    assert withdraw_url(scheduled) in page

    asked = client.get(withdraw_url(scheduled))
    assert asked.status_code == 200
    text = asked.content.decode()
    assert "Withdraw this invitation?" in text and "Yes, withdraw it" in text
    assert Invitation.objects.get().status == "scheduled"  # a GET only asks

    done = client.post(withdraw_url(scheduled), follow=True)
    assert "what was not sent yet will not be sent" in done.content.decode()
    assert "Withdrawn: not sent any more" in done.content.decode()
    assert Invitation.objects.get().status == "withdrawn"
    assert logged(scheduled) == [coordinator.username]
    assert banner(client) == []
    assert "Withdrawn" in client.get("/admin/invitations/").content.decode()

    # the task enqueued for its time finds it withdrawn; so does the daily job
    assert send_invitation.call(invitation_id=scheduled.pk) == 0
    call_command("send_reminders")
    assert mail.outbox == [] and not Delivery.objects.exists()

    # withdrawn is final: again, or an edit, changes nothing
    again = client.post(withdraw_url(scheduled), follow=True)
    assert "Only a scheduled or sent invitation can be withdrawn." in again.content.decode()
    client.post(f"/admin/invitations/{scheduled.pk}/", {"schedule": "1"})
    assert Invitation.objects.get().status == "withdrawn"
    assert logged(scheduled) == [coordinator.username]


def test_withdrawn_while_being_sent_the_waiting_deliveries_are_not_made(
    client,
    town,
    make_coordinator,
    queue,
):
    site, _nordborg, _people = town
    sending = invitation(site)
    call_command("send_reminders")  # two deliveries wait in the queue (anna, piotr)
    assert waiting_deliveries().count() == 2
    assert Invitation.objects.get().status == "sent"
    client.force_login(make_coordinator(Municipality.objects.get(site=site)))
    assert withdraw_url(sending) in client.get(f"/admin/invitations/{sending.pk}/").content.decode()
    assert "whoever has not received it yet" in client.get(withdraw_url(sending)).content.decode()
    client.post(withdraw_url(sending))
    work()
    assert mail.outbox == [] and not Delivery.objects.exists()
    assert banner(client) == []


def test_a_delivery_made_before_the_withdrawal_stays_and_the_rest_are_not(
    client,
    town,
    make_coordinator,
    queue,
):
    site, _nordborg, _people = town
    sending = invitation(site)
    call_command("send_reminders")
    first, second = waiting_deliveries().order_by("pk")
    second.run_after = timezone.now() + timedelta(hours=1)  # not due yet
    second.save(update_fields=["run_after"])
    work()  # one delivery made, then the coordinator withdraws
    assert len(mail.outbox) == 1
    client.force_login(make_coordinator(Municipality.objects.get(site=site)))
    client.post(withdraw_url(sending))
    work(all_due=True)
    assert len(mail.outbox) == 1 and Delivery.objects.count() == 1


def test_another_municipalitys_coordinator_cannot_withdraw(
    client,
    town,
    aabenraa,
    make_coordinator,
):
    site, _nordborg, _people = town
    ours = invitation(site)
    client.force_login(make_coordinator(aabenraa))
    assert client.get(withdraw_url(ours)).status_code == 404
    assert client.post(withdraw_url(ours)).status_code == 404
    assert Invitation.objects.get().status == "scheduled"
    assert logged(ours) == []
    assert banner(client) == ["Come to the welcome day"]


def test_withdrawing_takes_a_post_with_its_token(client, town, make_coordinator):
    site, _nordborg, _people = town
    scheduled = invitation(site, send_at=timezone.now() + timedelta(days=1))
    coordinator = make_coordinator(Municipality.objects.get(site=site))
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(coordinator)
    assert strict.post(withdraw_url(scheduled)).status_code == 403
    client.force_login(coordinator)
    assert client.put(withdraw_url(scheduled)).status_code == 405
    assert Invitation.objects.get().status == "scheduled"


def test_a_draft_cannot_be_withdrawn(client, town, make_coordinator):
    site, _nordborg, _people = town
    draft = invitation(site, status="draft")
    client.force_login(make_coordinator(Municipality.objects.get(site=site)))
    refused = client.get(withdraw_url(draft), follow=True)
    assert "Only a scheduled or sent invitation can be withdrawn." in refused.content.decode()
    assert Invitation.objects.get().status == "draft"


def test_the_admin_shows_the_text_in_the_coordinators_language(
    client, town, make_coordinator, settings
):
    site, _nordborg, _people = town
    scheduled = invitation(site, send_at=timezone.now() + timedelta(days=1))
    client.force_login(make_coordinator(Municipality.objects.get(site=site)))
    settings.LANGUAGE_CODE = "da"  # a Danish admin
    listing = client.get("/admin/invitations/").content.decode()
    confirm = client.get(withdraw_url(scheduled)).content.decode()
    for page in (listing, confirm):
        assert "Kom til velkomstdagen" in page
        assert "Come to the welcome day" not in page


def test_a_form_sent_after_the_withdrawal_is_not_saved_and_says_so(client, town, make_coordinator):
    site, _nordborg, _people = town
    send_at = timezone.now() + timedelta(days=1)
    scheduled = invitation(site, send_at=send_at)
    client.force_login(make_coordinator(Municipality.objects.get(site=site)))
    assert client.post(withdraw_url(scheduled)).status_code == 302
    edited = {**form(site, send_at, text_en="Come to the big welcome day"), "schedule": "1"}
    answer = client.post(f"/admin/invitations/{scheduled.pk}/", edited, follow=True)
    assert "your changes were not saved" in answer.content.decode()
    scheduled.refresh_from_db()
    assert (scheduled.status, scheduled.text_en) == ("withdrawn", "Come to the welcome day")


def test_an_invitation_changed_after_it_was_found_due_goes_out_as_it_is_then(town):
    site, _nordborg, _people = town
    changed, moved = invitation(site), invitation(site)
    found = {due.pk: due for due in invitations.due()}
    Invitation.objects.filter(pk=changed.pk).update(
        text_da="Kom til den store velkomstdag", text_de="Komm zum großen Willkommenstag"
    )
    Invitation.objects.filter(pk=moved.pk).update(send_at=timezone.now() + timedelta(days=1))

    bodies = {row[3]["body"] for row in invitations.recipients(found[changed.pk])}
    assert bodies == {"Kom til den store velkomstdag", "Komm zum großen Willkommenstag"}
    assert invitations.recipients(found[moved.pk]) == []
    assert Invitation.objects.get(pk=moved.pk).status == "scheduled"
