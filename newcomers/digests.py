"""The weekly digest of coming events: what newcomers who gave the consent
`community_invitations` get by e-mail for two years (docs/digests.md).

Who: an account whose latest record of the purpose gives it, whose moving date (without
one: the time of that record) is less than FOLLOW_UP_MONTHS ago, and whose last digest was
sent at least INTERVAL_DAYS local days ago (days, not hours: a weekly job that starts a
few minutes early never skips a week).

What: the events of their community (any language copy) and the municipality's own social
events with a date in the coming WEEKS_AHEAD weeks that are new to them: published since
their last digest, or whose next date has come within reach since then (it lay beyond the
last digest's weeks). The first digest holds every such event. Nothing new: no mail, and
the last digest stays where it was.

Building every digest runs a constant number of queries per municipality; sending one
costs its own INSERT of a `DigestSent` (in a savepoint: two runs at once send one digest
an account a day, the unique day refusing the second) and the enqueued mail."""

import logging
import textwrap
from dataclasses import dataclass
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from guide import mail
from guide.models import Municipality
from newcomers import consents
from newcomers.digest_events import coming_events
from newcomers.models import Account, ConsentRecord, DigestSent, NewcomerProfile
from newcomers.models.consent import ConsentSource
from newcomers.signin import website_address

logger = logging.getLogger(__name__)

PURPOSE = "community_invitations"
FOLLOW_UP_MONTHS = 24
INTERVAL_DAYS = 7
WEEKS_AHEAD = 4
UNSUBSCRIBE_SALT = "newcomers.digests.unsubscribe"


@dataclass
class Item:
    title: str
    start: object
    all_day: bool
    url: str


@dataclass
class Digest:
    account: Account
    language: str
    municipality: str
    items: list
    unsubscribe_url: str


def due_accounts(now):
    """The accounts a digest may go to now (one query)."""
    today = timezone.localdate(now)
    latest = ConsentRecord.objects.filter(account=OuterRef("pk"), purpose=PURPOSE).order_by(
        "-recorded_at", "-pk"
    )
    last = DigestSent.objects.filter(account=OuterRef("pk")).order_by("-sent_at")
    return (
        Account.objects.consenting(PURPOSE)
        .annotate(
            consented_at=Subquery(latest.values("recorded_at")[:1]),
            last_digest_at=Subquery(last.values("sent_at")[:1]),
            last_digest_on=Subquery(last.values("sent_on")[:1]),
        )
        .filter(
            Q(profile__moving_date__gt=today - relativedelta(months=FOLLOW_UP_MONTHS))
            | Q(
                profile__moving_date__isnull=True,
                consented_at__gt=now - relativedelta(months=FOLLOW_UP_MONTHS),
            )
        )
        .filter(
            Q(last_digest_on__isnull=True)
            | Q(last_digest_on__lte=today - timedelta(days=INTERVAL_DAYS))
        )
        .select_related("site__root_page", "profile")
        .order_by("site_id", "pk")
    )


def build(now=None):
    """The digests to send now, only those with something in them."""
    now = now or timezone.now()
    accounts = list(due_accounts(now))
    municipalities = {
        m.site_id: m for m in Municipality.objects.filter(site__in={a.site_id for a in accounts})
    }
    end = now + timedelta(weeks=WEEKS_AHEAD)
    events_of = {}
    digests = []
    for account in accounts:
        site = account.site
        if site.pk not in events_of:
            events_of[site.pk] = coming_events(site, now, end, now)
        municipality = municipalities.get(site.pk)
        items = _items(account, events_of[site.pk], municipality)
        if items:
            digests.append(
                Digest(
                    account=account,
                    language=_language(account, municipality),
                    municipality=municipality.name if municipality else site.site_name,
                    items=items,
                    unsubscribe_url=unsubscribe_url(account),
                )
            )
    return digests


def _language(account, municipality):
    """The account's language, unless its municipality's website has no pages in it."""
    if municipality and account.language not in municipality.languages:
        return municipality.default_language
    return account.language


def _community_key(account):
    try:
        return account.profile.community_key
    except NewcomerProfile.DoesNotExist:
        return None


