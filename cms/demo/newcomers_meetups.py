"""Demo meet-ups: a few plans of Sønderborg's demo newcomers for the coming weeks, one with
participants, one reported to the coordinator. Idempotent: accounts by e-mail, meet-ups by
poster and title; a run moves a meet-up whose date has passed to come again."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from events.models import EventPage
from guide.sites import site_pages_q
from newcomers import consents, meetups
from newcomers.models import Account, Meetup, MeetupReport, NewcomerProfile
from newcomers.models.consent import ConsentSource
from newcomers.models.meetup import VISIBILITY_PURPOSE

NEWCOMERS = (
    ("ana@example.com", "Ana", "en"),
    ("lukas@example.com", "Lukas", "de"),
    ("priya@example.com", "Priya", "en"),
    ("marta@example.com", "Marta", "en"),
)
MEETUPS = (
    {
        "poster": "ana@example.com",
        "title": "Concert at Alsion: who comes along?",
        "description": "I have a ticket for the symphony orchestra and would love company. "
        "Coffee in the foyer first?",
        "place": "Alsion, the main entrance",
        "language": "en",
        "max_people": 4,
        "days": 5,
        "hour": 19,
        "event": True,
        "participants": (("lukas@example.com", "+49 151 2345678"), ("priya@example.com", "")),
    },
    {
        "poster": "lukas@example.com",
        "title": "Fahrradtour nach Nordborg",
        "description": "Eine ruhige Tour am Alssund entlang, etwa 30 km. Alle Sprachen willkommen.",
        "place": "Sønderborg Slot, the car park",
        "language": "de",
        "max_people": 6,
        "days": 9,
        "hour": 10,
        "participants": (),
    },
    {
        "poster": "priya@example.com",
        "title": "Flea market Saturday, then lunch",
        "description": "Let's look for things for our new homes.",
        "place": "Rådhustorvet",
        "language": "en",
        "max_people": 3,
        "days": 12,
        "hour": 9,
        "participants": (),
        "report": "Looks like an advertisement for a shop.",
    },
)


def seed(site, now=None):
    """Sønderborg's demo meet-ups (site = its Wagtail site)."""
    now = now or timezone.now()
    accounts = {
        email: _newcomer(site, email, name, language) for email, name, language in NEWCOMERS
    }
    event = EventPage.objects.live().filter(site_pages_q(site)).order_by("pk").first()
    for plan in MEETUPS:
        day = timezone.localdate(now) + timedelta(days=plan["days"])
        starts_at = timezone.make_aware(datetime.combine(day, time(plan["hour"])))
        meetup, created = Meetup.objects.get_or_create(
            poster=accounts[plan["poster"]],
            title=plan["title"],
            defaults={
                "description": plan["description"],
                "place": plan["place"],
                "language": plan["language"],
                "max_people": plan["max_people"],
                "starts_at": starts_at,
                "event": event if plan.get("event") else None,
            },
        )
        if not created and meetup.starts_at <= now:
            Meetup.objects.filter(pk=meetup.pk).update(starts_at=starts_at)
        for email, contact in plan["participants"]:
            meetups.join(meetup, accounts[email], contact)
        if plan.get("report"):
            MeetupReport.objects.get_or_create(
                meetup=meetup, reporter=accounts["marta@example.com"], reason=plan["report"]
            )


def _newcomer(site, email, first_name, language):
    account, _created = Account.objects.get_or_create(
        site=site, email=email, defaults={"language": language}
    )
    NewcomerProfile.objects.get_or_create(account=account, defaults={"first_name": first_name})
    if not Account.objects.filter(pk=account.pk).consenting(VISIBILITY_PURPOSE).exists():
        consents.record(
            account, VISIBILITY_PURPOSE, True, language=language, source=ConsentSource.WEBSITE
        )
    return account
