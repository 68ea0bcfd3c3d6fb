"""Shared by the registration tests: posting a registration, reading the cancel link."""

import re

from django.core import mail
from django.test import TestCase

CANCEL_LINK = re.compile(r"https?://\S+/events/registrations/(?P<token>[^/\s]+)/cancel/")


def url(event):
    return f"/api/v2/events/{event.pk}/registrations/"


def body(event, **overrides):
    data = {
        "occurrence": event.start.isoformat(),
        "name": "Amira Haddad",
        "email": "amira@example.dk",
        "seats": 2,
        "language": "en",
        "consent": True,
    }
    data.update(overrides)
    return data


def committed(call, *args, **kwargs):
    """`call`, with what waits for the commit (the e-mails) run as a real commit would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return call(*args, **kwargs)


def post(client, event, **overrides):
    return committed(
        client.post, url(event), body(event, **overrides), content_type="application/json"
    )


def cancel_path(message):
    match = CANCEL_LINK.search(message.body)
    assert match, message.body
    return f"/events/registrations/{match['token']}/cancel/"


def last_mail_to(address):
    return [message for message in mail.outbox if message.to == [address]][-1]
