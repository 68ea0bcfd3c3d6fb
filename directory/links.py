"""The links e-mailed to associations, each on its own municipality's address.

Edit links are signed and expiring (DIRECTORY_EDIT_LINK_DAYS, default 30), so nothing needs
storing and a forged or old link changes nothing; one works only at the address of its
association's municipality (directory/views.py)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "directory.edit-link"


def edit_link_days():
    return settings.DIRECTORY_EDIT_LINK_DAYS


def edit_token(association):
    return signing.TimestampSigner(salt=SALT).sign(str(association.pk))


def association_id(token):
    """The association a token was made for, or None if it is forged or expired."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(
            token, max_age=edit_link_days() * 24 * 3600
        )
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def site_address(site):
    """Where `site`'s public pages are: the default site's is configured (DIRECTORY_BASE_URL,
    else WAGTAILADMIN_BASE_URL), as before there were several municipalities; another's is
    its own host (`Site.root_url`, https when its port is 443)."""
    if site.is_default_site:
        return settings.DIRECTORY_BASE_URL or settings.WAGTAILADMIN_BASE_URL
    return site.root_url


def absolute(path, site):
    """`path` on `site`'s public address."""
    return site_address(site).rstrip("/") + path


def edit_url(association):
    return absolute(reverse("directory:edit", args=[edit_token(association)]), association.site)


def confirm_url(submission):
    return absolute(
        reverse("directory:confirm", args=[submission.confirmation_token]), submission.site
    )
