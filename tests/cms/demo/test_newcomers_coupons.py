"""`seed_demo` gives Sønderborg shops with approved coupons and a shop login that signs in
on the shop's page; seeding again adds nothing."""

from django.utils import timezone
from wagtail.models import Site

from cms.demo import newcomers_coupons
from cms.demo.sonderborg import DemoPassword
from newcomers.models import Claim, Coupon, Shop
from tests.cms.demo.conftest import PASSWORD


def test_the_demo_shop_signs_in_and_its_coupons_are_listed(client, db, demo):
    site = Site.objects.get(is_default_site=True)
    listing = client.get("/api/v2/coupons/", {"locale": "en"}).json()["items"]
    assert len(listing) == 3 and "A free cup of coffee" in [c["title"] for c in listing]
    signed_in = client.post(
        "/shops/sign-in/", {"username": newcomers_coupons.STAFF_USERNAME, "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    weeks = client.get("/shops/").context["weeks"]  # the last 12 weeks with claims, newest first
    shop = Shop.objects.get(staff__user__username=newcomers_coupons.STAFF_USERNAME)
    redeemed = Claim.objects.filter(coupon__shop=shop, redeemed_at__isnull=False)
    since = min(w["week"] for w in weeks)
    assert max(w["week"] for w in weeks) <= timezone.localdate()  # nothing in the future
    assert sum(w["redemptions"] for w in weeks) == redeemed.filter(redeemed_at__gte=since).count()
    assert sum(w["redemptions"] for w in weeks) >= 1  # the demo's own redemption, this week

    counts = Shop.objects.count(), Coupon.objects.count(), Claim.objects.count()
    newcomers_coupons.seed(site, DemoPassword(PASSWORD))
    assert (Shop.objects.count(), Coupon.objects.count(), Claim.objects.count()) == counts
