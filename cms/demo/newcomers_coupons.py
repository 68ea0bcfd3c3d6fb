"""Demo coupons at Sønderborg: three shops, each with an approved coupon, one submitted
coupon waiting for the coordinator, a shop login (`shop-kaffebaren`, the demo password) and
a few claims, one of them redeemed. Safe to run again (shops by name, coupons by title,
claims one per newcomer and coupon)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from newcomers import coupons
from newcomers.models import Account, Claim, Coupon, CouponStatus, Shop, ShopStaff

SHOPS = [
    {
        "name": "Kaffebaren ved Havnen",
        "address": "Havnegade 12, 6400 Sønderborg",
        "contact": "+45 74 42 00 00",
        "coupon": {
            "title": "En gratis kop kaffe",
            "title_en": "A free cup of coffee",
            "title_de": "Eine Tasse Kaffee gratis",
            "text": "Velkommen til Sønderborg! Kom forbi og få en kop kaffe på os.",
            "text_en": "Welcome to Sønderborg! Drop by for a cup of coffee on us.",
            "text_de": "Willkommen in Sønderborg! Kommen Sie vorbei, der Kaffee geht auf uns.",
            "value": "1 kop kaffe",
            "value_en": "a free coffee",
            "value_de": "ein Kaffee gratis",
            "total": 50,
        },
    },
    {
        "name": "Boghandlen på Perlegade",
        "address": "Perlegade 40, 6400 Sønderborg",
        "contact": "boghandlen@example.dk",
        "coupon": {
            "title": "15 % på danske ordbøger",
            "title_en": "15 % off Danish dictionaries",
            "title_de": "15 % auf dänische Wörterbücher",
            "text": "Lær dansk med en god ordbog.",
            "text_en": "Learn Danish with a good dictionary.",
            "text_de": "Lernen Sie Dänisch mit einem guten Wörterbuch.",
            "value": "15 % rabat",
            "value_en": "15 % off",
            "value_de": "15 % Rabatt",
            "total": 20,
        },
    },
    {
        "name": "Cykelværkstedet Als",
        "address": "Nørre Havnegade 3, 6400 Sønderborg",
        "contact": "+45 74 43 11 11",
        "coupon": {
            "title": "Gratis cykeleftersyn",
            "title_en": "A free bicycle check",
            "title_de": "Kostenloser Fahrrad-Check",
            "text": "Vi tjekker bremser, lys og dæk, mens du venter.",
            "text_en": "We check brakes, lights and tyres while you wait.",
            "text_de": "Wir prüfen Bremsen, Licht und Reifen, während Sie warten.",
            "value": "1 eftersyn",
            "value_en": "one check-up",
            "value_de": "ein Check",
            "total": 10,
        },
    },
]
WAITING = {
    "title": "Kage til kaffen",
    "value": "1 stykke kage",
    "text": "Et stykke hjemmebagt kage til din kaffe.",
    "total": 30,
}
STAFF_USERNAME = "shop-kaffebaren"
NEWCOMERS = ["ana@example.com", "lukas@example.com", "sofia@example.com"]


def seed(site, password):
    today = timezone.localdate()
    found = []
    for data in SHOPS:
        fields = {k: v for k, v in data.items() if k != "coupon"}
        shop, _new = Shop.objects.get_or_create(site=site, name=fields.pop("name"), defaults=fields)
        coupon, _new = Coupon.objects.get_or_create(
            shop=shop,
            title=data["coupon"]["title"],
            defaults={
                **data["coupon"],
                "valid_from": today - timedelta(days=7),
                "valid_to": today + timedelta(days=90),
                "status": CouponStatus.APPROVED,
            },
        )
        found.append((shop, coupon))
    cafe, coffee = found[0]
    Coupon.objects.get_or_create(
        shop=cafe,
        title=WAITING["title"],
        defaults={
            **WAITING,
            "valid_from": today,
            "valid_to": today + timedelta(days=60),
            "status": CouponStatus.SUBMITTED,
        },
    )
    User = get_user_model()
    user, new = User.objects.get_or_create(
        username=STAFF_USERNAME, defaults={"email": "kasse@example.dk", "is_staff": False}
    )
    if new or password.explicit:
        user.set_password(password.value)
        user.save()
    ShopStaff.objects.get_or_create(user=user, defaults={"shop": cafe})
    for n, email in enumerate(NEWCOMERS):
        account, _new = Account.objects.get_or_create(site=site, email=email)
        _shop, coupon = found[n % len(found)]
        if not Claim.objects.filter(coupon=coupon, account=account).exists():
            claim = coupons.claim(account, coupon.pk)
            if coupon == coffee:
                coupons.redeem(cafe, coupons.code(claim.pk), user)
    return new
