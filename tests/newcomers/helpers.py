"""Signing in through the API as a newcomer would: ask for a link, read it out of the
e-mail, redeem it."""

import re

from django.core import mail

AABENRAA = "aabenraa.localhost"


def ask_for_link(client, email="ana@example.com", language="en", host="localhost", **extra):
    return client.post(
        "/api/v2/me/sign-in/",
        {"email": email, "language": language},
        content_type="application/json",
        HTTP_HOST=host,
        **extra,
    )


def link_in_mail(message):
    found = re.search(r"https?://\S+/sign-in/([^/\s]+)/", message.body)
    assert found, message.body
    return found.group(0), found.group(1)


def redeem(client, token, host="localhost", **extra):
    return client.post(
        "/api/v2/me/session/",
        {"token": token},
        content_type="application/json",
        HTTP_HOST=host,
        **extra,
    )


def sign_in(client, email="ana@example.com", language="en", host="localhost"):
    """The bearer header of a fresh session of `email` at `host`."""
    assert ask_for_link(client, email, language, host).status_code == 202
    _link, token = link_in_mail(mail.outbox[-1])
    response = redeem(client, token, host)
    assert response.status_code == 201, response.content
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}", "HTTP_HOST": host}
