"""A newcomer downloads everything held about them, then deletes their account: every row
about them goes or loses what identifies them, and nobody else's does."""

import pytest
from django.core import mail
from django.utils import timezone

from events.models import OccurrenceSeats, Registration
from newcomers.models import Account, Delivery, InvitationOptOut
from newcomers.privacy.register import entry_for
from tests.events.registration_helpers import body, committed, post, url
from tests.frontend_api.test_schema_strict import validate
from tests.newcomers.helpers import AABENRAA, sign_in
from tests.newcomers.push_helpers import Browser
from tests.privacy.helpers import lookups_to_account, our_models

pytestmark = pytest.mark.django_db


def consent(client, auth, given):
    body = {"purpose": "mentor_matching", "given": given}
    response = client.post("/api/v2/me/consents/", body, content_type="application/json", **auth)
    assert response.status_code == 201


def rows_about(account):
    """{model label: rows linked to `account` by a chain of foreign keys}, for every model."""
    found = {}
    for model in our_models():
        for lookup in lookups_to_account(model):
            count = model.objects.filter(**{lookup: account.pk}).count()
            if count:
                found[model._meta.label] = found.get(model._meta.label, 0) + count
    return found


def test_export_then_erasure(client, home, make_event, aabenraa):
    event = make_event(registration=True, seats=2, title="Velkomstdag")
    other_event = make_event(parent=aabenraa.site.root_page, registration=True, seats=5)
    auth = sign_in(client, "ana@example.com")
    elsewhere = sign_in(client, "ana@example.com", host=AABENRAA)
    bob = sign_in(client, "bob@example.com")
    profile = {
        "first_name": "Ana",
        "language": "en",
        "moved_from_country": "PT",
        "household": ["children"],
        "community": None,
        "community_status": "",
        "interests": ["culture"],
        "moving_date": "2027-03-01",
    }
    written = client.put("/api/v2/me/", profile, content_type="application/json", **auth)
    assert written.status_code == 200
    consent(client, auth, True)
    consent(client, auth, False)
    consent(client, bob, True)
    push = {"endpoint": "https://push.example.net/ana", "keys": Browser().keys}
    subscribed = client.post(
        "/api/v2/me/push-subscriptions/", push, content_type="application/json", **auth
    )
    assert subscribed.status_code == 201
    assert post(client, event, email="ana@example.com", seats=2).json()["status"] == "confirmed"
    assert post(client, event, email="Ana@Example.com", seats=1).json()["status"] == "waiting"
    assert post(client, event, email="bob@example.com", seats=1).json()["status"] == "waiting"
    at_aabenraa = committed(
        client.post,
        url(other_event),
        body(other_event, email="ana@example.com"),
        content_type="application/json",
        HTTP_HOST=AABENRAA,
    )
    assert at_aabenraa.status_code == 201
    ana = Account.objects.get(site=home.get_site(), email="ana@example.com")
    now = timezone.now()
    Delivery.objects.create(
        account=ana,
        kind="invitation",
        key="invitation:1",
        channel="push",
        sent_at=now,
        sent_on=timezone.localdate(now),
    )
    InvitationOptOut.objects.create(account=ana)

    exported = client.get("/api/v2/me/export/", **auth)
    assert exported.status_code == 200
    validate(exported)
    assert exported["Content-Disposition"].startswith("attachment; filename=")
    assert "no-store" in exported["Cache-Control"]
    assert client.get("/api/v2/me/export/", **auth)["Cache-Control"] == exported["Cache-Control"]
    sections = exported.json()["sections"]
    assert sections["account"]["rows"][0]["email"] == "ana@example.com"
    assert sections["profile"]["rows"][0]["first_name"] == "Ana"
    assert [(r["purpose"], r["given"]) for r in sections["consents"]["rows"]] == [
        ("mentor_matching", True),
        ("mentor_matching", False),
    ]
    # both of hers at this municipality, whatever the case of the address; not Bob's, nor
    # hers at Aabenraa's event
    assert sorted(r["seats"] for r in sections["event_registrations"]["rows"]) == [1, 2]
    assert len(sections["sessions"]["rows"]) == 1
    assert "token_hash" not in sections["sessions"]["rows"][0]
    assert "bob@example.com" not in exported.content.decode()
    [device] = sections["push_subscriptions"]["rows"]
    assert device["endpoint"] == push["endpoint"]
    assert push["keys"]["auth"] not in exported.content.decode()  # the browser's secret
    assert [r["key"] for r in sections["reminders_sent"]["rows"]] == ["invitation:1"]
    assert len(sections["invitations_opt_out"]["rows"]) == 1
    assert client.get("/api/v2/me/export/", HTTP_HOST="localhost").status_code == 401

    assert rows_about(ana)  # there was something to erase
    erased = client.delete("/api/v2/me/", **auth)
    assert erased.status_code == 204
    validate(erased)

    # every model linked to the account, however far, has nothing left of her
    assert not Account.objects.filter(pk=ana.pk).exists()
    assert rows_about(ana) == {}
    for model in our_models():
        if lookups_to_account(model):
            assert entry_for(model), model._meta.label
    # her seats stay taken, by nobody anyone can name; her waiting place is gone
    [kept] = Registration.objects.filter(event_key=event.translation_key, seats=2)
    assert (kept.name, kept.email, kept.status) == ("", "", "confirmed")
    assert OccurrenceSeats.objects.get(event_key=event.translation_key).taken == 2
    here = Registration.objects.filter(event_key=event.translation_key)
    assert sorted(here.values_list("email", flat=True)) == ["", "bob@example.com"]
    assert client.get("/api/v2/me/", **auth).status_code == 401
    # Bob, and her own account at Aabenraa with its registration, are untouched
    assert client.get("/api/v2/me/consents/", **bob).json()["items"][3]["given"] is True
    assert client.get("/api/v2/me/", **elsewhere).json()["email"] == "ana@example.com"
    assert Registration.objects.filter(event_key=other_event.translation_key).count() == 1
    # she may come back: a new sign-in makes a new, empty account
    mail.outbox.clear()
    again = sign_in(client, "ana@example.com")
    assert client.get("/api/v2/me/", **again).json()["first_name"] == ""
