"""`manage.py apply_retention` (daily) deletes or anonymises what has passed its period,
model by model as the register says, and counts it."""

import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from directory.models import AssociationSubmission
from events.models import Registration
from newcomers import consents
from newcomers.models import (
    Account,
    AccountSession,
    Claim,
    ConsentRecord,
    Delivery,
    Enquiry,
    Meetup,
    MeetupParticipant,
    NewcomerProfile,
    SignInLink,
)
from newcomers.models.consent import ConsentSource
from newcomers.privacy.retention import apply_retention
from tests.newcomers.coupon_helpers import make_coupon, make_shop

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = timedelta(days=1)


def account(site, email, active_days_ago):
    made = Account.objects.create(site=site, email=email)
    Account.objects.filter(pk=made.pk).update(
        created_at=NOW - 900 * DAY, last_sign_in_at=NOW - active_days_ago * DAY
    )
    return made


def session(owner, *, expires, revoked=None):
    return AccountSession.objects.create(
        account=owner,
        token_hash=uuid.uuid4().hex,
        created_at=NOW - 40 * DAY,
        expires_at=expires,
        revoked_at=revoked,
    )


def registration(event, email, days_from_now):
    return Registration.objects.create(
        event_key=event.translation_key,
        occurrence=NOW + days_from_now * DAY,
        name="Someone",
        email=email,
        seats=1,
        language="en",
        status="confirmed",
        token_hash=uuid.uuid4().hex,
    )


def enquiry(site, closed_days_ago):
    return Enquiry.objects.create(
        site=site,
        topic="housing",
        language="en",
        message="Where do I find a flat?",
        email="asks@example.com",
        status="closed",
        closed_at=NOW - closed_days_ago * DAY,
    )


def meetup(poster, days_from_now):
    return Meetup.objects.create(
        poster=poster,
        title="Koncert i Alsion",
        starts_at=NOW + days_from_now * DAY,
        place="Alsion",
        language="en",
        max_people=4,
    )


def submission(site, email, *, status, days_ago):
    made = AssociationSubmission.objects.create(
        site=site, data={"name": "Roklub"}, email=email, status=status
    )
    AssociationSubmission.objects.filter(pk=made.pk).update(
        created_at=NOW - days_ago * DAY,
        decided_at=NOW - days_ago * DAY if status == "approved" else None,
    )
    return made


def test_what_has_passed_its_period_goes_and_is_counted(home, make_event):
    site = home.get_site()
    event = make_event(registration=True, seats=5)
    for days_ago, email in ((2, "old@example.com"), (0, "new@example.com")):
        SignInLink.objects.create(
            site=site,
            email=email,
            language="en",
            token_hash=uuid.uuid4().hex,
            created_at=NOW - days_ago * DAY,
            expires_at=NOW - days_ago * DAY + timedelta(minutes=15),
        )
    gone = account(site, "gone@example.com", active_days_ago=750)
    NewcomerProfile.objects.create(account=gone, first_name="Gone")
    consents.record(gone, "mentor_matching", True, language="en", source=ConsentSource.API)
    consents.record(gone, "mentor_matching", False, language="en", source=ConsentSource.API)
    registration(event, "gone@example.com", days_from_now=10)
    consenting = account(site, "stays@example.com", active_days_ago=750)
    consents.record(consenting, "ambassador_contact", True, language="en", source="api")
    active = account(site, "active@example.com", active_days_ago=3)
    live = session(active, expires=NOW + DAY)
    session(active, expires=NOW - DAY)
    session(active, expires=NOW + DAY, revoked=NOW - DAY)
    registration(event, "past@example.com", days_from_now=-40)
    registration(event, "soon@example.com", days_from_now=5)
    submission(site, "unconfirmed@example.com", status="unconfirmed", days_ago=31)
    submission(site, "fresh@example.com", status="unconfirmed", days_ago=2)
    decided = submission(site, "decided@example.com", status="approved", days_ago=400)
    enquiry(site, closed_days_ago=731)
    kept = enquiry(site, closed_days_ago=729)
    old = meetup(active, days_from_now=-31)
    recent = meetup(active, days_from_now=-29)
    MeetupParticipant.objects.create(meetup=old, account=consenting, shared_contact="+45 1234")
    for days_ago in (91, 89):
        sent_at = NOW - days_ago * DAY
        Delivery.objects.create(
            account=active,
            kind="new_event",
            key=f"event:{days_ago}",
            channel="email",
            sent_at=sent_at,
            sent_on=timezone.localdate(sent_at),
        )
    shop = make_shop(site)
    today = NOW.date()
    for last_day in (today - 366 * DAY, today - 364 * DAY):
        coupon = make_coupon(shop, valid_from=last_day - 30 * DAY, valid_to=last_day)
        Claim.objects.create(coupon=coupon, account=active)

    out = StringIO()
    call_command("apply_retention", stdout=out)

    assert out.getvalue().splitlines() == [
        "directory.AssociationSubmission: 2",
        "django_tasks_database.DBTaskResult: 0",  # no queue here: see test_mail_results.py
        "events.Registration: 1",
        "newcomers.Account: 1",
        "newcomers.AccountSession: 2",
        "newcomers.Claim: 1",
        "newcomers.Delivery: 1",
        "newcomers.Enquiry: 1",
        "newcomers.Meetup: 1",
        "newcomers.SignInLink: 1",
    ]
    assert list(Delivery.objects.values_list("key", flat=True)) == ["event:89"]
    assert list(Enquiry.objects.all()) == [kept]
    assert [c.coupon.valid_to for c in Claim.objects.all()] == [today - 364 * DAY]
    assert list(Meetup.objects.all()) == [recent]  # its participants went with it
    assert not MeetupParticipant.objects.exists()
    assert list(SignInLink.objects.values_list("email", flat=True)) == ["new@example.com"]
    assert set(Account.objects.values_list("email", flat=True)) == {
        "stays@example.com",
        "active@example.com",
    }
    assert not NewcomerProfile.objects.exists()
    assert ConsentRecord.objects.get().account == consenting
    assert list(AccountSession.objects.all()) == [live]
    assert sorted(Registration.objects.values_list("email", flat=True)) == [
        "",  # the erased account's seat stays taken
        "soon@example.com",
    ]
    assert sorted(AssociationSubmission.objects.values_list("email", flat=True)) == [
        "",
        "fresh@example.com",
    ]
    decided.refresh_from_db()
    assert decided.email == "" and decided.data == {"name": "Roklub"}

    # the daily task does the same; nothing is due any more
    result = apply_retention.enqueue()
    assert result.return_value == {
        "directory.AssociationSubmission": 0,
        "django_tasks_database.DBTaskResult": 0,
        "events.Registration": 0,
        "newcomers.Account": 0,
        "newcomers.AccountSession": 0,
        "newcomers.Delivery": 0,
        "newcomers.Claim": 0,
        "newcomers.Enquiry": 0,
        "newcomers.Meetup": 0,
        "newcomers.SignInLink": 0,
    }
