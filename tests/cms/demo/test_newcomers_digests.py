"""`seed_demo` adds a newcomer who asked for invitations, so `send_digests` has someone to
write to; seeding again adds nobody."""

from django.utils import timezone
from wagtail.models import Site

from cms.demo import newcomers_digests
from communities.models import CommunityPage
from newcomers import digests
from newcomers.models import Account, ConsentRecord


def test_the_demo_newcomer_is_due_a_digest(db, demo):
    site = Site.objects.get(is_default_site=True)
    hanna = Account.objects.get(site=site, email=newcomers_digests.EMAIL)
    nordborg = CommunityPage.objects.get(slug="nordborg", locale__language_code="da")
    assert hanna.profile.community_key == nordborg.translation_key
    due = digests.due_accounts(timezone.now()).exclude(email__startswith="dashboard-")
    assert list(due) == [hanna]  # (the dashboard's demo newcomers are due theirs too)

    newcomers_digests.seed(site)
    assert Account.objects.filter(email=newcomers_digests.EMAIL).count() == 1
    assert ConsentRecord.objects.filter(account=hanna).count() == 1
