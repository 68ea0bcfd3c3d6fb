"""Pop-up invitations: a coordinator writes one, previews how many of their own
municipality's newcomers it reaches, schedules it; it goes out once per person in their
language, with a one-click opt-out, at most one a day, never pushed at night; the website's
home lists it until its date has passed."""

import re
from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from guide.models import Municipality
from newcomers import consents
from newcomers.models import Account, Delivery, Invitation, NewcomerProfile
from newcomers.tasks import deliver
from tests.cms.test_mail_tasks import work
from tests.frontend_api.test_schema_strict import validate
from tests.newcomers.helpers import AABENRAA
from tests.newcomers.push_helpers import Browser

pytestmark = pytest.mark.django_db

NEW = "/admin/invitations/new/"


def local(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def newcomer(site, email, *, country="", household=(), community=None, language="en", consent=True):
    account = Account.objects.create(site=site, email=email, language=language)
    NewcomerProfile.objects.create(
        account=account,
        moved_from_country=country,
        household=list(household),
        community_key=community.translation_key if community else None,
    )
    if consent:
        consents.record(account, "community_invitations", True, language=language, source="api")
    return account


@pytest.fixture
def town(home, aabenraa, make_community):
    site = home.get_site()
    nordborg = make_community(title="Nordborg")
    people = {
        "anna": newcomer(
            site,
            "anna@example.com",
            country="DE",
            household=["children"],
            community=nordborg,
            language="de",
        ),
        "piotr": newcomer(site, "piotr@example.com", country="PL", language="da"),
        "carl": newcomer(site, "carl@example.com", country="DE", consent=False),
        "other": newcomer(aabenraa.site, "other@example.com", country="DE"),
    }
    return site, nordborg, people


def form(site, send_at, **extra):
    return {
        "site": site.pk,
        "text_da": "Kom til velkomstdagen",
        "text_en": "Come to the welcome day",
        "text_de": "Komm zum Willkommenstag",
        "date": f"{timezone.localdate(send_at) + timedelta(days=3):%Y-%m-%d}",
        "countries": "",
        "send_at": f"{timezone.localtime(send_at):%Y-%m-%d %H:%M}",
        **extra,
    }


def reach_of(response):
    found = re.search(r"reaches (\d+) newcomer", response.content.decode())
    assert found, response.content.decode()[:2000]
    return int(found.group(1))


def test_a_coordinator_previews_schedules_and_it_goes_out_once_in_each_language(
    client, town, aabenraa, make_coordinator, english
):
    site, nordborg, people = town
    coordinator = make_coordinator(Municipality.objects.get(site=site))
    client.force_login(coordinator)
    now = timezone.now()
    preview = {**form(site, now), "preview": "1"}
    assert reach_of(client.post(NEW, preview)) == 2  # anna and piotr: carl gave no consent
    assert reach_of(client.post(NEW, {**preview, "countries": "de"})) == 1
    assert reach_of(client.post(NEW, {**preview, "households": ["children"]})) == 1
    assert reach_of(client.post(NEW, {**preview, "languages": ["da"]})) == 1
    nordborg_choice = f"{site.pk}:{nordborg.translation_key}"
    assert reach_of(client.post(NEW, {**preview, "community": nordborg_choice})) == 1
    assert not Invitation.objects.exists()  # a preview saves nothing

    scheduled = client.post(NEW, {**form(site, now), "schedule": "1"})
    assert scheduled.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.status == "scheduled"

    # Aabenraa's coordinator neither sees it nor reaches Sønderborg's newcomers
    client.force_login(make_coordinator(aabenraa))
    assert "welcome day" not in client.get("/admin/invitations/").content.decode()
    assert client.get(f"/admin/invitations/{invitation.pk}/").status_code == 404
    theirs = client.post(NEW, {**form(site, now), "preview": "1"})
    assert "site" in theirs.context["form"].errors
    assert reach_of(client.post(NEW, {**form(aabenraa.site, now), "preview": "1"})) == 1

    call_command("send_reminders")
    call_command("send_reminders")
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {"anna@example.com", "piotr@example.com"}
    assert "Komm zum Willkommenstag" in sent["anna@example.com"].body
    assert "Kom til velkomstdagen" in sent["piotr@example.com"].body
    assert Invitation.objects.get().status == "sent"

    # the public list of the home's banner, in the language asked for, of its site only
    listed = client.get("/api/v2/invitations/", {"locale": "en"})
    assert [item["text"] for item in listed.json()["items"]] == ["Come to the welcome day"]
    validate(listed)
    assert client.get("/api/v2/invitations/", HTTP_HOST=AABENRAA).json()["items"] == []

    # one click opts out: a GET only asks, the POST stops every further invitation
    link = re.search(r"https?://\S+/invitations/opt-out/\S+/", sent["anna@example.com"].body)
    path = urlsplit(link.group(0)).path
    asked = client.get(path)
    assert asked.json()["opted_out"] is False
    validate(asked)
    stopped = client.post(path)
    assert stopped.json()["opted_out"] is True
    validate(stopped)
    assert client.post(path, HTTP_HOST=AABENRAA).status_code == 400
    mail.outbox.clear()
    client.force_login(coordinator)
    tomorrow = now + timedelta(days=1)
    with time_machine.travel(tomorrow, tick=False):
        assert reach_of(client.post(NEW, {**form(site, tomorrow), "preview": "1"})) == 1
        client.post(NEW, {**form(site, tomorrow), "schedule": "1"})
        call_command("send_reminders")
    assert [message.to for message in mail.outbox] == [["piotr@example.com"]]


def waiting_deliveries():
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=deliver.module_path)


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_no_push_at_night_and_one_invitation_a_day(home, queue, push_service, vapid):
    site = home.get_site()
    anna = newcomer(site, "anna@example.com", language="en")
    browser = Browser()
    browser.subscribe(anna, push_service.url("/anna"))
    day = timezone.localdate()
    evening = local(day, 22, 30)
    for text in ("First", "Second"):
        Invitation.objects.create(
            site=site,
            text_da=text,
            text_en=text,
            text_de=text,
            date=day + timedelta(days=5),
            send_at=evening - timedelta(minutes=5),
            status="scheduled",
        )
    with time_machine.travel(evening, tick=False):
        call_command("send_reminders")
        work()
    assert push_service.received == []  # quiet hours
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=deliver.module_path
    )
    assert {task.run_after for task in waiting} == {local(day + timedelta(days=1), 8)}

    with time_machine.travel(local(day + timedelta(days=1), 8, 1), tick=False):
        work()
    [(_path, headers, body)] = push_service.received  # one a day: the other waits a day
    assert headers["content-encoding"] == "aes128gcm"
    shown = browser.read(body)
    first = shown["body"]
    assert "/api/v2/me/invitations/opt-out/" in shown["opt_out_url"]  # an action of it
    [waiting] = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=deliver.module_path
    )
    assert waiting.run_after == local(day + timedelta(days=2), 8)

    with time_machine.travel(local(day + timedelta(days=2), 8, 1), tick=False):
        work()
    assert {first, browser.read(push_service.received[1][2])["body"]} == {"First", "Second"}
    assert Delivery.objects.filter(account=anna).count() == 2
    assert mail.outbox == []
