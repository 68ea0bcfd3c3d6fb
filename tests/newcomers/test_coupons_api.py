"""Newcomers find the coupons of their municipality's shops, claim one and show its code:
the refusals say why, nobody reaches another newcomer's claims or another municipality's
coupons."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newcomers import coupons
from newcomers.models import Account, Claim, Coupon, CouponStatus, NewcomerProfile
from tests.newcomers.coupon_helpers import MY_URL, URL, claim, make_coupon, make_shop
from tests.newcomers.helpers import AABENRAA, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    settings.NEWCOMER_SIGN_IN_RATE = "1000/hour"
    settings.NEWCOMER_REDEEM_RATE = "1000/hour"


def test_a_newcomer_claims_a_coupon_and_gets_its_code(
    client, home, aabenraa, rates, english, django_assert_num_queries
):
    site = home.get_site()
    shop = make_shop(site)
    coffee = make_coupon(shop, total=2)
    make_coupon(shop, title="Kladde", status=CouponStatus.SUBMITTED)
    make_coupon(shop, title="Udløbet", valid_to=timezone.localdate() - timedelta(days=1))
    make_coupon(make_shop(aabenraa.site, name="Aabenraa Is"), title="Is", title_en="Ice")

    with django_assert_num_queries(2):  # the site, the coupons with their shops
        listing = client.get(URL, {"locale": "en"})
    assert listing.status_code == 200
    assert "no-store" in listing["Cache-Control"] or "no-cache" in listing["Cache-Control"]
    [found] = listing.json()["items"]
    assert found["id"] == coffee.pk
    assert (found["title"], found["value"], found["text"]) == (
        "A free coffee",
        "a free coffee",
        "Velkommen til byen!",  # no English text: the Danish one
    )
    assert (found["remaining"], found["shop"]["name"]) == (2, "Kaffebaren")
    assert client.get(URL, {"locale": "da"}).json()["items"][0]["title"] == "En gratis kaffe"
    assert [c["title"] for c in client.get(URL, HTTP_HOST=AABENRAA).json()["items"]] == ["Ice"]

    assert (
        client.post(MY_URL, {"coupon": coffee.pk}, content_type="application/json").status_code
        == 401
    )
    ana = sign_in(client, "ana@example.com")
    NewcomerProfile.objects.create(
        account=Account.objects.get(email="ana@example.com"), first_name="Ana"
    )
    made = claim(client, ana, coffee.pk)
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["status"] == "claimed" and body["coupon"]["remaining"] == 1
    assert coupons.claim_id(body["code"]) == body["id"]
    assert body["qr_svg"].startswith("<svg")

    again = claim(client, ana, coffee.pk)
    assert (again.status_code, again.json()["reason"]) == (409, "claimed")
    assert client.get(URL).json()["items"][0]["remaining"] == 1

    with django_assert_num_queries(3):  # the session, its account, the claims with coupons
        mine = client.get(MY_URL, **ana).json()["items"]
    assert [(c["id"], c["code"]) for c in mine] == [(body["id"], body["code"])]

    # bad input names the field; what is not public is a 404
    bad = claim(client, ana, "abc")
    assert bad.status_code == 400 and "coupon" in bad.json()["errors"]
    unknown = client.post(
        MY_URL, {"coupon": coffee.pk, "x": 1}, content_type="application/json", **ana
    )
    assert unknown.status_code == 400 and "x" in unknown.json()["errors"]
    draft = coffee.shop.coupons.get(title="Kladde")
    assert claim(client, ana, draft.pk).status_code == 404
    expired = coffee.shop.coupons.get(title="Udløbet")
    assert claim(client, ana, expired.pk).status_code == 404

    # the last one goes to Bo; Cy is too late
    bo = sign_in(client, "bo@example.com")
    assert claim(client, bo, coffee.pk).status_code == 201
    cy = sign_in(client, "cy@example.com")
    late = claim(client, cy, coffee.pk)
    assert (late.status_code, late.json()["reason"]) == (409, "none_left")
    assert late.json()["message"] == "None of these are left."
    assert client.get(MY_URL, **cy).json()["items"] == []  # nobody else's claims

    # another municipality's coupon is not there for a Sønderborg newcomer, nor the reverse
    ice = Coupon.objects.get(title="Is")
    assert claim(client, cy, ice.pk).status_code == 404
    ole = sign_in(client, "ole@example.com", host=AABENRAA)
    assert claim(client, ole, draft.pk).status_code == 404
    assert client.get(MY_URL, **ole).json()["items"] == []
    assert Claim.objects.count() == 2


def test_a_coupon_is_for_those_who_moved_recently(client, home, rates, english):
    shop = make_shop(home.get_site())
    coffee = make_coupon(shop, moved_within_months=6)
    ana = sign_in(client, "ana@example.com")
    account = Account.objects.get(email="ana@example.com")
    profile = NewcomerProfile.objects.create(
        account=account, moving_date=timezone.localdate() - timedelta(days=400)
    )
    refused = claim(client, ana, coffee.pk)
    assert refused.status_code == 403
    assert refused.json()["message"] == (
        "This coupon is for newcomers who moved here more recently."
    )
    profile.moving_date = timezone.localdate() - timedelta(days=30)
    profile.save()
    assert claim(client, ana, coffee.pk).status_code == 201

    # without a moving date, the account's start counts
    bo = sign_in(client, "bo@example.com")
    Account.objects.filter(email="bo@example.com").update(
        created_at=timezone.now() - timedelta(days=365)
    )
    assert claim(client, bo, coffee.pk).status_code == 403


def test_claims_are_in_the_newcomers_export_and_go_with_the_account(client, home, rates):
    shop = make_shop(home.get_site())
    coffee = make_coupon(shop)
    ana, bo = sign_in(client, "ana@example.com"), sign_in(client, "bo@example.com")
    assert claim(client, ana, coffee.pk).status_code == 201
    assert claim(client, bo, coffee.pk).status_code == 201
    [row] = client.get("/api/v2/me/export/", **ana).json()["sections"]["coupon_claims"]["rows"]
    assert (row["coupon"], row["shop"], row["redeemed_at"]) == (
        "En gratis kaffe",
        "Kaffebaren",
        None,
    )
    assert client.delete("/api/v2/me/", **ana).status_code == 204
    assert list(Claim.objects.values_list("account__email", flat=True)) == ["bo@example.com"]
    # an erased newcomer's claim is not handed out again
    assert client.get(URL).json()["items"][0]["remaining"] == 3
