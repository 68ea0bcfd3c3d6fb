"""Shops, their staff and coupons, as the coordinator makes them."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from newcomers.models import Coupon, CouponStatus, Shop, ShopStaff

URL = "/api/v2/coupons/"
MY_URL = "/api/v2/me/coupons/"
PASSWORD = "a long shop password 42"


def make_shop(site, name="Kaffebaren", **kwargs):
    return Shop.objects.create(site=site, name=name, address="Perlegade 1, Sønderborg", **kwargs)


def make_staff(shop, username="kasse@kaffebaren.dk"):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    ShopStaff.objects.create(user=user, shop=shop)
    return user


def make_coupon(shop, **kwargs):
    today = timezone.localdate()
    defaults = {
        "title": "En gratis kaffe",
        "title_en": "A free coffee",
        "text": "Velkommen til byen!",
        "value": "1 kop kaffe",
        "value_en": "a free coffee",
        "valid_from": today - timedelta(days=1),
        "valid_to": today + timedelta(days=30),
        "total": 5,
        "status": CouponStatus.APPROVED,
    }
    return Coupon.objects.create(shop=shop, **{**defaults, **kwargs})


def claim(client, auth, pk, **extra):
    return client.post(
        MY_URL + "?locale=en", {"coupon": pk}, content_type="application/json", **auth, **extra
    )
