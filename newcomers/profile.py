"""A newcomer's profile: read with defaults, written whole."""

from django.db import transaction

from communities.models import CommunityPage
from guide.sites import site_pages_q
from newcomers.models import NewcomerProfile

FIELDS = (
    "first_name",
    "moved_from_country",
    "household",
    "community_key",
    "community_status",
    "interests",
    "moving_date",
)


def is_community_of(site, key):
    """Whether `key` is the translation key of a community of `site`'s (in any language)."""
    return CommunityPage.objects.live().filter(site_pages_q(site), translation_key=key).exists()


def profile_of(account):
    """The account's profile, an unsaved empty one until it is first written."""
    try:
        return account.profile
    except NewcomerProfile.DoesNotExist:
        return NewcomerProfile(account=account)


def save(account, values):
    """Write the profile's fields from `values` (validated) and the account's language."""
    profile = profile_of(account)
    for name in FIELDS:
        setattr(profile, name, values[name])
    with transaction.atomic():
        profile.save()
        if values["language"] != account.language:
            account.language = values["language"]
            account.save(update_fields=["language"])
    return profile
