"""Who must verify a second step, and the devices that give it: an authenticator app (TOTP)
and single-use recovery codes (django-otp's static device).

`settings.STAFF_TWO_FACTOR` says whom it concerns:
- "off": nobody is asked, the account menu offers nothing (the test suite; a demo);
- "optional": offered to every staff user, required of none;
- "required_for_coordinators": required of superusers and municipal coordinators (they see
  newcomers' personal data), offered to the others (community and association editors);
- "required": required of every staff user (whom the admin opens to; a shop's staff, who
  sign in to their shop's page only, are not).
A user who has set up a device is asked for a code whatever the setting, unless it is "off".
"""

from django.conf import settings
from django.db import transaction
from django_otp import user_has_device, verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from guide.sites import administered_sites

OFF = "off"
OPTIONAL = "optional"
REQUIRED_FOR_COORDINATORS = "required_for_coordinators"
REQUIRED = "required"
MODES = (OFF, OPTIONAL, REQUIRED_FOR_COORDINATORS, REQUIRED)

RECOVERY_CODES = 10
APP_DEVICE_NAME = "authenticator app"
RECOVERY_DEVICE_NAME = "recovery codes"


def enabled():
    return settings.STAFF_TWO_FACTOR != OFF


def is_required(user):
    mode = settings.STAFF_TWO_FACTOR
    if mode == REQUIRED:
        # every user the admin opens to: a shop's staff sign in to their shop's page only
        return user.has_perm("wagtailadmin.access_admin")
    if mode == REQUIRED_FOR_COORDINATORS:
        return user.is_superuser or administered_sites(user).exists()
    return False


def has_device(user):
    return user_has_device(user, confirmed=True)


def has_app(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def pending_step(user):
    """What a signed-in user must do before the admin opens: "verify" (they have a device but
    this session has not given a code), "setup" (required, no device yet) or None."""
    if not enabled() or user.is_verified():
        return None
    if has_device(user):
        return "verify"
    if is_required(user):
        return "setup"
    return None


def unconfirmed_app(user):
    """The app device being set up: kept until confirmed, so the QR code stays the same when
    the page is reloaded."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


@transaction.atomic
def confirm_app(device, code):
    """Confirm `device` with a code from the app: it then replaces the user's former app.
    Whether the code was right."""
    if not device.verify_token(normalised(code)):
        return False
    TOTPDevice.objects.filter(user=device.user_id).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def new_recovery_codes(user):
    """Ten fresh single-use codes, replacing any left: the caller shows them once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def remove_devices(user):
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def normalised(code):
    """As people type codes: with spaces or dashes, recovery codes in capitals."""
    return "".join(code.split()).replace("-", "").lower()


def _devices_for(user, code):
    """The devices a code is for: six digits are the app's, anything else a recovery code.
    Trying a code on a device it cannot be for would count a failure there, and lock it."""
    if code.isdigit() and len(code) == 6:
        return TOTPDevice.objects.devices_for_user(user, confirmed=True)
    return StaticDevice.objects.devices_for_user(user, confirmed=True)


def verified_device(user, code):
    """The device of `user` that accepts `code` (a recovery code is used up), or None.
    Each device counts its failures and refuses for a growing while after them (django-otp's
    throttling, OTP_TOTP_THROTTLE_FACTOR and OTP_STATIC_THROTTLE_FACTOR)."""
    code = normalised(code)
    if not code:
        return None
    for device in list(_devices_for(user, code)):
        if verify_token(user, device.persistent_id, code):
            return device
    return None


def locked_until(user, code):
    """When the devices `code` is for take a code again after failures; None if they do now."""
    until = []
    for device in _devices_for(user, normalised(code)):
        allowed, details = device.verify_is_allowed()
        if allowed:
            return None
        until.append((details or {}).get("locked_until"))
    return min(filter(None, until), default=None)
