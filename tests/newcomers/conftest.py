"""Fixtures of the reminders' and invitations' tests: a fake push service and VAPID keys."""

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tests.newcomers.push_helpers import FakePushService, b64url


@pytest.fixture
def push_service():
    service = FakePushService()
    yield service
    service.close()


@pytest.fixture
def vapid(settings):
    key = ec.generate_private_key(ec.SECP256R1())
    raw = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    settings.VAPID_PRIVATE_KEY = b64url(raw)
    settings.VAPID_PUBLIC_KEY = b64url(public)
    settings.VAPID_SUBJECT = "mailto:velkomst@example.com"
    return settings.VAPID_PUBLIC_KEY
