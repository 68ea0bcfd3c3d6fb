"""Passwordless sign-in: a one-time link by e-mail, redeemed for a session token.

Our own rather than django-sesame: sesame signs in `auth.User`, the model staff are, and its
one-time mode cannot tell an expired link from a used one. Tokens are random; only their
SHA-256 is stored. A link is single use by one conditional UPDATE, which holds under
concurrent redemption on PostgreSQL and SQLite alike.

Settings: NEWCOMER_SIGN_IN_MINUTES (a link's life, default 15), NEWCOMER_SESSION_DAYS
(default 30); the per-address rates are in frontend_api.views.me."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from guide import mail
from guide.models import Municipality
from newcomers.models import Account, AccountSession, SignInLink

#: unused links one address may have asked for within an hour; beyond, no more mail
MAX_UNUSED_LINKS = 3


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def website_address(site):
    """Where `site`'s newcomer website is: the default site's is WEBSITE_URL, another
    municipality's its own host."""
    if site.is_default_site:
        return settings.WEBSITE_URL
    return site.root_url


def request_link(site, email, language, *, now=None):
    """E-mail a sign-in link for `email` at `site`, unless the address has asked for too
    many already; the caller answers the same either way (no account enumeration)."""
    now = now or timezone.now()
    email = email.strip().lower()
    municipality = Municipality.objects.filter(site=site).first()
    if municipality and language not in municipality.languages:
        language = municipality.default_language  # its website has no pages in the other
    token = secrets.token_urlsafe(32)
    minutes = settings.NEWCOMER_SIGN_IN_MINUTES
    with transaction.atomic():
        _lock_address(site, email)  # counting and adding, one request for an address at a time
        recent = SignInLink.objects.filter(
            site=site, email=email, used_at__isnull=True, created_at__gt=now - timedelta(hours=1)
        )
        if recent.count() >= MAX_UNUSED_LINKS:
            return None
        SignInLink.objects.create(
            site=site,
            email=email,
            language=language,
            token_hash=hash_token(token),
            created_at=now,
            expires_at=now + timedelta(minutes=minutes),
        )
    name = municipality.name if municipality else site.site_name
    _mail_link(site, name, email, language, token, minutes)
    return token


def _lock_address(site, email):
    """Hold a lock on (site, address) until the transaction ends: on PostgreSQL an advisory
    lock, as there may be no row yet to lock. SQLite has one writer at a time; of two
    requests that both counted, the second to write fails ("database is locked")."""
    if connection.vendor != "postgresql":
        return
    digest = hashlib.sha256(f"sign-in:{site.pk}:{email}".encode()).digest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest[:8], "big", signed=True)]
        )


def _mail_link(site, name, email, language, token, minutes):
    link = website_address(site).rstrip("/") + f"/{language}/sign-in/{token}/"
    with translation.override(language):
        subject = _("Sign in to %(municipality)s") % {"municipality": name}
        body = _(
            "Open this link to sign in. It works once, within %(minutes)s minutes:\n\n"
            "%(link)s\n\nIf you did not ask to sign in, ignore this e-mail."
        ) % {"minutes": minutes, "link": link}
    mail.send(to=email, subject=subject, body=body, language=language, site=site)


class RedeemError(Exception):
    """`reason`: "used", "expired" or "unknown" (no such link at this municipality)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclass
class NewSession:
    account: Account
    token: str
    expires_at: object


def redeem(site, token, *, now=None):
    """A new session for the link's account (made on its first sign-in), or RedeemError."""
    now = now or timezone.now()
    token_hash = hash_token(token)
    with transaction.atomic():
        taken = SignInLink.objects.filter(
            site=site, token_hash=token_hash, used_at__isnull=True, expires_at__gt=now
        ).update(used_at=now)
        if not taken:
            link = SignInLink.objects.filter(site=site, token_hash=token_hash).first()
            if link is None:
                raise RedeemError("unknown")
            raise RedeemError("used" if link.used_at else "expired")
        link = SignInLink.objects.get(site=site, token_hash=token_hash)
        account = _account(site, link)
        Account.objects.filter(pk=account.pk).update(last_sign_in_at=now)
        return start_session(account, now=now)


def _account(site, link):
    try:
        with transaction.atomic():  # a savepoint: the unique constraint may refuse
            return Account.objects.get_or_create(
                site=site, email=link.email, defaults={"language": link.language}
            )[0]
    except IntegrityError:  # made at the same moment by another redemption
        return Account.objects.get(site=site, email=link.email)


def start_session(account, *, now=None):
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    expires_at = now + timedelta(days=settings.NEWCOMER_SESSION_DAYS)
    AccountSession.objects.create(
        account=account, token_hash=hash_token(token), created_at=now, expires_at=expires_at
    )
    return NewSession(account=account, token=token, expires_at=expires_at)


def session_for(site, token, *, now=None):
    """The live session of `token` at `site`, with its account, or None."""
    now = now or timezone.now()
    return (
        AccountSession.objects.select_related("account")
        .filter(
            token_hash=hash_token(token),
            account__site=site,
            revoked_at__isnull=True,
            expires_at__gt=now,
        )
        .first()
    )


def sign_out(session, *, now=None):
    AccountSession.objects.filter(pk=session.pk, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now()
    )
