"""A demo invitation on the front page: the coming welcome day, in three languages, sent and
shown for two weeks from the day it is seeded. Seeding again changes nothing."""

from datetime import timedelta

from django.utils import timezone

from events.models import EventPage
from guide.sites import site_pages_q
from newcomers.models import Invitation
from newcomers.models.push import InvitationStatus

TEXT_EN = "Welcome day for new residents: meet the municipality, clubs and neighbours."


def seed(site):
    if Invitation.objects.filter(site=site, text_en=TEXT_EN).exists():
        return None
    now = timezone.now()
    event = EventPage.objects.filter(site_pages_q(site), locale__language_code="da").first()
    return Invitation.objects.create(
        site=site,
        text_da="Velkomstdag for nye borgere: mød kommunen, foreningerne og naboerne.",
        text_en=TEXT_EN,
        text_de="Willkommenstag für Neubürger: Treffen Sie Gemeinde, Vereine und Nachbarn.",
        link=event,
        date=timezone.localdate(now) + timedelta(days=14),
        send_at=now,
        status=InvitationStatus.SENT,  # demo: shown, never mailed
    )
