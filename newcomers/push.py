"""Web Push to a newcomer's devices (docs/reminders.md): the subscriptions a browser
registers, checked before they are kept, and the sending, encrypted (aes128gcm) and signed
with the VAPID key of the settings.

A push service that answers 404 or 410 has forgotten the subscription: it is deleted. Any
other failure is raised (`PushFailed`) for the task queue to try again later."""

import base64
import binascii
import json
import logging
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from pywebpush import WebPushException, webpush

from newcomers.models import PushSubscription

logger = logging.getLogger(__name__)

#: seconds a push service keeps an undelivered message (the device may be off)
TTL = 24 * 60 * 60
TIMEOUT = 10
#: the sizes of the decoded keys (RFC 8291: an uncompressed P-256 point, a 16-byte secret)
KEY_SIZES = {"p256dh": 65, "auth": 16}


class PushFailed(Exception):
    """The push service did not take the message; worth another try."""


def enabled():
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)


def _base64url(value):
    """The bytes of a base64url string (padding optional), or None."""
    if (
        not isinstance(value, str)
        or not value
        or set(value) - set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")
    ):
        return None
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return None


def errors(endpoint, keys):
    """{field: [message]} of what is wrong with a subscription (empty: nothing)."""
    found = {}
    parts = urlsplit(endpoint) if isinstance(endpoint, str) else None
    if not parts or parts.scheme != "https" or not parts.hostname or len(endpoint) > 1000:
        found["endpoint"] = [_("Enter the push service's https address.")]
    for name, size in KEY_SIZES.items():
        value = _base64url(keys.get(name)) if isinstance(keys, dict) else None
        if value is None or len(value) != size:
            found[f"keys.{name}"] = [
                _("Enter the key as base64url of %(size)s bytes.") % {"size": size}
            ]
    return found


def subscribe(account, endpoint, keys):
    """Keep (or renew the keys of) the account's subscription at `endpoint`."""
    subscription, _created = PushSubscription.objects.update_or_create(
        account=account,
        endpoint=endpoint,
        defaults={"p256dh": keys["p256dh"], "auth": keys["auth"]},
    )
    return subscription


def unsubscribe(account, endpoint):
    """Forget the account's subscription at `endpoint`; whether there was one."""
    deleted, _rows = PushSubscription.objects.filter(account=account, endpoint=endpoint).delete()
    return bool(deleted)


def send(subscription, *, title, body, url, opt_out_url="", opt_out_label=""):
    """Push a notification to one device (an invitation's with its opt-out link, which the
    service worker offers as an action). True: taken by the push service; False: the
    subscription is gone (and deleted). Raises PushFailed on any other failure."""
    shown = {"title": title, "body": body, "url": url}
    if opt_out_url:
        shown.update(opt_out_url=opt_out_url, opt_out_label=opt_out_label)
    payload = json.dumps(shown)
    try:
        webpush(
            {
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=payload,
            vapid_private_key=settings.VAPID_PRIVATE_KEY,
            vapid_claims={"sub": settings.VAPID_SUBJECT},  # a new dict: webpush adds to it
            ttl=TTL,
            timeout=TIMEOUT,
        )
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
        if status in (404, 410):
            subscription.delete()
            logger.info("push subscription of account %s gone", subscription.account_id)
            return False
        raise PushFailed(f"push service answered {status}") from None
    except requests.RequestException as error:
        raise PushFailed(type(error).__name__) from None
    return True
