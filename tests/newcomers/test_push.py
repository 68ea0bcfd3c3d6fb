"""Reminders on the newcomer's devices: a browser registers its push subscription, the day
before an event they registered for a reminder goes out once (pushed, encrypted and signed,
to a fake push service on loopback), a gone subscription is deleted and e-mail takes over."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from events.models.registration import Registration
from newcomers import consents
from newcomers.models import Account, Delivery, NewcomerProfile, PushSubscription
from tests.cms.test_mail_tasks import work
from tests.events.factories import EventPageFactory
from tests.frontend_api.test_schema_strict import validate
from tests.newcomers.helpers import AABENRAA, sign_in
from tests.newcomers.push_helpers import Browser
from tests.newcomers.test_digests import calendar

pytestmark = pytest.mark.django_db

SUBSCRIPTIONS = "/api/v2/me/push-subscriptions/"


def local(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def test_a_browser_subscribes_with_the_key_and_only_its_owner_removes_it(
    client, home, aabenraa, vapid
):
    key = client.get("/api/v2/push/key/")
    assert key.json() == {"public_key": vapid}
    validate(key)
    ana = sign_in(client, "ana@example.com")
    ben = sign_in(client, "ben@example.com")
    browser = Browser()
    endpoint = "https://push.example.net/send/abc"

    def post(body, auth):
        return client.post(SUBSCRIPTIONS, body, content_type="application/json", **auth)

    refused = post({"endpoint": "http://push.example.net/x", "keys": browser.keys}, ana)
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"endpoint"}
    validate(refused)
    short = post({"endpoint": endpoint, "keys": {**browser.keys, "auth": "abc"}}, ana)
    assert set(short.json()["errors"]) == {"keys.auth"}
    not_base64 = post({"endpoint": "no url", "keys": {**browser.keys, "p256dh": "**"}}, ana)
    assert set(not_base64.json()["errors"]) == {"endpoint", "keys.p256dh"}
    assert not PushSubscription.objects.exists()

    created = post({"endpoint": endpoint, "keys": browser.keys, "expirationTime": None}, ana)
    assert created.status_code == 201, created.content
    validate(created)
    assert created["Cache-Control"] == "private, no-store"
    assert post({"endpoint": endpoint, "keys": browser.keys}, ana).status_code == 201  # renewed
    [kept] = PushSubscription.objects.all()
    assert kept.account.email == "ana@example.com"

    # another newcomer, or another municipality's session, cannot remove it
    delete = {"data": {"endpoint": endpoint}, "content_type": "application/json"}
    assert client.delete(SUBSCRIPTIONS, **delete, **ben).status_code == 204
    assert PushSubscription.objects.count() == 1
    theirs = sign_in(client, "ana@example.com", host=AABENRAA)
    assert (
        client.delete(SUBSCRIPTIONS, **delete, **{**theirs, "HTTP_HOST": "localhost"}).status_code
        == 401
    )
    assert client.delete(SUBSCRIPTIONS, **delete, **ana).status_code == 204
    assert not PushSubscription.objects.exists()


@pytest.fixture
def tomorrows_event(home):
    """An event tomorrow at 17:00 (local) that ana@example.com registered for."""
    today = timezone.localdate()
    start = local(today + timedelta(days=1), 17)
    page = EventPageFactory(parent=calendar(home), title="CaféNy", start=start)
    Registration.objects.create(
        event_key=page.translation_key,
        occurrence=start,
        name="Ana",
        email="Ana@Example.com",
        seats=1,
        language="en",
        status="confirmed",
        token_hash="x" * 64,
    )
    return page


def test_the_reminder_goes_out_once_the_day_before_pushed_and_encrypted(
    home, tomorrows_event, push_service, vapid
):
    ana = Account.objects.create(site=home.get_site(), email="ana@example.com", language="en")
    Account.objects.create(site=home.get_site(), email="ben@example.com", language="en")
    browser = Browser()
    browser.subscribe(ana, push_service.url("/send/ana"))
    day = timezone.localdate()
    with time_machine.travel(local(day, 9), tick=False):
        call_command("send_reminders")
        call_command("send_reminders")  # a second run sends nothing twice
    [(path, headers, body)] = push_service.received
    assert path == "/send/ana"
    assert headers["content-encoding"] == "aes128gcm"
    assert headers["authorization"].startswith("vapid t=")
    assert int(headers["ttl"]) > 0
    shown = browser.read(body)
    assert shown["title"] == "Tomorrow: CaféNy"
    assert shown["url"].endswith(f"/en/events/{tomorrows_event.pk}/")
    assert mail.outbox == []
    [delivery] = Delivery.objects.all()
    assert (delivery.account, delivery.channel) == (ana, "push")

    with time_machine.travel(local(day + timedelta(days=1), 9), tick=False):
        call_command("send_reminders")  # the day of the event: nothing more
    assert len(push_service.received) == 1


def test_a_gone_subscription_is_deleted_and_e_mail_takes_over(
    home, tomorrows_event, push_service, vapid
):
    ana = Account.objects.create(site=home.get_site(), email="ana@example.com", language="de")
    Browser().subscribe(ana, push_service.url("/gone"))
    push_service.status["/gone"] = 410
    with time_machine.travel(local(timezone.localdate(), 10), tick=False):
        call_command("send_reminders")
    assert len(push_service.received) == 1
    assert not PushSubscription.objects.exists()
    [message] = mail.outbox
    assert message.to == ["ana@example.com"]
    assert message.extra_headers["Content-Language"] == "de"
    assert "CaféNy" in message.subject
    assert Delivery.objects.get().channel == "email"


def test_new_events_of_the_newcomers_community_are_announced_with_consent(
    home, make_community, push_service, vapid
):
    nordborg = make_community(title="Nordborg")
    site = home.get_site()
    asked = Account.objects.create(site=site, email="asked@example.com", language="en")
    silent = Account.objects.create(site=site, email="silent@example.com", language="en")
    for account in (asked, silent):
        NewcomerProfile.objects.create(account=account, community_key=nordborg.translation_key)
    consents.record(asked, "community_invitations", True, language="en", source="api")
    EventPageFactory(parent=nordborg, title="Spilaften")
    call_command("send_reminders")
    call_command("send_reminders")
    [message] = mail.outbox
    assert message.to == ["asked@example.com"]
    assert "Spilaften" in message.subject


def test_a_push_service_failure_is_retried_later_not_lost(
    home, tomorrows_event, push_service, vapid, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ana = Account.objects.create(site=home.get_site(), email="ana@example.com", language="en")
    Browser().subscribe(ana, push_service.url("/busy"))
    push_service.status["/busy"] = 503
    morning = local(timezone.localdate(), 9)
    with time_machine.travel(morning, tick=False):
        call_command("send_reminders")
        work()
    assert len(push_service.received) == 1
    assert not Delivery.objects.exists()  # not sent: nothing recorded
    [retry] = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert retry.run_after == morning + timedelta(minutes=5)
    assert PushSubscription.objects.exists()  # a failure is not a gone subscription

    push_service.status["/busy"] = 201
    with time_machine.travel(morning + timedelta(minutes=6), tick=False):
        work()
    assert len(push_service.received) == 2
    assert Delivery.objects.get().channel == "push"
    assert mail.outbox == []
