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


def community_key_of(site, page_id):
    """The translation key of `site`'s community page `page_id` (a copy in any language), or
    None: the profile keeps the community, not one language's copy of it."""
    pages = CommunityPage.objects.live().filter(site_pages_q(site), pk=page_id)
    return pages.values_list("translation_key", flat=True).first()


def community_id(site, key, language):
    """The page id of community `key`'s copy in `language`, else of another live copy."""
    if key is None:
        return None
    copies = CommunityPage.objects.live().filter(site_pages_q(site), translation_key=key)
    found = dict(copies.values_list("locale__language_code", "pk"))
    return found.get(language) or min(found.values(), default=None)


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
