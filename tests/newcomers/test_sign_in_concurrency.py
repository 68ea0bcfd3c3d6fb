"""A sign-in link is single use also when many redeem it at the same moment (PostgreSQL,
where requests really run in parallel): real HTTP requests to a live server, released
together by a barrier."""

import json
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connection

from newcomers import signin
from newcomers.models import Account, AccountSession, SignInLink
from tests.events.test_registration_concurrency import wide_server  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.postgres,
    # (serialized_rollback: the flush after the test keeps the permissions the admin needs)
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 10


def test_ten_redeeming_one_link_at_once_make_exactly_one_session(wide_server, home, settings):  # noqa: F811
    settings.NEWCOMER_REDEEM_RATE = "10000/hour"
    token = signin.request_link(home.get_site(), "ana@example.com", "en")
    connection.close()  # the threads' server opens its own connections
    barrier = threading.Barrier(THREADS)

    def redeem(_n):
        request = urllib.request.Request(
            wide_server.url + "/api/v2/me/session/",
            data=json.dumps({"token": token}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        barrier.wait()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(redeem, range(THREADS)))
    codes = sorted(code for code, _body in results)
    assert codes == [201] + [410] * (THREADS - 1), results
    assert {body["reason"] for code, body in results if code == 410} == {"used"}
    assert AccountSession.objects.count() == 1
    assert Account.objects.count() == 1


def test_ten_asking_at_once_for_one_address_get_three_links(wide_server, home, settings):  # noqa: F811
    settings.NEWCOMER_SIGN_IN_RATE = "10000/hour"
    connection.close()
    barrier = threading.Barrier(THREADS)

    def ask(_n):
        request = urllib.request.Request(
            wide_server.url + "/api/v2/me/sign-in/",
            data=json.dumps({"email": "bo@example.com", "language": "en"}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        barrier.wait()
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        codes = list(pool.map(ask, range(THREADS)))
    assert codes == [202] * THREADS  # the same answer whether or not a link went out
    assert SignInLink.objects.filter(email="bo@example.com").count() == signin.MAX_UNUSED_LINKS
    assert len([m for m in mail.outbox if m.to == ["bo@example.com"]]) == signin.MAX_UNUSED_LINKS
