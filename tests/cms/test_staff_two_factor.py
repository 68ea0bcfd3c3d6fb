"""Two-step verification for the admin (cms/staff_accounts): coordinators and superusers must
set up an authenticator app, editors may; a session that has not given its code opens nothing
but the code page."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Collection, CollectionViewRestriction

from cms.staff_accounts import two_factor
from tests.factories import PASSWORD, DocumentFactory, UserFactory
from tests.newcomers.coupon_helpers import PASSWORD as SHOP_PASSWORD
from tests.newcomers.coupon_helpers import make_shop, make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]  # the messages asserted

SETUP = "/admin/two-step/setup/"
VERIFY = "/admin/two-step/verify/"
OVERVIEW = "/admin/two-step/"


@pytest.fixture
def required_for_coordinators(settings):
    settings.STAFF_TWO_FACTOR = "required_for_coordinators"


def code_of(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client, user):
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "the password was accepted"
    return client.get(response["Location"])


def with_app(user):
    """A user who has set up their app (and recovery codes)."""
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return device, two_factor.new_recovery_codes(user)


def wait_out_throttle(device):
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(hours=1)
    )


def test_a_coordinator_sets_up_the_app_before_the_admin_opens(
    client, coordinator, required_for_coordinators
):
    response = sign_in(client, coordinator)
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fadmin%2F"
    for url in ("/admin/pages/", "/admin/account/", OVERVIEW, VERIFY):
        assert client.get(url)["Location"].startswith(SETUP), url
    assert client.post("/admin/pages/add_subpage/1/")["Location"] == SETUP

    page = client.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    assert page.context["uri"] == device.config_url
    assert page.context["secret"] in page.content.decode()
    assert client.get(SETUP).context["secret"] == page.context["secret"], "reloading keeps it"

    wrong = client.post(SETUP, {"code": "000000", "next": "/admin/pages/"})
    assert "That code is not right" in wrong.content.decode()
    assert client.get("/admin/account/")["Location"].startswith(SETUP)
    wait_out_throttle(device)

    done = client.post(SETUP, {"code": code_of(device), "next": "/admin/pages/"})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and all(code in done.content.decode() for code in codes)
    assert TOTPDevice.objects.get(user=coordinator).confirmed
    assert client.get("/admin/account/").status_code == 200
    assert client.get(OVERVIEW).context["codes_left"] == 10
    assert "Make new recovery codes" in client.get(OVERVIEW).content.decode()


def test_sign_in_asks_for_the_code_and_refuses_quick_guesses(client, required_for_coordinators):
    admin = UserFactory(is_superuser=True)
    device, _codes = with_app(admin)

    response = sign_in(client, admin)
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    assert client.get("/admin/pages/")["Location"] == f"{VERIFY}?next=%2Fadmin%2Fpages%2F"
    # a password alone cannot replace the app
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    assert client.get(OVERVIEW)["Location"].startswith(VERIFY)

    wrong = client.post(VERIFY, {"code": "000000", "next": "/admin/pages/"})
    assert "That code is not right" in wrong.content.decode()
    # right away, even the right code is refused: django-otp's throttling is on
    refused = client.post(VERIFY, {"code": code_of(device), "next": "/admin/pages/"})
    assert "Too many wrong codes" in refused.content.decode()
    assert client.get("/admin/").status_code == 302

    wait_out_throttle(device)
    verified = client.post(VERIFY, {"code": code_of(device), "next": "/admin/pages/"})
    assert verified["Location"] == "/admin/pages/"
    assert client.get("/admin/account/").status_code == 200
    # the step is not asked again in this session, nor may `next` lead elsewhere
    assert client.get(VERIFY)["Location"] == "/admin/"
    assert client.get(f"{VERIFY}?next=https://evil.example/")["Location"] == "/admin/"


def test_a_recovery_code_works_once(coordinator, required_for_coordinators):
    _device, codes = with_app(coordinator)

    first = Client()
    sign_in(first, coordinator)
    response = first.post(VERIFY, {"code": codes[0].upper(), "next": "/admin/"}, follow=True)
    assert response.status_code == 200
    assert "9 are left" in response.content.decode()

    second = Client()
    sign_in(second, coordinator)
    again = second.post(VERIFY, {"code": codes[0], "next": "/admin/"})
    assert "That code is not right" in again.content.decode()
    assert second.get("/admin/").status_code == 302
    assert two_factor.recovery_codes_left(coordinator) == 9


def test_an_editor_without_the_app_works_and_may_set_it_up(
    client, editor, required_for_coordinators
):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    assert OVERVIEW in client.get("/admin/account/").content.decode()
    assert "Set up two-step verification" in client.get(OVERVIEW).content.decode()

    client.get(SETUP)
    device = TOTPDevice.objects.get(user=editor)
    codes = client.post(SETUP, {"code": code_of(device)}).context["codes"]
    # once set up, it is asked at each sign-in, and the editor may turn it off again
    client.logout()
    assert sign_in(client, editor)["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"code": codes[0]})["Location"] == "/admin/"
    client.post(OVERVIEW, {"action": "remove"})
    assert not two_factor.has_device(editor)
    client.logout()
    assert sign_in(client, editor).status_code == 200


def test_a_required_user_cannot_turn_it_off(client, coordinator, required_for_coordinators):
    device, codes = with_app(coordinator)
    sign_in(client, coordinator)
    client.post(VERIFY, {"code": codes[0]})
    client.post(OVERVIEW, {"action": "remove"})
    assert two_factor.has_device(coordinator)
    assert "Turn off" not in client.get(OVERVIEW).content.decode()


def test_off_keeps_the_admin_as_it_was(client, coordinator):
    """The setting "off" (the test suite's): no step, no menu item, even with a device."""
    with_app(coordinator)
    assert sign_in(client, coordinator).status_code == 200
    assert client.get("/admin/account/").status_code == 200
    assert OVERVIEW not in client.get("/admin/account/").content.decode()
    assert client.get(OVERVIEW).status_code == 404


def test_an_unverified_session_is_nobody_outside_the_admin(
    client, coordinator, required_for_coordinators
):
    """A document of a collection only signed-in users may see is not served to a session
    that has not given its code."""
    collection = Collection.get_first_root_node().add_child(name="Staff only")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = DocumentFactory(collection=collection)
    _device, codes = with_app(coordinator)

    sign_in(client, coordinator)
    assert client.get(document.url).status_code == 302, "sent to sign in"
    client.post(VERIFY, {"code": codes[0]})
    assert client.get(document.url).status_code == 200


def test_required_for_everyone_is_for_those_the_admin_opens_to(client, settings, editor, home):
    settings.STAFF_TWO_FACTOR = "required"
    cashier = make_staff(make_shop(home.get_site()))
    signed_in = client.post(
        "/shops/sign-in/", {"username": cashier.username, "password": SHOP_PASSWORD}
    )
    assert signed_in.status_code == 302
    assert client.get("/shops/").status_code == 200  # the shop's page, no second step
    assert client.get("/admin/").status_code == 302  # and still no admin

    client.logout()
    assert sign_in(client, editor)["Location"].startswith(SETUP)
