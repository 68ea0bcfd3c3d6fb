"""Demo newcomers for "New in our area": five Sønderborg newcomers in four communities who
allowed their ambassadors to contact them (one of them withdrew it again, and is no longer
shown), a prospective newcomer introduced to the ambassador corps, and a few contact records.
A second run leaves what exists as it is."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from communities.models import CommunityPage
from guide.sites import site_pages_q
from newcomers import ambassadors, consents
from newcomers.models import Account, ContactKind, ContactRecord, NewcomerProfile

User = get_user_model()

# (first name, language, community slug, status, household, interests, moved or moving in
# days from today, consent days ago, withdrawn)
NEWCOMERS = (
    ("Ana", "en", "nordborg", "lives", ["children"], ["nature", "sports"], -20, 25, False),
    ("Jonas", "de", "augustenborg", "lives", ["partner"], ["culture"], -40, 45, False),
    ("Priya", "en", "grasten", "considers", [], ["work", "language"], 90, 3, False),
    ("Li", "en", "broager", "lives", ["student"], ["food", "volunteering"], -12, 12, False),
    ("Marta", "da", "nordborg", "lives", ["children", "partner"], ["family"], -30, 30, True),
)

# (first name, days ago, kind, note, by: username)
RECORDS = (
    (
        "Ana",
        15,
        ContactKind.CONTACTED,
        "Called; she would like a walk along the coast.",
        "editor-nordborg",
    ),
    ("Ana", 6, ContactKind.VISIT, "Tour of the harbour and the community hall.", "editor-nordborg"),
    (
        "Li",
        4,
        ContactKind.NOTE,
        "Interested in the Friday food market volunteers.",
        "editor-broager",
    ),
)


def seed(site):
    now = timezone.now()
    accounts = {}
    for name, language, slug, status, household, interests, moving, consented, gone in NEWCOMERS:
        community = CommunityPage.objects.filter(site_pages_q(site), slug=slug).first()
        if community is None:
            continue
        account, created = Account.objects.get_or_create(
            site=site, email=f"{name.lower()}.newcomer@example.com", defaults={"language": language}
        )
        accounts[name] = account
        if not created:
            continue
        NewcomerProfile.objects.create(
            account=account,
            first_name=name,
            community_key=community.translation_key,
            community_status=status,
            household=household,
            interests=interests,
            moving_date=(now + timedelta(days=moving)).date(),
        )
        given_at = now - timedelta(days=consented)
        consents.record(
            account, ambassadors.PURPOSE, True, language=language, source="website", now=given_at
        )
        if gone:
            consents.record(
                account, ambassadors.PURPOSE, False, language=language, source="website"
            )
    if not ContactRecord.objects.filter(account__in=accounts.values()).exists():
        _records(site, accounts, now)


def _records(site, accounts, now):
    users = {user.username: user for user in User.objects.filter(username__startswith="editor-")}
    for name, days_ago, kind, note, username in RECORDS:
        account = accounts.get(name)
        if account is not None:
            ambassadors.add_record(
                account,
                account.profile.community_key,
                kind,
                note,
                users.get(username),
                when=now - timedelta(days=days_ago),
            )
    corps = CommunityPage.objects.filter(site_pages_q(site), slug="sonderborg-ambassadors").first()
    if corps is not None and "Priya" in accounts:
        coordinator = User.objects.filter(username="coordinator").first()
        ambassadors.add_record(
            accounts["Priya"],
            corps.translation_key,
            ContactKind.INTRODUCED,
            "",
            coordinator,
            when=now - timedelta(days=2),
        )
