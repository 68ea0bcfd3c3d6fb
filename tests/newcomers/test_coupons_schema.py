"""The answers of /api/v2/coupons/ and /api/v2/me/coupons/ validate strictly against the
OpenAPI document (the signed-out ones: tests/frontend_api/test_schema_strict.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newcomers.models import Account, NewcomerProfile
from tests.frontend_api.test_schema_strict import validate
from tests.newcomers.coupon_helpers import MY_URL, URL, claim, make_coupon, make_shop
from tests.newcomers.helpers import sign_in

pytestmark = pytest.mark.django_db


def test_every_coupon_answer_keeps_to_the_document(client, home, settings):
    settings.NEWCOMER_SIGN_IN_RATE = "1000/hour"
    settings.NEWCOMER_REDEEM_RATE = "1000/hour"
    shop = make_shop(home.get_site())
    last = make_coupon(shop, total=1)
    recent = make_coupon(shop, title="Kun for nye", moved_within_months=1)
    ana, bo = sign_in(client, "ana@example.com"), sign_in(client, "bo@example.com")
    NewcomerProfile.objects.create(
        account=Account.objects.get(email="bo@example.com"),
        moving_date=timezone.localdate() - timedelta(days=90),
    )
    for response, status in [
        (client.get(URL, {"locale": "de"}), 200),
        (claim(client, ana, "x"), 400),
        (claim(client, ana, last.pk + 100), 404),
        (claim(client, ana, last.pk), 201),
        (claim(client, bo, last.pk), 409),
        (claim(client, bo, recent.pk), 403),
        (client.get(MY_URL, **ana), 200),
        (client.get(MY_URL, {"x": "1"}, **ana), 400),
    ]:
        assert response.status_code == status, response.content[:300]
        validate(response)
