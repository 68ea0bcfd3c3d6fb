"""A meet-up never takes more people than it has room for, also when many join at the same
moment (PostgreSQL, where requests really run in parallel): real HTTP requests to a live
server, released together by a barrier."""

import json
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from newcomers import consents, signin
from newcomers.models import Account, Meetup, MeetupParticipant
from newcomers.models.consent import ConsentSource
from tests.events.test_registration_concurrency import wide_server  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.postgres,
    # (serialized_rollback: the flush after the test keeps the permissions the admin needs)
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 10


def test_ten_joining_a_meetup_for_three_at_once_fill_exactly_its_two_places(
    wide_server,  # noqa: F811
    home,
    settings,
):
    settings.MEETUP_JOIN_RATE = "10000/hour"
    site = home.get_site()
    poster = Account.objects.create(site=site, email="ana@example.com")
    consents.record(poster, "meetup_visibility", True, language="da", source=ConsentSource.API)
    meetup = Meetup.objects.create(
        poster=poster,
        title="Koncert",
        starts_at=timezone.now() + timedelta(days=2),
        place="Alsion",
        language="da",
        max_people=3,
    )
    tokens = [
        signin.start_session(Account.objects.create(site=site, email=f"n{n}@example.com")).token
        for n in range(THREADS)
    ]
    connection.close()  # the threads' server opens its own connections
    barrier = threading.Barrier(THREADS)

    def join(n):
        request = urllib.request.Request(
            f"{wide_server.url}/api/v2/meetups/{meetup.pk}/join/",
            data=json.dumps({"shared_contact": f"n{n}@example.com"}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {tokens[n]}"},
            method="POST",
        )
        barrier.wait()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(join, range(THREADS)))
    codes = sorted(code for code, _body in results)
    assert codes == [201] * 2 + [409] * (THREADS - 2), results
    assert MeetupParticipant.objects.filter(meetup=meetup).count() == 2
    assert Meetup.objects.get(pk=meetup.pk).participant_count == 2
