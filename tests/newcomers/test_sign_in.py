"""Passwordless sign-in: a one-time link by e-mail, on the municipality's own website, valid
15 minutes, once; rate-limited; the same answer for known and unknown addresses."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from newcomers import signin
from newcomers.models import Account, AccountSession, SignInLink
from tests.newcomers.helpers import AABENRAA, ask_for_link, link_in_mail, redeem, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _website(settings):
    settings.WEBSITE_URL = "https://velkommen.example.dk"


def test_the_mailed_link_signs_in_once_and_makes_the_account(client, home):
    response = ask_for_link(client, "Ana@Example.com", "de")
    assert response.status_code == 202
    assert response["Cache-Control"] == "private, no-store"
    [message] = mail.outbox
    assert message.to == ["ana@example.com"]
    assert message.extra_headers["Content-Language"] == "de"
    link, token = link_in_mail(message)
    assert link.startswith("https://velkommen.example.dk/de/sign-in/")
    assert not Account.objects.exists()  # nothing about the address until it is proven
    assert token not in SignInLink.objects.get().token_hash

    response = redeem(client, token)
    assert response.status_code == 201
    session_token = response.json()["token"]
    account = Account.objects.get()
    assert (account.email, account.language) == ("ana@example.com", "de")
    assert account.site.is_default_site
    assert account.last_sign_in_at is not None
    assert AccountSession.objects.get().token_hash == signin.hash_token(session_token)

    me = client.get("/api/v2/me/", HTTP_AUTHORIZATION=f"Bearer {session_token}")
    assert me.status_code == 200
    assert me.json()["email"] == "ana@example.com"

    again = redeem(client, token)
    assert again.status_code == 410
    assert again.json()["reason"] == "used"
    assert list(again.json()["errors"]) == ["token"]
    assert AccountSession.objects.count() == 1


def test_the_mail_is_in_a_language_of_the_municipality(client, aabenraa):
    aabenraa.languages = ["da", "de"]
    aabenraa.default_language = "da"
    aabenraa.save()
    assert ask_for_link(client, language="en", host=AABENRAA).status_code == 202
    link, token = link_in_mail(mail.outbox[-1])
    assert f"{aabenraa.site.root_url}/da/sign-in/" in link
    assert mail.outbox[-1].extra_headers["Content-Language"] == "da"
    assert "Aabenraa" in mail.outbox[-1].subject
    redeem(client, token, host=AABENRAA)
    assert Account.objects.get().language == "da"


def test_a_second_sign_in_finds_the_same_account(client, home):
    old = sign_in(client)
    client.delete("/api/v2/me/session/", **old)
    assert ask_for_link(client, "ANA@example.com").status_code == 202
    _link, token = link_in_mail(mail.outbox[-1])
    # a client that still sends its ended session is not refused for it
    assert redeem(client, token, HTTP_AUTHORIZATION=old["HTTP_AUTHORIZATION"]).status_code == 201
    assert Account.objects.count() == 1
    assert AccountSession.objects.count() == 2


def test_an_expired_link_says_so(client, home):
    long_ago = timezone.now() - timedelta(minutes=16)
    token = signin.request_link(home.get_site(), "ana@example.com", "en", now=long_ago)
    response = redeem(client, token)
    assert response.status_code == 410
    assert response.json()["reason"] == "expired"
    assert not AccountSession.objects.exists()
    assert not Account.objects.exists()


def test_a_link_lasts_its_setting(client, home, settings):
    settings.NEWCOMER_SIGN_IN_MINUTES = 30
    moments_ago = timezone.now() - timedelta(minutes=20)
    token = signin.request_link(home.get_site(), "ana@example.com", "en", now=moments_ago)
    assert redeem(client, token).status_code == 201


def test_an_unknown_token_is_a_400_naming_it(client, home):
    response = redeem(client, "not-a-token")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["token"]


def test_a_link_of_another_municipality_is_refused(client, aabenraa):
    assert ask_for_link(client, host=AABENRAA).status_code == 202
    link, token = link_in_mail(mail.outbox[-1])
    assert link.startswith(aabenraa.site.root_url)
    response = redeem(client, token, host="localhost")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["token"]
    assert SignInLink.objects.get().used_at is None  # still good where it belongs
    assert redeem(client, token, host=AABENRAA).status_code == 201
    assert Account.objects.get().site == aabenraa.site


def test_known_and_unknown_addresses_get_the_same_answer(client, home):
    sign_in(client, email="known@example.com")
    known = ask_for_link(client, "known@example.com")
    unknown = ask_for_link(client, "nobody@example.com")
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    assert Account.objects.count() == 1


def test_bad_input_names_the_field(client, home):
    response = ask_for_link(client, "not-an-address", "xx")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"email", "language"}
    response = client.post(
        "/api/v2/me/sign-in/",
        {"email": "a@example.com", "language": "en", "admin": True},
        content_type="application/json",
    )
    assert list(response.json()["errors"]) == ["admin"]
    assert not mail.outbox


def test_one_address_gets_at_most_three_unused_links_an_hour(client, home, settings):
    settings.NEWCOMER_SIGN_IN_RATE = "100/hour"
    answers = [ask_for_link(client, "ana@example.com") for _n in range(5)]
    assert {(a.status_code, a.json()["message"]) for a in answers} == {
        (202, answers[0].json()["message"])
    }
    assert len(mail.outbox) == 3
    assert SignInLink.objects.count() == 3
    ask_for_link(client, "other@example.com")
    assert len(mail.outbox) == 4


def test_one_client_address_is_rate_limited(client, home, settings):
    settings.NEWCOMER_SIGN_IN_RATE = "2/hour"
    for n in range(2):
        assert ask_for_link(client, f"a{n}@example.com").status_code == 202
    response = ask_for_link(client, "a3@example.com")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert len(mail.outbox) == 2
    # another address is counted on its own
    assert ask_for_link(client, "a4@example.com", REMOTE_ADDR="10.0.0.9").status_code == 202


def test_redeeming_is_rate_limited_per_client_address(client, home, settings):
    settings.NEWCOMER_REDEEM_RATE = "2/hour"
    assert redeem(client, "guess-1").status_code == 400
    assert redeem(client, "guess-2").status_code == 400
    response = redeem(client, "guess-3")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_signing_out_ends_the_session(client, home):
    auth = sign_in(client)
    assert client.get("/api/v2/me/", **auth).status_code == 200
    response = client.delete("/api/v2/me/session/", **auth)
    assert response.status_code == 204
    assert AccountSession.objects.get().revoked_at is not None
    response = client.get("/api/v2/me/", **auth)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_personal_routes_need_a_session(client, home):
    for path in ("/api/v2/me/", "/api/v2/me/consents/"):
        response = client.get(path)
        assert response.status_code == 401
        assert response["Cache-Control"] == "private, no-store"
    assert client.delete("/api/v2/me/session/").status_code == 401
    response = client.get("/api/v2/me/", HTTP_AUTHORIZATION="Bearer nothing-of-ours")
    assert response.status_code == 401


def test_a_session_of_one_municipality_is_refused_at_the_other(client, aabenraa):
    auth = sign_in(client, host=AABENRAA)
    assert client.get("/api/v2/me/", **auth).status_code == 200
    elsewhere = {**auth, "HTTP_HOST": "localhost"}
    assert client.get("/api/v2/me/", **elsewhere).status_code == 401
    assert client.delete("/api/v2/me/session/", **elsewhere).status_code == 401
    assert AccountSession.objects.get().revoked_at is None


def test_an_expired_session_is_refused(client, home):
    auth = sign_in(client)
    AccountSession.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v2/me/", **auth).status_code == 401
