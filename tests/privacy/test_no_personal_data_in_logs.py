"""No e-mail address reaches the logs, whatever a newcomer does: everything logged (root,
DEBUG, tracebacks included) through signing in, the profile, consents, an event
registration, a mail the server refuses, the export and the erasure."""

import logging
import smtplib

import pytest
from django.core.mail.backends.base import BaseEmailBackend

from tests.events.registration_helpers import cancel_path, last_mail_to, post
from tests.newcomers.helpers import ask_for_link, sign_in

pytestmark = pytest.mark.django_db

ADDRESSES = ("ana.log@example.com", "refused.log@example.com")


class RefusingSMTP(BaseEmailBackend):
    """A mail server that refuses the recipient, naming them, as real ones do."""

    def send_messages(self, messages):
        recipients = [to for message in messages for to in message.to]
        raise smtplib.SMTPRecipientsRefused({to: (550, b"No such user") for to in recipients})


def test_no_email_address_is_ever_logged(client, home, make_event, settings, caplog):
    caplog.set_level(logging.DEBUG)  # the root logger: every logger propagates to it
    event = make_event(registration=True, seats=1)
    auth = sign_in(client, ADDRESSES[0])
    profile = {
        "first_name": "Ana",
        "language": "en",
        "moved_from_country": "",
        "household": [],
        "community": None,
        "community_status": "",
        "interests": [],
        "moving_date": "2027-13-01",  # a bad request is logged too
    }
    me = "/api/v2/me/"
    assert client.put(me, profile, content_type="application/json", **auth).status_code == 400
    profile["moving_date"] = None
    assert client.put(me, profile, content_type="application/json", **auth).status_code == 200
    consent = {"purpose": "mentor_matching", "given": True}
    given = client.post(f"{me}consents/", consent, content_type="application/json", **auth)
    assert given.status_code == 201
    assert post(client, event, email=ADDRESSES[0], seats=1).status_code == 201
    assert client.post(cancel_path(last_mail_to(ADDRESSES[0]))).status_code in (200, 302)
    assert client.get(f"{me}export/", **auth).status_code == 200
    assert client.delete(me, **auth).status_code == 204
    assert client.get(me, **auth).status_code == 401

    settings.EMAIL_BACKEND = f"{__name__}.RefusingSMTP"
    assert ask_for_link(client, ADDRESSES[1]).status_code == 202
    assert any(r.name == "guide.mail" for r in caplog.records)  # the failure was logged

    logged = caplog.text + "".join(str(record.__dict__) for record in caplog.records)
    for address in ADDRESSES:
        assert address not in logged.lower()
