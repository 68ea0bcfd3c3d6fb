"""A mentor never gets more newcomers than their capacity, also when coordinators match at
the same moment (PostgreSQL, where requests really run in parallel): real HTTP requests to
a live server, as the admin's *Match* button sends them, released together by a barrier."""

import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client

from newcomers.models import MentorMatch
from newcomers.models.mentor import RequestStatus
from tests.events.test_registration_concurrency import wide_server  # noqa: F401  (fixture)
from tests.newcomers.mentor_helpers import mentor, request_of

pytestmark = [
    pytest.mark.postgres,
    # (serialized_rollback: the flush after the test keeps the permissions the admin needs)
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 5


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a match answers 302: keep it as the answer


def admin_cookie(user):
    """The session cookie of `user` logged in, and a CSRF cookie sent back as the header."""
    client = Client()
    client.force_login(user)
    csrf = secrets.token_hex(16)  # 32 characters: a CSRF secret as the cookie holds it
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}",
        "X-CSRFToken": csrf,
    }


def test_five_coordinators_matching_a_mentor_of_capacity_one_at_once_make_one_match(
    wide_server,  # noqa: F811
    home,
    coordinator,
    make_coordinator,
):
    site = home.get_site()
    mette = mentor(site, "Mette Holm", capacity=1, language="da")
    requests = [
        request_of(site, f"n{n}@example.com", first_name=f"N{n}", language="en")
        for n in range(THREADS)
    ]
    second = make_coordinator(site.municipality, username="second")
    sessions = [admin_cookie(coordinator), admin_cookie(second)]
    connection.close()  # the threads' server opens its own connections
    barrier = threading.Barrier(THREADS)
    opener = urllib.request.build_opener(NoRedirect)

    def match(n):
        request = urllib.request.Request(
            f"{wide_server.url}/admin/mentors/requests/{requests[n].pk}/",
            data=urllib.parse.urlencode({"mentor": mette.pk}).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                **sessions[n % 2],
            },
            method="POST",
        )
        barrier.wait()
        try:
            with opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        codes = sorted(pool.map(match, range(THREADS)))
    assert codes == [302] + [409] * (THREADS - 1)
    (found,) = MentorMatch.objects.all()
    assert found.mentor == mette
    statuses = sorted(r.status for r in type(requests[0]).objects.all())
    assert statuses == [RequestStatus.MATCHED] + [RequestStatus.OPEN] * (THREADS - 1)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["mette@example.com", found.mentor_request.account.email]
    )