def _items(account, events, municipality):
    language = _language(account, municipality)
    default = municipality.default_language if municipality else settings.LANGUAGE_CODE
    community = _community_key(account)
    since = account.last_digest_at
    reach = since + timedelta(weeks=WEEKS_AHEAD) if since else None
    base = website_address(account.site).rstrip("/")
    items = []
    for event in events:
        if event.community_key is not None and event.community_key != community:
            continue
        published = event.first_published_at
        new = since is None or (published and published > since) or event.next_start >= reach
        if new:
            copy = event.copy_in(language, default)
            url = f"{base}/{language}/events/{copy.id}/"
            items.append(Item(copy.title, event.next_start, event.all_day, url))
    return items


def send_all(now=None):
    """Send every digest due now; the number sent. Safe to run again: an account gets at
    most one a day and none within INTERVAL_DAYS."""
    now = now or timezone.now()
    sent = 0
    for digest in build(now):
        try:
            with transaction.atomic():
                DigestSent.objects.create(
                    account=digest.account,
                    sent_at=now,
                    sent_on=timezone.localdate(now),
                    events=len(digest.items),
                )
                _mail(digest)
        except IntegrityError:  # another run sent it today
            continue
        sent += 1
    logger.info("digests: %s sent", sent)
    return sent


# --- the e-mail ----------------------------------------------------------------------


def _when(item):
    start = timezone.localtime(item.start)
    return formats.date_format(start, "DATE_FORMAT" if item.all_day else "DATETIME_FORMAT")


def render(digest):
    """(subject, plain-text body) in the digest's language."""
    with translation.override(digest.language):
        subject = _("Coming events in %(municipality)s") % {"municipality": digest.municipality}
        lines = [
            _("New events for newcomers in %(municipality)s in the coming weeks:")
            % {"municipality": digest.municipality},
            "",
        ]
        for item in digest.items:
            lines += [f"{_when(item)}  {item.title}", item.url, ""]
        footer = _(
            "You get this e-mail at most weekly, for up to two years after you move, "
            "because you asked for invitations. To stop them, open:"
        )
        lines += ["-- ", textwrap.fill(footer, 72), digest.unsubscribe_url]
    return subject, "\n".join(lines) + "\n"


def _mail(digest):
    subject, body = render(digest)
    mail.send(
        to=digest.account.email,
        subject=subject,
        body=body,
        language=digest.language,
        site=digest.account.site,
        headers={
            "List-Unsubscribe": f"<{digest.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


# --- unsubscribing -------------------------------------------------------------------


def unsubscribe_token(account):
    return signing.dumps({"account": account.pk, "site": account.site_id}, salt=UNSUBSCRIBE_SALT)


def account_of_token(site, token):
    """The account an unsubscribe token was made for, if it is of `site`; else None."""
    try:
        found = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(found, dict) or found.get("site") != site.pk:
        return None
    return Account.objects.filter(pk=found.get("account"), site=site).first()


def api_address(site):
    """Where `site`'s API is reached from outside: the default site's at
    WAGTAILAPI_BASE_URL (else WAGTAILADMIN_BASE_URL), another municipality's at its host."""
    if site.is_default_site:
        return settings.WAGTAILAPI_BASE_URL or settings.WAGTAILADMIN_BASE_URL
    return site.root_url


def unsubscribe_url(account):
    path = reverse("me_unsubscribe", args=[unsubscribe_token(account)])
    return api_address(account.site).rstrip("/") + path


def unsubscribe(account, *, now=None):
    """Withdraw the account's consent to digests (a new record, source "unsubscribe");
    nothing when it is withdrawn already. Whether it was given until now."""
    with transaction.atomic():
        Account.objects.select_for_update().filter(pk=account.pk).first()  # one at a time
        latest = (
            ConsentRecord.objects.filter(account=account, purpose=PURPOSE)
            .order_by("-recorded_at", "-pk")
            .first()
        )
        if not (latest and latest.given):
            return False
        consents.record(
            account,
            PURPOSE,
            False,
            language=account.language,
            source=ConsentSource.UNSUBSCRIBE,
            now=now,
        )
    return True


def is_subscribed(account):
    return Account.objects.consenting(PURPOSE).filter(pk=account.pk).exists()
