"""Coupons: eligibility, claiming (the total never exceeded), the claim's code (signed, so it
can be neither forged nor guessed) and its redemption by the shop (once only), and the
invitation of a shop's staff (docs/coupons.md)."""

from dataclasses import dataclass
from datetime import timedelta

import segno
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from guide import mail
from newcomers.models import Claim, Coupon, CouponStatus, ShopStaff

#: Crockford's base32: no I, L, O, U, so a code read aloud or typed is not mistaken
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TYPOS = str.maketrans({"O": "0", "I": "1", "L": "1"})
#: 6 characters of HMAC: 30 bits, one chance in a thousand million per guess
MAC_LENGTH = 6
ID_MIN_LENGTH = 4
SALT = "newcomers.coupons.claim-code"


def _base32(number, length):
    digits = []
    while number:
        number, digit = divmod(number, 32)
        digits.append(ALPHABET[digit])
    return "".join(reversed(digits)).rjust(length, "0")


def _mac(claim_id):
    digest = salted_hmac(SALT, str(claim_id), algorithm="sha256").digest()
    return _base32(int.from_bytes(digest[:4]) >> 2, MAC_LENGTH)


def code(claim_id):
    """The claim's code, e.g. `00K2-M9XD-4T`: its id in base32, then its MAC, in groups of 4."""
    raw = _base32(claim_id, ID_MIN_LENGTH) + _mac(claim_id)
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def claim_id(typed):
    """The claim id of a typed code, or None when it is not one we signed."""
    raw = "".join(typed.upper().split()).replace("-", "").translate(TYPOS)
    if len(raw) < ID_MIN_LENGTH + MAC_LENGTH or len(raw) > 20 or set(raw) - set(ALPHABET):
        return None
    number = 0
    for char in raw[:-MAC_LENGTH]:
        number = number * 32 + ALPHABET.index(char)
    if not number or not constant_time_compare(raw[-MAC_LENGTH:], _mac(number)):
        return None
    return number


def qr_svg(claim_code):
    """The code as a QR code, an inline SVG."""
    return segno.make(claim_code, error="m").svg_inline(scale=6, title=claim_code)


def moved_at(account):
    """When the newcomer moved: their profile's moving date, else when the account began."""
    profile = getattr(account, "profile", None)
    if profile is not None and profile.moving_date:
        return profile.moving_date
    return timezone.localdate(account.created_at)


def eligible(account, coupon, today):
    earliest = today - timedelta(days=round(coupon.moved_within_months * 30.44))
    return moved_at(account) >= earliest


class Refused(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def claim(account, coupon_id):
    """A claim of the coupon for the account. Refused: "not_public", "not_eligible",
    "claimed" (the account has one), "none_left". The coupon's row is locked while its
    claims are counted, so the total is never exceeded."""
    today = timezone.localdate()
    with transaction.atomic():
        coupon = (
            Coupon.objects.public(account.site_id, today)
            .select_for_update(of=("self",))
            .filter(pk=coupon_id)
            .first()
        )
        if coupon is None:
            raise Refused("not_public")
        if not eligible(account, coupon, today):
            raise Refused("not_eligible")
        if Claim.objects.filter(coupon=coupon, account=account).exists():
            raise Refused("claimed")
        if coupon.claimed_count >= coupon.total:
            raise Refused("none_left")
        try:
            with transaction.atomic():
                made = Claim.objects.create(coupon=coupon, account=account)
        except IntegrityError:
            raise Refused("claimed") from None
        Coupon.objects.filter(pk=coupon.pk).update(claimed_count=coupon.claimed_count + 1)
    return made


@dataclass
class Check:
    """What the shop learns from a typed code: the claim, or why it is refused."""

    claim: Claim | None
    refusal: str = ""


def refusal_message(reason):
    return {
        "forged": _("This is not a valid code. Check the letters and digits."),
        "other_shop": _("This code is for another shop's coupon."),
        "redeemed": _("This coupon was redeemed already."),
        "expired": _("This coupon has expired."),
        "not_yet": _("This coupon is not valid yet."),
    }[reason]


def check(shop, typed, today=None):
    today = today or timezone.localdate()
    pk = claim_id(typed)
    found = (
        Claim.objects.select_related("coupon", "account__profile").filter(pk=pk).first()
        if pk
        else None
    )
    if found is None:
        return Check(None, "forged")
    if found.coupon.shop_id != shop.pk:
        return Check(None, "other_shop")
    if found.redeemed_at is not None:
        return Check(found, "redeemed")
    if found.coupon.valid_to < today:
        return Check(found, "expired")
    if found.coupon.valid_from > today:
        return Check(found, "not_yet")
    return Check(found)


def redeem(shop, typed, user):
    """Redeem the code at `shop`: (the claim, "") or (claim or None, the reason refused).
    One conditional UPDATE: of many at once, exactly one redeems."""
    checked = check(shop, typed)
    if checked.refusal:
        return checked
    done = Claim.objects.filter(pk=checked.claim.pk, redeemed_at__isnull=True).update(
        redeemed_at=timezone.now(), redeemed_by=user
    )
    if not done:
        return Check(checked.claim, "redeemed")
    checked.claim.refresh_from_db(fields=["redeemed_at", "redeemed_by"])
    return checked


def weekly(claims):
    """Claims and redemptions per week (Monday), newest week first, of a Claim queryset."""
    weeks = {}
    for field, key in (("claimed_at", "claims"), ("redeemed_at", "redemptions")):
        rows = (
            claims.filter(**{f"{field}__isnull": False})
            .annotate(week=TruncWeek(field))
            .values("week")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            week = timezone.localdate(row["week"]) if hasattr(row["week"], "hour") else row["week"]
            weeks.setdefault(week, {"week": week, "claims": 0, "redemptions": 0})[key] = row["n"]
    return sorted(weeks.values(), key=lambda w: w["week"], reverse=True)


def invite(shop, email, request, language="da"):
    """A login for `email` at `shop` (a user who is not staff, without a usable password),
    and an e-mail with a link to set a password (Django's password reset token)."""
    User = get_user_model()
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.filter(username=email).first()
        if user is None:
            user = User(username=email, email=email, is_staff=False)
            user.set_unusable_password()
            user.save()
        elif user.is_staff or user.is_superuser:
            raise Refused("staff")
        staff, _new = ShopStaff.objects.get_or_create(user=user, defaults={"shop": shop})
        if staff.shop_id != shop.pk:  # another shop's login (perhaps another municipality's)
            raise Refused("other_shop")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = request.build_absolute_uri(reverse("shop_set_password", args=[uid, token]))
    with translation.override(language):
        subject = _("Your login for %(shop)s's coupons") % {"shop": shop.name}
        body = render_to_string(
            "newcomers/shop/invitation.txt", {"shop": shop, "link": link, "username": email}
        )
    mail.send(to=email, subject=subject, body=body, language=language, site=shop.site)
    return user


def decide(coupon, user, approve):
    from wagtail.log_actions import log

    coupon.status = CouponStatus.APPROVED if approve else CouponStatus.REJECTED
    coupon.decided_at, coupon.decided_by = timezone.now(), user
    coupon.save(update_fields=["status", "decided_at", "decided_by"])
    log(coupon, "newcomers.coupon.approve" if approve else "newcomers.coupon.reject", user=user)
