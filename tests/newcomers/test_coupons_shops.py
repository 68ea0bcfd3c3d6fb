"""The coordinator creates a shop and invites its staff; the staff set a password, offer a
coupon, and redeem newcomers' codes on their phone: forged codes, another shop's, expired or
used ones are refused with the reason. Another municipality's shops are out of reach."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import ModelLogEntry

from newcomers import coupons
from newcomers.models import Account, Claim, Coupon, CouponStatus, NewcomerProfile, Shop
from tests.newcomers.coupon_helpers import PASSWORD, URL, make_coupon, make_shop, make_staff

pytestmark = pytest.mark.django_db


def test_a_shop_is_invited_offers_a_coupon_and_the_coordinator_approves_it(
    client, home, aabenraa, make_coordinator, english
):
    site = home.get_site()
    coordinator = make_coordinator(home.get_site().municipality)
    client.force_login(coordinator)
    created = client.post(
        "/admin/coupons/",
        {"site": site.pk, "name": "Kaffebaren", "address": "Perlegade 1", "contact": "74 42 00 00"},
    )
    shop = Shop.objects.get(name="Kaffebaren")
    assert created.status_code == 302 and shop.site == site
    sent = client.post(
        f"/admin/coupons/shops/{shop.pk}/", {"invite": "1", "email": "Kasse@Kaffebaren.dk"}
    )
    assert sent.status_code == 302
    [invitation] = mail.outbox
    assert invitation.to == ["kasse@kaffebaren.dk"]
    link = re.search(r"https?://[^/\s]+(/shops/set-password/\S+)", invitation.body).group(1)

    # an Aabenraa coordinator sees none of it
    client.force_login(make_coordinator(aabenraa))
    elsewhere = client.get("/admin/coupons/")
    assert elsewhere.status_code == 200 and b"Kaffebaren" not in elsewhere.content
    assert client.get(f"/admin/coupons/shops/{shop.pk}/").status_code == 404
    theirs = Shop.objects.create(site=aabenraa.site, name="Is", address="Storegade 1")
    taken = client.post(
        f"/admin/coupons/shops/{theirs.pk}/", {"invite": "1", "email": "kasse@kaffebaren.dk"}
    )
    assert "This address is the login of another shop." in taken.content.decode()
    assert len(mail.outbox) == 1
    client.logout()

    # the invitee chooses a password and lands on the shop's page, signed in
    form = client.get(link, follow=True)
    assert form.status_code == 200 and b"new_password1" in form.content
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == "/shops/"
    assert b"Kaffebaren" in done.content
    staff = shop.staff.get().user
    assert not staff.is_staff and staff.check_password(PASSWORD)
    assert client.get(link, follow=True).context["validlink"] is False  # it worked once
    assert client.get("/admin/").status_code == 302  # not the admin

    # the shop offers a coupon: mistakes are named per field, nothing is saved
    today = timezone.localdate()
    coupon = {
        "title": "En gratis kaffe",
        "value": "1 kop kaffe",
        "valid_from": today.isoformat(),
        "valid_to": (today - timedelta(days=1)).isoformat(),
        "total": "0",
        "moved_within_months": "12",
    }
    wrong = client.post("/shops/coupons/new/", coupon)
    assert wrong.status_code == 200
    assert set(wrong.context["form"].errors) == {"valid_to", "total"}
    assert b'aria-invalid="true"' in wrong.content
    assert not Coupon.objects.exists()
    coupon.update(valid_to=(today + timedelta(days=30)).isoformat(), total="20")
    assert client.post("/shops/coupons/new/", coupon).status_code == 302
    offered = Coupon.objects.get()
    assert (offered.shop, offered.status) == (shop, CouponStatus.SUBMITTED)
    assert client.get(URL).json()["items"] == []  # not before it is approved

    # Aabenraa cannot decide on it; Sønderborg approves it
    client.force_login(make_coordinator(aabenraa))
    assert client.post(f"/admin/coupons/{offered.pk}/decide/", {"approve": "1"}).status_code == 404
    client.force_login(coordinator)
    assert b"En gratis kaffe" in client.get("/admin/coupons/").content
    client.post(f"/admin/coupons/{offered.pk}/decide/", {"approve": "1"})
    assert Coupon.objects.get().status == CouponStatus.APPROVED
    assert ModelLogEntry.objects.get(action="newcomers.coupon.approve").user == coordinator
    assert [c["id"] for c in client.get(URL).json()["items"]] == [offered.pk]


def test_the_shop_redeems_a_code_once_and_refuses_what_is_not_its_own(client, home, english):
    site = home.get_site()
    shop, other = make_shop(site), make_shop(site, name="Boghandlen")
    user = make_staff(shop)
    coffee = make_coupon(shop)
    book = make_coupon(other, title="Bog")
    ana = Account.objects.create(site=site, email="ana@example.com")
    NewcomerProfile.objects.create(account=ana, first_name="Ana")
    code = coupons.code(coupons.claim(ana, coffee.pk).pk)
    others_code = coupons.code(coupons.claim(ana, book.pk).pk)

    assert client.get("/shops/").status_code == 302  # sign in first
    refused = client.post("/shops/sign-in/", {"username": user.username, "password": "wrong"})
    assert refused.status_code == 200 and refused.context["form"].errors
    signed_in = client.post("/shops/sign-in/", {"username": user.username, "password": PASSWORD})
    assert signed_in.status_code == 302

    def check(typed, **extra):
        return client.post("/shops/", {"code": typed, **extra})

    forged = code[:-1] + ("0" if code[-1] != "0" else "1")
    for typed, reason in (
        (forged, "This is not a valid code."),
        ("HELLO", "This is not a valid code."),
        (others_code, "This code is for another shop's coupon."),
    ):
        answer = check(typed)
        assert escape(reason) in answer.content.decode(), typed
        assert answer.context["result"] is None

    found = check(code.lower().replace("-", " "))  # as typed in a hurry
    page = found.content.decode()
    assert "A free coffee" not in page and "En gratis kaffe" in page and "For Ana" in page
    assert 'name="redeem"' in page
    assert Claim.objects.filter(redeemed_at__isnull=False).count() == 0  # looking is not using

    done = check(code, redeem="1")
    assert done.status_code == 302
    assert "Redeemed: En gratis kaffe" in client.get("/shops/").content.decode()
    again = check(code, redeem="1")
    assert "This coupon was redeemed already." in again.content.decode()
    assert Claim.objects.get(coupon=coffee).redeemed_by == user
    assert Claim.objects.get(coupon=book).redeemed_at is None

    weeks = client.get("/shops/").context["weeks"]
    assert [(w["claims"], w["redemptions"]) for w in weeks] == [(1, 1)]

    # after its last day, a claimed coupon is refused
    bo = Account.objects.create(site=site, email="bo@example.com")
    late = coupons.claim(bo, coffee.pk)
    Coupon.objects.filter(pk=coffee.pk).update(
        valid_from=timezone.localdate() - timedelta(days=9),
        valid_to=timezone.localdate() - timedelta(days=1),
    )
    expired = check(coupons.code(late.pk), redeem="1")
    assert "This coupon has expired." in expired.content.decode()
    assert Claim.objects.get(pk=late.pk).redeemed_at is None


def test_shop_sign_in_locks_after_too_many_failures(client, home, settings, english):
    settings.STAFF_LOGIN_ATTEMPTS = 3
    user = make_staff(make_shop(home.get_site()))
    for _n in range(3):
        client.post("/shops/sign-in/", {"username": user.username, "password": "wrong"})
    locked = client.post("/shops/sign-in/", {"username": user.username, "password": PASSWORD})
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert client.get("/shops/").status_code == 302
