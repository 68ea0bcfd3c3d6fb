"""Known activity for the coordinator's dashboard, made row by row as the features record
it (the dates set as if it had happened earlier)."""

import csv
import io
from datetime import timedelta

from django.utils import timezone

from newcomers import consents
from newcomers.models import Account, NewcomerProfile

DASHBOARD = "/admin/newcomers-in-figures/"


def newcomer(site, n, days_ago, country="", community=None, signed_in_after=None, prefix="a"):
    """An account created `days_ago`, with a profile when a country or community is given."""
    account = Account.objects.create(site=site, email=f"{prefix}{n}@example.com", language="en")
    created = timezone.now() - timedelta(days=days_ago)
    signed_in = created + timedelta(days=signed_in_after) if signed_in_after else None
    Account.objects.filter(pk=account.pk).update(created_at=created, last_sign_in_at=signed_in)
    account.created_at = created
    if country or community:
        NewcomerProfile.objects.create(
            account=account, moved_from_country=country, community_key=community
        )
    return account


def consent(account, purpose, given=True, days_after=0):
    return consents.record(
        account,
        purpose,
        given,
        language="en",
        source="website",
        now=account.created_at + timedelta(days=days_after),
    )


def newcomers_of(site, count, prefix="v"):
    """`count` newcomers of the last months, each with a profile and a consent."""
    for n in range(count):
        account = newcomer(site, n, days_ago=40 + n % 100, country="DE", prefix=prefix)
        consent(account, "community_invitations")


def read_csv(response):
    """{(panel, row, column): value} of the dashboard's CSV."""
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["panel", "row", "column", "value"]
    return {(panel, row, column): value for panel, row, column, value in rows[1:]}
