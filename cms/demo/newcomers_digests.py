"""A demo newcomer who asked for invitations, so that `manage.py send_digests` has someone
to write to: Hanna, moved to Nordborg a month ago, in English. Seeding again changes
nothing (her consent is given when her account is first made)."""

from datetime import timedelta

from django.utils import timezone

from communities.models import CommunityPage
from guide.sites import site_pages_q
from newcomers import consents
from newcomers.models import Account, NewcomerProfile
from newcomers.models.consent import ConsentSource

EMAIL = "hanna@example.com"


def seed(site, community_slug="nordborg"):
    account, created = Account.objects.get_or_create(
        site=site, email=EMAIL, defaults={"language": "en"}
    )
    if not created:
        return account
    community = CommunityPage.objects.filter(site_pages_q(site), slug=community_slug).first()
    NewcomerProfile.objects.create(
        account=account,
        first_name="Hanna",
        moved_from_country="DE",
        community_key=community.translation_key if community else None,
        community_status="lives" if community else "",
        moving_date=timezone.localdate() - timedelta(days=30),
    )
    consents.record(
        account, "community_invitations", True, language="en", source=ConsentSource.WEBSITE
    )
    return account
