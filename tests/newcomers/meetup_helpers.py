"""Newcomers posting and joining meet-ups through the API, as the website does."""

from datetime import timedelta

from django.utils import timezone

from newcomers.models import Account, NewcomerProfile
from tests.newcomers.helpers import sign_in

URL = "/api/v2/meetups/"


def newcomer(client, email, first_name="", consent=True, host="localhost"):
    """The bearer headers of a signed-in newcomer (with a first name, and the consent to
    showing their meet-up posts)."""
    auth = sign_in(client, email=email, host=host)
    if first_name:
        account = Account.objects.get(email=email, site__hostname=host)
        NewcomerProfile.objects.create(account=account, first_name=first_name)
    if consent:
        give_visibility(client, auth)
    return auth


def give_visibility(client, auth, given=True):
    response = client.post(
        "/api/v2/me/consents/",
        {"purpose": "meetup_visibility", "given": given},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 201


def body(**changes):
    return {
        "title": "Sønderborg Koncert, Friday",
        "description": "Anyone coming along? We could meet for a coffee first.",
        "starts_at": (timezone.now() + timedelta(days=3)).isoformat(),
        "place": "Alsion, the main entrance",
        "language": "en",
        "max_people": 4,
        **changes,
    }


def post(client, auth, **changes):
    return client.post(URL, body(**changes), content_type="application/json", **auth)


def join(client, auth, pk, contact="+45 12 34 56 78"):
    return client.post(
        f"{URL}{pk}/join/", {"shared_contact": contact}, content_type="application/json", **auth
    )
