"""A coupon's total is never exceeded and a code redeems once, also when many ask at the
same moment (PostgreSQL, where requests really run in parallel): real HTTP requests to a
live server, released together by a barrier."""

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client

from newcomers import coupons, signin
from newcomers.models import Account, Claim, Coupon
from tests.events.test_registration_concurrency import wide_server  # noqa: F401  (fixture)
from tests.newcomers.coupon_helpers import MY_URL, make_coupon, make_shop, make_staff

pytestmark = [
    pytest.mark.postgres,
    # (serialized_rollback: the flush after the test keeps the permissions the admin needs)
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 50
CSRF = "a" * 32  # a CSRF secret of our own, in the cookie and the form alike


def together(count, send):
    barrier = threading.Barrier(count)

    def run(n):
        barrier.wait()
        try:
            with urllib.request.urlopen(send(n), timeout=120) as response:  # noqa: S310
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_fifty_claiming_the_last_three_at_once_get_exactly_three(wide_server, home, settings):  # noqa: F811
    settings.COUPON_CLAIM_RATE = "10000/hour"
    site = home.get_site()
    coupon = make_coupon(make_shop(site), total=5)
    for n in range(2):  # two are gone already
        coupons.claim(Account.objects.create(site=site, email=f"early{n}@example.com"), coupon.pk)
    tokens = [
        signin.start_session(Account.objects.create(site=site, email=f"n{n}@example.com")).token
        for n in range(THREADS)
    ]
    connection.close()  # the threads' server opens its own connections

    def send(n):
        return urllib.request.Request(
            wide_server.url + MY_URL,
            data=json.dumps({"coupon": coupon.pk}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {tokens[n]}"},
            method="POST",
        )

    results = together(THREADS, send)
    codes = sorted(code for code, _body in results)
    assert codes == [201] * 3 + [409] * (THREADS - 3), results
    assert {json.loads(body)["reason"] for code, body in results if code == 409} == {"none_left"}
    assert Claim.objects.filter(coupon=coupon).count() == 5
    assert Coupon.objects.get().claimed_count == 5


def test_fifty_redeeming_one_code_at_once_redeem_it_once(wide_server, home, settings):  # noqa: F811
    settings.COUPON_CODE_ATTEMPTS = 10000
    site = home.get_site()
    shop = make_shop(site)
    coupon = make_coupon(shop)
    claim = coupons.claim(Account.objects.create(site=site, email="ana@example.com"), coupon.pk)
    browser = Client()
    browser.force_login(make_staff(shop))
    session = browser.cookies[django_settings.SESSION_COOKIE_NAME].value
    names = django_settings.SESSION_COOKIE_NAME, django_settings.CSRF_COOKIE_NAME
    cookie = f"{names[0]}={session}; {names[1]}={CSRF}"
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": CSRF, "code": coupons.code(claim.pk), "redeem": "1"}
    ).encode()
    connection.close()

    def send(_n):
        return urllib.request.Request(
            wide_server.url + "/shops/",
            data=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie,
                "Accept-Language": "en",  # the refusal asserted below is the English one
            },
            method="POST",
        )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    urllib.request.install_opener(urllib.request.build_opener(NoRedirect))
    try:
        results = together(THREADS, send)
    finally:
        urllib.request.install_opener(None)
    codes = sorted(code for code, _body in results)
    # the one redemption is sent on to the shop's page (302); the others say why not
    assert codes == [200] * (THREADS - 1) + [302], [code for code, _ in results]
    refusals = [body for code, body in results if code == 200]
    assert all("This coupon was redeemed already." in body for body in refusals)
    redeemed = Claim.objects.get()
    assert redeemed.redeemed_at is not None and redeemed.redeemed_by.shop_staff.shop == shop
