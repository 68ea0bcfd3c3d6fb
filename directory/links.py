"""Private edit links: signed and expiring (DIRECTORY_EDIT_LINK_DAYS, default 30), so
nothing needs storing and a forged or old link changes nothing."""

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


def absolute(path):
    """`path` on the public site (DIRECTORY_BASE_URL, else WAGTAILADMIN_BASE_URL)."""
    base = settings.DIRECTORY_BASE_URL or settings.WAGTAILADMIN_BASE_URL
    return base.rstrip("/") + path


def edit_url(association):
    return absolute(reverse("directory:edit", args=[edit_token(association)]))


def confirm_url(submission):
    return absolute(reverse("directory:confirm", args=[submission.confirmation_token]))
